"""The review's per-language phrase lexicons (``data/lexicon/<lang>.yaml``), compiled once.

Each entry is a small regular expression matched case-insensitively. Outside Chinese an entry
must start at a word start (so "sorry" does not match inside another word) but may end inside
one, which lets a stem such as "entschuldig" or "извин" match all its inflections.
Language-neutral data (carriers, acronyms) lives in ``data/lexicon/common.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from tactful.review.text import CJK_LANGS

LEXICON_DIR = Path(__file__).resolve().parent / "data" / "lexicon"
LANGUAGES: tuple[str, ...] = ("en", "zh", "zh-Hant", "es", "de", "fr", "ru", "pt", "et", "lv")

_NEVER = re.compile(r"(?!x)x")   # matches nothing: an empty category


@dataclass(frozen=True)
class Phrasing:
    """One row of PLAYBOOK §5 (or a rule's own avoid-list): what to avoid and what to prefer."""

    rule: str
    key: str
    pattern: re.Pattern
    prefer: str


def _lead(language: str) -> str:
    return "" if language in CJK_LANGS else r"(?<![^\W_])"


def _alternation(entries: list[str]) -> str:
    return "|".join(f"(?:{e})" for e in sorted(entries, key=len, reverse=True))


def entries_source(entries: list[str], language: str) -> str:
    """The regular-expression source of one alternation; word-start anchored outside Chinese."""
    return f"{_lead(language)}(?:{_alternation(entries)})"


def compile_entries(entries: list[str], language: str) -> re.Pattern:
    """One compiled alternation over the entries (matches nothing when there are none)."""
    if not entries:
        return _NEVER
    return re.compile(entries_source(entries, language), re.IGNORECASE)


class Lexicon:
    """The compiled phrases of one language; categories are compiled on first use."""

    def __init__(self, language: str, data: dict[str, Any]) -> None:
        self.language = language
        self.data = data
        self._patterns: dict[str, re.Pattern] = {}
        self._groups: dict[str, dict[str, re.Pattern]] = {}

    def pattern(self, category: str) -> re.Pattern:
        """The compiled alternation of a list category (matches nothing when absent)."""
        pat = self._patterns.get(category)
        if pat is None:
            entries = self.data.get(category) or []
            if not isinstance(entries, list):
                raise ValueError(f"lexicon {self.language}: {category} must be a list")
            pat = self._patterns[category] = compile_entries(entries, self.language)
        return pat

    def group(self, category: str) -> dict[str, re.Pattern]:
        """A mapping category (key -> entries), e.g. ``ask`` or ``intent_cues``, compiled."""
        grp = self._groups.get(category)
        if grp is None:
            raw = self.data.get(category) or {}
            grp = self._groups[category] = {k: compile_entries(v or [], self.language)
                                            for k, v in raw.items()}
        return grp

    def words(self, category: str) -> frozenset[str]:
        words = self.data.get(category) or []
        bad = [w for w in words if not isinstance(w, str)]
        if bad:     # YAML reads a bare on/no/yes as a boolean: quote such words
            raise ValueError(f"lexicon {self.language}: {category} has non-text entries {bad!r}")
        return frozenset(w.lower() for w in words)

    def template(self, key: str, /, **values: str) -> str:
        """A suggestion template in this language, with ``{name}``-style fields filled."""
        text = (self.data.get("templates") or {}).get(key, "")
        if isinstance(text, dict):
            return ""
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        return text

    def label(self, table: str, key: str) -> str:
        """A named thing in this language, e.g. ``label("ask_names", "photo")``."""
        return ((self.data.get("templates") or {}).get(table) or {}).get(key, key)

    @cached_property
    def phrasing_scan(self) -> re.Pattern:
        """All avoid-phrases in one pattern, group ``p<i>`` for row i: one pass over a reply."""
        rows = self.data.get("phrasing") or []
        if not rows:
            return _NEVER
        # One word-start test up front, so positions inside words are rejected once, not per row.
        groups = "|".join(f"(?P<p{i}>{_alternation(row['avoid'])})" for i, row in enumerate(rows))
        return re.compile(f"{_lead(self.language)}(?:{groups})", re.IGNORECASE)

    @cached_property
    def phrasings(self) -> tuple[Phrasing, ...]:
        rows = []
        for row in self.data.get("phrasing") or []:
            rows.append(Phrasing(row["rule"], row["key"],
                                 compile_entries(row["avoid"], self.language),
                                 row.get("prefer", "")))
        return tuple(rows)


@lru_cache(maxsize=None)
def load_lexicon(language: str) -> Lexicon:
    """The lexicon of a served language (English for any other)."""
    code = language if language in LANGUAGES else "en"
    with open(LEXICON_DIR / f"{code}.yaml", encoding="utf-8") as fh:
        return Lexicon(code, yaml.safe_load(fh) or {})


@lru_cache(maxsize=None)
def common() -> dict[str, Any]:
    """Language-neutral data: carrier names, acronyms."""
    with open(LEXICON_DIR / "common.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


@lru_cache(maxsize=None)
def carrier_pattern(extra: tuple[str, ...] = ()) -> re.Pattern:
    """Known carrier names (common.yaml plus the shop's own), whole words outside Chinese."""
    names = list(common().get("carriers") or []) + [re.escape(n) for n in extra if n]
    parts = []
    # Chinese writes "已通过DHL发出" with no space: only a Latin or Cyrillic letter or a digit
    # next to a name makes it part of another word.
    letter = r"[^\W_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"
    for name in sorted(set(names), key=len, reverse=True):
        # Han names sit between other Han characters with no word boundary to anchor on.
        parts.append(name if re.match(r"[\u4e00-\u9fff]", name) else rf"(?<!{letter}){name}(?!{letter})")
    return re.compile("|".join(parts), re.IGNORECASE)
