"""Phrasebooks: every sentence the composer writes, per language, as data with variants.

``data/phrases/<lang>.yaml`` holds a ``_locale`` block (see formats.py) and nested sections
whose leaves are lists of variants. Keys are flattened with dots ("status.triad"). A seeded
random generator picks the variant, so replies differ between customers but the same message
always gets the same text.
"""

from __future__ import annotations

import random
import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from tactful.compose.formats import Locale
from tactful.errors import ConfigError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when present: 10x faster
PHRASES_DIR = Path(__file__).resolve().parent / "data" / "phrases"
LANGUAGES: tuple[str, ...] = ("en", "zh", "zh-Hant", "es", "de", "fr", "ru", "pt", "et", "lv")
FALLBACK = "en"
_DOUBLE_STOP = re.compile(r"(?<=[^\W\d_])\.\.(?!\.)")


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a phrase expects."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _flatten(node: Any, prefix: str, out: dict[str, tuple[str, ...]], path: Path) -> None:
    if isinstance(node, str):
        out[prefix] = (node,)
    elif isinstance(node, list):
        if not node or not all(isinstance(v, str) for v in node):
            raise ConfigError("a phrase must be a string or a non-empty list of strings",
                              path=str(path), field=prefix)
        out[prefix] = tuple(node)
    elif isinstance(node, dict):
        for key, value in node.items():
            _flatten(value, f"{prefix}.{key}" if prefix else str(key), out, path)
    else:
        raise ConfigError(f"unexpected {type(node).__name__}", path=str(path), field=prefix)


class Phrasebook:
    """The phrases and locale of one language."""

    def __init__(self, language: str, phrases: Mapping[str, tuple[str, ...]], locale: Locale) -> None:
        self.language = language
        self.phrases = dict(phrases)
        self.locale = locale

    def has(self, key: str) -> bool:
        return key in self.phrases

    def variants(self, key: str) -> tuple[str, ...]:
        try:
            return self.phrases[key]
        except KeyError:
            raise ConfigError(f"phrase {key!r} missing", path=f"phrases/{self.language}.yaml") from None

    def pick(self, key: str, rng: random.Random | None = None) -> str:
        """The variant of ``key`` that ``rng`` chooses (the first without one)."""
        options = self.variants(key)
        return options[rng.randrange(len(options))] if rng is not None and len(options) > 1 else options[0]

    def say(self, key: str, rng: random.Random | None = None, **values: Any) -> str:
        """One variant of ``key`` with its placeholders filled in."""
        text = self.pick(key, rng)
        # A value ending in a full stop ("3 декабря 2026 г.") at the end of a sentence: one stop.
        return _DOUBLE_STOP.sub(".", text.format(**values))

    def say_shortest(self, key: str, **values: Any) -> str:
        """The shortest variant of ``key`` (VOLUME: concise drafts), placeholders filled in."""
        text = min(self.variants(key), key=len)
        return _DOUBLE_STOP.sub(".", text.format(**values))

    def label(self, key: str) -> str:
        """A fixed label (first variant), e.g. a colour name or a tracking status."""
        return self.variants(key)[0]


def load_phrasebook_file(path: Path, language: str) -> Phrasebook:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", path=str(path)) from exc
    if not isinstance(data, dict) or "_locale" not in data:
        raise ConfigError("phrasebook needs a _locale block", path=str(path))
    locale = Locale.from_data(language, data.pop("_locale"))
    flat: dict[str, tuple[str, ...]] = {}
    _flatten(data, "", flat, path)
    return Phrasebook(language, flat, locale)


@lru_cache(maxsize=None)
def phrasebook(language: str) -> Phrasebook:
    """The phrasebook for ``language``; unserved languages get English (READ-LANG)."""
    lang = language if language in LANGUAGES else _base(language)
    return load_phrasebook_file(PHRASES_DIR / f"{lang}.yaml", lang)


def reply_language(language: str) -> str:
    """The served language a reply is written in for a detected language code."""
    if language in LANGUAGES:
        return language
    return _base(language)


def _base(language: str) -> str:
    low = (language or "").replace("_", "-").lower()
    if low in ("zh-hant", "zh-tw", "zh-hk", "zh-mo"):
        return "zh-Hant"
    base = low.split("-")[0]
    return base if base in LANGUAGES else FALLBACK
