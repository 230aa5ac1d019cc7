"""READ-MISSING: which facts the customer's requests need but the email does not give.

The per-intent table is data (``data/facts/missing.yaml``): what each intent needs and when.
Names come from ``MISSING_FACTS``; the result keeps their catalogue order.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from tactful.understand import facts_data
from tactful.understand.facts import names_product
from tactful.understand.types import MISSING_FACTS, Facts, Item

__all__ = ["find_missing", "is_post_sale"]


@lru_cache(maxsize=None)
def _table() -> dict[str, list[dict[str, str]]]:
    raw = facts_data.load("missing")["intents"]
    table: dict[str, list[dict[str, str]]] = {}
    for intent, needs in raw.items():
        table[intent] = [n if isinstance(n, dict) else {"need": n} for n in (needs or ())]
        for n in table[intent]:
            if n["need"] not in MISSING_FACTS:
                raise ValueError(f"missing.yaml: {intent}: unknown fact {n['need']!r}")
    return table


@lru_cache(maxsize=None)
def _order_cue(language: str) -> re.Pattern[str]:
    return re.compile(facts_data.alternation(facts_data.words("order_cues", language)), re.IGNORECASE)


@lru_cache(maxsize=None)
def _payment_re() -> re.Pattern[str]:
    return re.compile(facts_data.alternation(facts_data.load("missing")["payment_methods"]), re.IGNORECASE)


def is_post_sale(text: str, facts: Facts, language: str = "") -> bool:
    """The customer refers to an order already placed (order cue, order or tracking number)."""
    return bool(facts.order_numbers or facts.tracking_numbers or _order_cue(language).search(text))


def find_missing(items: Sequence[Item], facts: Facts, *, language: str, has_image: bool,
                 known_orders: Sequence[str]) -> tuple[str, ...]:
    """The facts (names from MISSING_FACTS) the items need and neither the email nor the shop has."""
    text = " ".join(item.text for item in items)
    lang = language if language in facts_data.SERVED_LANGUAGES else ""
    post_sale = is_post_sale(text, facts, lang) or bool(known_orders)
    present = {
        "order_number": bool(facts.order_numbers or known_orders),
        "photo": has_image,
        "product": bool(facts.skus) or names_product(text, lang),
        "measurements": bool(facts.measurements),
        "size": bool(facts.sizes),
        "colour": bool(facts.colours),
        "quantity": bool(facts.quantities),
        "country": bool(facts.countries),
        "tracking_number": bool(facts.tracking_numbers),
        "payment_method": bool(_payment_re().search(text)),
        "address": False,
    }
    missing: set[str] = set()
    table = _table()
    for item in items:
        for need in table.get(item.intent, ()):
            when = need.get("when", "")
            if when == "post_sale" and not post_sale or when == "pre_sale" and post_sale:
                continue
            # A product question that already names its product through an order is answered from the order.
            if need["need"] == "product" and facts.order_numbers:
                continue
            if not present.get(need["need"], False):
                missing.add(need["need"])
    return tuple(name for name in MISSING_FACTS if name in missing)
