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
# The C loader reads the lexicons about ten times faster; both are safe loaders.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """The parsed YAML file ``data/facts/<name>.yaml``."""
    path = resources.files("tactful.understand").joinpath(*_DATA, f"{name}.yaml")
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader


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
    """A regex matching any of the literal words, longest first ("order number" beats "order").

    Words are literals; a space matches any run of white space; a trailing ``*`` allows a short
    inflection ending (ru, lv, et cases). Latin/Cyrillic words get word boundaries; CJK words do
    not (no spaces between words). The words are compiled into a prefix tree behind a first-
    character check, so hundreds of cue words cost about as much as a handful.
    """
    bounded: list[tuple[str, str]] = []
    free: list[tuple[str, str]] = []
    for w in {w.strip() for w in items if isinstance(w, str) and w.strip()}:
        inflect = w.endswith("*")
        word = w.rstrip("*")
        if not word:
            continue
        tail = r"\w{0,4}(?!\w)" if inflect else (r"(?!\w)" if word[-1].isalnum() and not is_cjk(word[-1]) else "")
        (bounded if word[0].isalnum() and not is_cjk(word[0]) else free).append((word, tail))
    parts = []
    if bounded:
        parts.append(r"(?<!\w)" + _first_chars(bounded) + _trie(bounded))
    if free:
        parts.append(_first_chars(free) + _trie(free))
    return "(?:" + "|".join(parts) + ")" if parts else r"(?!x)x"


def _first_chars(words: list[tuple[str, str]]) -> str:
    chars = {w[0] for w, _ in words}
    chars |= {c.upper() for c in chars} | {c.lower() for c in chars}
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])"


def _trie(words: list[tuple[str, str]]) -> str:
    root: dict = {}
    for word, tail in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node.setdefault("", set()).add(tail)

    def build(node: dict) -> str:
        alts = []
        for ch in sorted(k for k in node if k != ""):
            piece = r"\s+" if ch == " " else re.escape(ch)
            alts.append(piece + build(node[ch]))
        alts += sorted(node.get("", ()), key=len, reverse=True)
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return build(root)
