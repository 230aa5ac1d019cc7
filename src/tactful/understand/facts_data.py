"""Load the per-language cue lexicons of READ-FACTS, READ-SECRET and READ-MISSING (package data).

Every cue word lives in ``data/facts/<language>.yaml``; language-neutral tables (carriers, IBAN
lengths, the missing-fact table, CLDR country names) sit beside them. Files are read once per
process and cached, so the extraction functions stay pure.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import yaml

from tactful.understand.types import SERVED_LANGUAGES

_DATA = ("data", "facts")


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """The parsed YAML file ``data/facts/<name>.yaml``."""
    path = resources.files("tactful.understand").joinpath(*_DATA, f"{name}.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def lexicon(language: str) -> dict[str, Any]:
    """The cue lexicon of one served language (``zh-Hant`` has its own file)."""
    if language not in SERVED_LANGUAGES:
        raise KeyError(language)
    return load(language)


def languages_for(language: str) -> tuple[str, ...]:
    """Which lexicons to consult for a text in ``language``.

    A known served language uses its own words plus English (shoppers mix in English shop terms);
    both Chinese scripts are read together. An unknown or empty language uses all of them, so
    a misdetected language still finds its facts.
    """
    if language == "zh":
        return ("zh", "zh-Hant", "en")
    if language == "zh-Hant":
        return ("zh-Hant", "zh", "en")
    if language in SERVED_LANGUAGES:
        return (language,) if language == "en" else (language, "en")
    return SERVED_LANGUAGES


def words(section: str, language: str = "") -> list[str]:
    """All cue words of a list section for ``language`` (see :func:`languages_for`)."""
    out: list[str] = []
    for lang in languages_for(language):
        out.extend(lexicon(lang).get(section) or ())
    return out


def mapping(section: str, language: str = "") -> dict[str, list[str]]:
    """Merge a ``{key: [words]}`` section over the lexicons for ``language``."""
    out: dict[str, list[str]] = {}
    for lang in languages_for(language):
        for key, vals in (lexicon(lang).get(section) or {}).items():
            out.setdefault(str(key), []).extend(vals or ())
    return out


def is_cjk(word: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in word)


def alternation(items: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so "order number" beats "order".

    Words are literals; a trailing ``*`` allows a short inflection ending (ru, lv, et cases).
    Latin/Cyrillic words get word boundaries; CJK words do not (no spaces between words).
    """
    parts = []
    for w in sorted({w.strip() for w in items if w and w.strip()}, key=len, reverse=True):
        inflect = w.endswith("*")
        core = re.escape(w.rstrip("*")).replace(r"\ ", r"\s+")
        if inflect:
            core += r"\w{0,4}"
        if is_cjk(w):
            parts.append(core)
        else:
            left = r"(?<!\w)" if w[0].isalnum() else ""
            right = r"(?!\w)" if (w.rstrip("*")[-1].isalnum() or inflect) else ""
            parts.append(left + core + right)
    return "(?:" + "|".join(parts) + ")" if parts else r"(?!x)x"
