"""READ-CLARITY: C1 detailed and specific, C2 short but clear, C3 too vague to know what is asked."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from tactful.understand.lexicon import is_spaced, load, normalize, phrase_pattern
from tactful.understand.types import Facts, Item

# Item confidence below which the intent is a guess rather than understood.
UNSURE = 0.2
# An "other" item this sure of itself (item probability), asked as a question, is clear (C2),
# not vague.
CLEAR_OTHER = 0.8
_ASKS = re.compile(r"[?？¿]")
# A short email with a vague phrase ("something is wrong with my order") is C3 unless one of its
# items is at least this sure (item confidence is the intent model's item probability; items are
# accepted from 0.5).
VAGUE_SURE = 0.8
# Specific facts: enough of them (with a clear intent) make an email C1.
_SPECIFIC = ("order_numbers", "tracking_numbers", "skus", "sizes", "measurements", "colours",
             "amounts", "dates", "quantities")


@lru_cache(maxsize=None)
def _vague(lang: str) -> re.Pattern[str] | None:
    return phrase_pattern(load("lexicon", lang).get("sort", {}).get("vague", []), lang)


def text_length(text: str, lang: str) -> int:
    """Length in words (Chinese: characters / 2, a rough word count)."""
    if is_spaced(lang):
        return len(text.split())
    return len(re.sub(r"\s", "", text)) // 2


def classify_clarity(text: str, items: Sequence[Item], facts: Facts, lang: str) -> str:
    """C1, C2 or C3 for the email's new text (READ-CLARITY)."""
    words = text_length(text, lang)
    # A clear question outside the catalogue ("Do you have a shop in Madrid?") is not vague.
    known = [i for i in items if (i.intent != "other" and i.confidence >= UNSURE)
             or (i.intent == "other" and i.confidence >= CLEAR_OTHER and _ASKS.search(i.text)
                 and text_length(i.text, lang) >= 5)]
    if not known:
        return "C3"
    vague = _vague(lang)
    if words <= 6 and vague is not None and vague.search(normalize(text)) and \
            all(i.confidence < VAGUE_SURE for i in known):
        return "C3"
    specifics = sum(1 for name in _SPECIFIC if getattr(facts, name))
    if words >= 25 and specifics >= 2 or words >= 15 and specifics >= 3:
        return "C1"
    return "C2"
