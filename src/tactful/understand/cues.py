"""Intent cues (PLAYBOOK §2): per-language phrases that point at an intent, kept in ``data/cues``.

Each intent has ``strong`` phrases (settle the intent of a sentence on their own) and ``weak``
ones (a hint the classifier weighs). One compiled pattern per intent and language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tactful.understand.lexicon import load, normalize, phrase_pattern
from tactful.understand.types import INTENTS


@dataclass(frozen=True)
class CueHits:
    """How many strong and weak cues of each intent one text matched."""

    strong: dict[str, int]
    weak: dict[str, int]

    @property
    def any(self) -> bool:
        return bool(self.strong or self.weak)


@dataclass(frozen=True)
class _CueIndex:
    pattern: re.Pattern[str] | None
    # normalised phrase -> ((intent, is_strong), ...): a phrase may serve several intents
    owners: dict[str, tuple[tuple[str, bool], ...]]


@lru_cache(maxsize=None)
def _index(lang: str) -> _CueIndex:
    data = load("cues", lang).get("intents", {})
    unknown = set(data) - set(INTENTS)
    if unknown:  # a typo in a data file would silently never fire
        raise ValueError(f"cues/{lang}.yaml: unknown intents {sorted(unknown)}")
    owners: dict[str, list[tuple[str, bool]]] = {}
    phrases: list[str] = []
    for intent in INTENTS:
        entry = data.get(intent) or {}
        for strong, key in ((True, "strong"), (False, "weak")):
            for phrase in entry.get(key, []) or []:
                phrase = str(phrase)
                norm = _key(normalize(phrase.rstrip("$")))
                owners.setdefault(norm, []).append((intent, strong))
                phrases.append(phrase)
    # One alternation, longest phrase first: "where is my refund" wins over "refund" at the
    # same place, so a longer, more specific cue is not double-counted by its own substring.
    return _CueIndex(phrase_pattern(phrases, lang),
                     {k: tuple(dict.fromkeys(v)) for k, v in owners.items()})


def _key(text: str) -> str:
    return " ".join(text.split())


def match_cues(text: str, lang: str) -> CueHits:
    """Count distinct cue phrases per intent in ``text``."""
    index = _index(lang)
    strong: dict[str, int] = {}
    weak: dict[str, int] = {}
    if index.pattern is None:
        return CueHits(strong, weak)
    seen: set[str] = set()
    norm = normalize(text)
    covered = -1                       # end of the furthest match so far
    pos = 0
    while True:
        m = index.pattern.search(norm, pos)
        if m is None:
            break
        pos = m.start() + 1
        # Overlapping matches count ("mein geld" and "geld zuruck"), but a phrase lying inside
        # a longer one already matched does not ("refund" inside "where is my refund").
        if m.end() <= covered:
            continue
        covered = m.end()
        key = _key(m.group())
        if key in seen:
            continue
        seen.add(key)
        for intent, is_strong in index.owners.get(key, ()):
            target = strong if is_strong else weak
            target[intent] = target.get(intent, 0) + 1
    return CueHits(strong, weak)
