"""Quote and signature cue words, loaded from the per-language data files under ``data/cues``.

The words live in data (one YAML file per language) so a translator can add a client's quote
header without touching code; here they are compiled once into a few combined patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

KEYS = ("wrote", "wrote_weak", "separators", "intros", "header_from", "header_fields",
        "mobile", "closings", "verbs", "leaders", "contact_labels")


@dataclass(frozen=True)
class Cues:
    """Compiled cue patterns over every language (mail headers are not in the reader's language)."""

    wrote: re.Pattern[str]
    wrote_weak: re.Pattern[str]
    separator: re.Pattern[str]
    intro: re.Pattern[str]
    header_from: re.Pattern[str]
    header_field: re.Pattern[str]
    mobile: re.Pattern[str]
    closing: re.Pattern[str]
    verb_end: re.Pattern[str]
    leader: re.Pattern[str]
    contact: re.Pattern[str]
    languages: tuple[str, ...]


def load_cue_files() -> dict[str, dict[str, list[str]]]:
    """The raw cue lists per language code, as written in the data files."""
    folder = resources.files("tactful.mail").joinpath("data", "cues")
    result: dict[str, dict[str, list[str]]] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
        unknown = set(data) - set(KEYS)
        if unknown:
            raise ValueError(f"{entry.name}: unknown cue keys {sorted(unknown)}")
        result[entry.name[:-5]] = {key: [str(v) for v in (data.get(key) or [])] for key in KEYS}
    return result


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!x)x"


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns) or r"(?!x)x"


@lru_cache(maxsize=1)
def cues() -> Cues:
    """All cues, compiled once per process."""
    files = load_cue_files()

    def gather(key: str) -> list[str]:
        seen: dict[str, None] = {}
        for data in files.values():
            for item in data[key]:
                seen.setdefault(item, None)
        return list(seen)

    flags = re.I
    fields = sorted(set(gather("header_fields")) | set(gather("header_from")), key=len, reverse=True)
    froms = sorted(gather("header_from"), key=len, reverse=True)
    # "*From:* x", "From: x", "发件人：x", "> From: x" (the caller strips quote marks first)
    field_line = r"^[\s*_]*(?:{})[\s*_]*[:：]"
    return Cues(
        wrote=re.compile(_alternation(gather("wrote")), flags),
        wrote_weak=re.compile(_alternation(gather("wrote_weak")), flags),
        separator=re.compile(r"^[\s>]*[-=_*~ ]{2,}\s*(?:" + _alternation(gather("separators"))
                             + r")\s*[-=_*~ ]{2,}\s*$", flags),
        intro=re.compile(_alternation(gather("intros")), flags),
        header_from=re.compile(field_line.format("|".join(re.escape(f) for f in froms)), flags),
        header_field=re.compile(field_line.format("|".join(re.escape(f) for f in fields)), flags),
        mobile=re.compile(_alternation(gather("mobile")), flags),
        closing=re.compile(r"^(?:" + _alternation(gather("closings")) + r")"
                           # an optional name after the closing: "Thanks, John" (case matters)
                           r"(?:\s*[,.!:;-]*\s*(?-i:\p{Lu}[\w.'-]{0,20}(?:\s\p{Lu}[\w.'-]{0,20})?))?[\s,.!:;…-]*$"
                           .replace(r"\p{Lu}", "[A-ZÀ-ÖØ-ÞА-ЯĀ-Ž]"), flags),
        verb_end=re.compile(r"(?:" + _words(gather("verbs")) + r")\s*[:：]?$", flags),
        # A leader word, or a date first ("2016-03-03 ...", "2025年3月3日 ...").
        leader=re.compile(r"^(?:" + _words(gather("leaders")) + r"|\d{1,4}[-/.年]\d)(?:\b|\s)", flags),
        # An e-mail address, a web address, a phone number, or a labelled line ("Tel.: ...").
        contact=re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|https?://|www\.|\+?\d[\d ()./-]{6,}\d|"
                           r"(?:^|\s)(?:" + _words(gather("contact_labels")) + r")\.?\s*[:.]", flags),
        languages=tuple(files),
    )
