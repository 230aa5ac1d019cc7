"""READ-MOOD: is the customer upset, how angry, which emotions, and what kind of email it is.

Anger adds up lexicon weights (per language, ``data/lexicon/<lang>.yaml``), threats of disputes,
chargebacks or bad reviews, and the typography of shouting: exclamation marks, repeated ``?!``
and words in capitals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tactful.understand.lexicon import load, normalize, phrase_pattern
from tactful.understand.types import Mood

EMOTIONS = ("worry", "impatience", "joy", "frustration", "disappointment")
COMPLAINT_INTENTS = frozenset({
    "delivery.not_received", "delivery.wrong_item", "delivery.missing_item", "delivery.damaged",
    "complaint.service", "payment.failed",
})
# At or above this anger the email is negative whatever its words.
NEGATIVE_ANGER = 0.3
THREAT_WEIGHT = 0.5
_REPEATED = re.compile(r"[!?！？]{2,}")
_EXCLAIM = re.compile(r"[!！]")
_CAPS_WORD = re.compile(r"\b[A-ZÀ-ÞĀ-ŽА-Я]{3,}\b")
_WORD = re.compile(r"\b[^\W\d_]{3,}\b")


@dataclass(frozen=True)
class _MoodLexicon:
    anger: tuple[tuple[re.Pattern[str], float], ...]
    threats: re.Pattern[str] | None
    negative: re.Pattern[str] | None
    positive: re.Pattern[str] | None
    emotions: tuple[tuple[str, re.Pattern[str] | None], ...]


@lru_cache(maxsize=None)
def _lexicon(lang: str) -> _MoodLexicon:
    mood = load("lexicon", lang).get("mood", {})
    anger = []
    for word, weight in (mood.get("anger") or {}).items():
        rx = phrase_pattern([str(word)], lang)
        if rx is not None:
            anger.append((rx, float(weight)))
    emotions = tuple((name, phrase_pattern((mood.get("emotions") or {}).get(name, []), lang))
                     for name in EMOTIONS)
    return _MoodLexicon(tuple(anger), phrase_pattern(mood.get("threats", []), lang),
                        phrase_pattern(mood.get("negative", []), lang),
                        phrase_pattern(mood.get("positive", []), lang), emotions)


def anger_score(text: str, lang: str) -> tuple[float, bool]:
    """Anger 0-1 and whether the customer threatens a dispute, chargeback or bad review."""
    lex = _lexicon(lang)
    norm = normalize(text)
    score = sum(weight for rx, weight in lex.anger if rx.search(norm))
    threat = bool(lex.threats and lex.threats.search(norm))
    if threat:
        score += THREAT_WEIGHT
    score += 0.15 * min(len(_REPEATED.findall(text)), 3)
    score += 0.03 * min(len(_EXCLAIM.findall(text)), 5)
    words = _WORD.findall(text)
    caps = [w for w in _CAPS_WORD.findall(text) if len(w) >= 4]
    if words and len(caps) >= 2:
        # Shouting: several all-capital words (acronyms like DHL or EUR are short and rare).
        score += min(0.3, 0.1 * len(caps))
    return min(1.0, round(score, 3)), threat


def detect_mood(text: str, lang: str, intents: tuple[str, ...]) -> Mood:
    """READ-MOOD for the new text of an email whose items have ``intents``."""
    lex = _lexicon(lang)
    norm = normalize(text)
    anger, threat = anger_score(text, lang)
    if threat and "feedback.review" in intents:
        # "I left a negative review" talks about a review; it is not a threat to write one.
        anger, threat = max(0.0, round(anger - THREAT_WEIGHT, 3)), False
    emotions = [name for name, rx in lex.emotions if rx is not None and rx.search(norm)]
    negative_words = bool(lex.negative and lex.negative.search(norm))
    positive_words = len(lex.positive.findall(norm)) if lex.positive else 0
    complaint = bool(COMPLAINT_INTENTS.intersection(intents)) or threat
    # Frustration and disappointment are negative however polite; impatience only when the
    # customer is chasing ("still no answer"), not in "how long does shipping take?".
    felt = bool({"frustration", "disappointment"} & set(emotions)) or (
        "impatience" in emotions and "followup.reminder" in intents)
    negative = (anger >= NEGATIVE_ANGER or complaint or felt
                or (negative_words and positive_words == 0))
    if negative and "joy" in emotions and positive_words == 0:
        emotions.remove("joy")
    if anger >= 0.5 and "frustration" not in emotions:
        emotions.append("frustration")
    kind = _kind(intents, negative, anger, complaint)
    if kind == "compliment":
        negative = anger >= NEGATIVE_ANGER
    order = {name: i for i, name in enumerate(EMOTIONS)}
    return Mood(negative=negative, anger=anger, kind=kind,
                emotions=tuple(sorted(set(emotions), key=order.get)))


def _kind(intents: tuple[str, ...], negative: bool, anger: float, complaint: bool) -> str:
    present = set(intents)
    if "followup.reminder" in present and not complaint and anger < 0.5:
        return "reminder"
    if complaint or anger >= 0.5 or "return.request" in present and negative:
        return "complaint"
    if "feedback.review" in present and negative:
        return "complaint"
    if present and present <= {"feedback.compliment", "feedback.review", "other"} \
            and "feedback.compliment" in present:
        return "compliment"
    if "feedback.suggestion" in present and present <= {"feedback.suggestion", "feedback.compliment",
                                                          "other"}:
        return "suggestion"
    if "followup.reminder" in present:
        return "reminder"
    return "inquiry"
