"""READ-MISSING: which facts the customer's requests need but the email does not give.

The per-intent table is data (``data/facts/missing.yaml``): what each intent needs and when.
The cues that show a fact is there without being a READ-FACTS value (a product pointed at with
"this one" or a quoted name, a destination city, a vague "I have a problem") are per-language
data too. Names come from ``MISSING_FACTS``; the result keeps their catalogue order.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from tactful.understand import facts_data
from tactful.understand.types import MISSING_FACTS, Facts, Item

__all__ = ["find_missing", "is_post_sale", "is_short", "names_product", "names_destination", "reports_problem"]

_QUOTED = re.compile(r"[\"“„«「『‘'][^\"”“»」』’'\n]{2,40}[\"”“»」』’']")


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
def _cues(language: str) -> dict[str, re.Pattern[str]]:
    alt = facts_data.alternation
    words = lambda section: facts_data.words(section, language)  # noqa: E731
    # German glues nouns together ("Trinkflasche"): a product word may end a compound.
    compounds = [w for lang in facts_data.languages_for(language)
                 if facts_data.lexicon(lang).get("compound_nouns")
                 for w in facts_data.lexicon(lang).get("product_words") or ()]
    product = alt(words("product_words") + words("demonstratives"))
    if compounds:
        product = "(?:" + product + r"|\w+(?:" + "|".join(re.escape(w.lower()) for w in compounds) + r")\b)"
    destination = [p for lang in facts_data.languages_for(language)
                   for p in facts_data.lexicon(lang).get("destination_patterns") or ()]
    return {
        "order": re.compile(alt(words("order_cues") + words("order_plurals")), re.IGNORECASE),
        "product": re.compile(product, re.IGNORECASE),
        "problem": re.compile(alt(words("problem_words")), re.IGNORECASE),
        "destination": re.compile("|".join(destination) if destination else r"(?!x)x"),
    }


def _lang(language: str) -> str:
    return language if language in facts_data.SERVED_LANGUAGES else ""


def is_post_sale(text: str, facts: Facts, language: str = "") -> bool:
    """The customer refers to an order already placed (order cue, order or tracking number)."""
    return bool(facts.order_numbers or facts.tracking_numbers or _cues(_lang(language))["order"].search(text))


def names_product(text: str, facts: Facts, language: str = "") -> bool:
    """A SKU, a product word, a quoted name ("Davos") or a pointer ("this one", 这款)."""
    return bool(facts.skus or _QUOTED.search(text) or _cues(_lang(language))["product"].search(text))


def names_destination(text: str, facts: Facts, language: str = "") -> bool:
    """A country, or a place named as the destination ("to Galway", "寄到哈尔滨", "Pärnusse")."""
    return bool(facts.countries or _cues(_lang(language))["destination"].search(text))


def is_short(text: str) -> bool:
    """A request of a few words: fewer than ten words, or twenty Chinese characters."""
    cjk = sum(1 for ch in text if facts_data.is_cjk(ch))
    words = len(re.findall(r"[^\W\d_]+", text)) - (1 if cjk else 0)
    return (cjk < 20) if cjk >= 4 else words < 10


def reports_problem(text: str, language: str = "") -> bool:
    return bool(_cues(_lang(language))["problem"].search(text))


def find_missing(items: Sequence[Item], facts: Facts, *, language: str, has_image: bool,
                 known_orders: Sequence[str]) -> tuple[str, ...]:
    """The facts (names from MISSING_FACTS) the items need and neither the email nor the shop has."""
    text = " ".join(item.text for item in items)
    post_sale = is_post_sale(text, facts, language) or bool(known_orders)
    problem = reports_problem(text, language)
    conditions = {"": True, "post_sale": post_sale, "pre_sale": not post_sale, "problem": problem,
                  "post_sale_or_problem": post_sale or problem}
    present = {
        "order_number": lambda: bool(facts.order_numbers or known_orders),
        "photo": lambda: has_image,
        # An order already names its products: the shop can look them up.
        "product": lambda: bool(facts.order_numbers) or names_product(text, facts, language),
        "measurements": lambda: bool(facts.measurements),
        "size": lambda: bool(facts.sizes),
        "colour": lambda: bool(facts.colours),
        "quantity": lambda: bool(facts.quantities),
        "country": lambda: names_destination(text, facts, language),
        "tracking_number": lambda: bool(facts.tracking_numbers),
        "payment_method": lambda: False,
        "address": lambda: False,
    }
    missing: set[str] = set()
    table = _table()
    for item in items:
        conditions["short"] = is_short(item.text)
        for need in table.get(item.intent, ()):
            if conditions.get(need.get("when", ""), False) and not present[need["need"]]():
                missing.add(need["need"])
    return tuple(name for name in MISSING_FACTS if name in missing)
