"""READ-SORT: answer now, needs clarification, or an uncertain demand; time-sensitive items.

- clarify: the item cannot be answered without facts the email lacks (READ-MISSING), or its
  intent is a guess;
- uncertain: a complaint or return whose wanted outcome is not stated ("the vase is broken");
- answer: everything else.
A deadline is a date named in the item (resolved against the email's date by READ-FACTS) or a
time-pressure phrase ("by Friday", "for a wedding"); either makes the item time-sensitive.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Sequence

from tactful.understand.lexicon import load, normalize, phrase_pattern
from tactful.understand.types import SORT_ANSWER, SORT_CLARIFY, SORT_UNCERTAIN, Fact

UNCERTAIN_INTENTS = frozenset({
    "delivery.damaged", "delivery.wrong_item", "delivery.missing_item", "delivery.not_received",
    "complaint.service", "return.request",
})
# READ-MISSING facts that block an answer (a photo can follow later; an order number cannot).
BLOCKING = frozenset({"order_number", "product", "measurements"})
_NEEDS = {
    "order_number": frozenset({"order.cancel", "order.change", "order.combine", "shipping.status",
                               "delivery.not_received", "delivery.wrong_item",
                               "delivery.missing_item", "delivery.damaged", "return.request",
                               "refund.status"}),
    "product": frozenset({"product.question", "product.availability", "product.size_advice",
                          "price.wholesale"}),
    "measurements": frozenset({"product.size_advice"}),
}
UNSURE = 0.3


@lru_cache(maxsize=None)
def _patterns(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    sort = load("lexicon", lang).get("sort", {})
    return phrase_pattern(sort.get("deadline", []), lang), phrase_pattern(sort.get("demand", []), lang)


def sort_item(text: str, intent: str, confidence: float, lang: str,
              missing: Sequence[str]) -> str:
    """The READ-SORT class of one item."""
    if intent == "other" and confidence < 0.5:
        return SORT_CLARIFY
    if any(intent in _NEEDS.get(fact, ()) for fact in missing if fact in BLOCKING):
        return SORT_CLARIFY
    if intent in UNCERTAIN_INTENTS and not _names_outcome(text, lang):
        # A complaint or return without one named outcome (refund? exchange? reship?) is an
        # uncertain demand: the reply offers options (PLAYBOOK OPTIONS).
        return SORT_UNCERTAIN
    if confidence < UNSURE:
        return SORT_CLARIFY
    return SORT_ANSWER


def _names_outcome(text: str, lang: str) -> bool:
    _, demand = _patterns(lang)
    if demand is None:
        return False
    found = {m.group().strip() for m in demand.finditer(normalize(text))}
    return len(found) == 1   # "refund or exchange?" names no single outcome


# Intents where any future date the customer names is when they need it.
DATED_INTENTS = frozenset({"shipping.time", "shipping.options", "order.change", "order.cancel",
                           "product.availability"})


def deadline_for(text: str, start: int, end: int, lang: str, dates: Sequence[Fact],
                 received: datetime | None, intent: str = "") -> tuple[bool, date | None]:
    """Whether the item is time-sensitive, and its deadline when a date is named in it."""
    rx, _ = _patterns(lang)
    pressure = bool(rx is not None and rx.search(normalize(text)))
    today = received.date() if received else None
    chosen: date | None = None
    for fact in dates:
        if fact.start >= 0 and not (start <= fact.start < end):
            continue
        try:
            when = date.fromisoformat(fact.value[:10])
        except ValueError:
            continue
        if today is not None and when < today:
            continue            # a past date is background ("I ordered on 3 May"), not a deadline
        if chosen is None or when < chosen:
            chosen = when
    if chosen is not None and not pressure and intent not in DATED_INTENTS:
        # A future date alone is a deadline only next to words of time pressure or arrival.
        return False, None
    return pressure or chosen is not None, chosen
