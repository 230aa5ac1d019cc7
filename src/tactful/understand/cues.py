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


@lru_cache(maxsize=None)
def _patterns(lang: str) -> tuple[tuple[str, re.Pattern[str] | None, re.Pattern[str] | None], ...]:
    data = load("cues", lang).get("intents", {})
    unknown = set(data) - set(INTENTS)
    if unknown:  # a typo in a data file would silently never fire
        raise ValueError(f"cues/{lang}.yaml: unknown intents {sorted(unknown)}")
    out = []
    for intent in INTENTS:
        entry = data.get(intent) or {}
        out.append((intent, phrase_pattern(entry.get("strong", []), lang),
                    phrase_pattern(entry.get("weak", []), lang)))
    return tuple(out)


def match_cues(text: str, lang: str) -> CueHits:
    """Count distinct cue phrases per intent in ``text``."""
    norm = normalize(text)
    strong: dict[str, int] = {}
    weak: dict[str, int] = {}
    for intent, strong_rx, weak_rx in _patterns(lang):
        if strong_rx is not None:
            n = len({m.group() for m in strong_rx.finditer(norm)})
            if n:
                strong[intent] = n
        if weak_rx is not None:
            n = len({m.group() for m in weak_rx.finditer(norm)})
            if n:
                weak[intent] = n
    return CueHits(strong, weak)
