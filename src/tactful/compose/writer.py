"""The composer's working state for one reply: phrasebook, seeded variants, facts used, budgets."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tactful.compose import grounding
from tactful.compose.phrases import LANGUAGES, Phrasebook
from tactful.shop.model import Order, Product, Shop
from tactful.understand.types import Analysis

MAX_APOLOGIES = 2
MAX_SPECIFIC_THANKS = 2     # THANKS: at most two specific reasons in one reply
DATA = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def country_names() -> dict[str, list[str]]:
    """ISO code -> names in LANGUAGES order (data/countries.yaml)."""
    return yaml.safe_load((DATA / "countries.yaml").read_text(encoding="utf-8"))
     # EMPATHY: apologise, but not more than twice in one reply


@dataclass(frozen=True)
class Style:
    """How much a draft says beyond what the review requires (data/concise.yaml)."""

    concise: bool = False
    leave_out: frozenset[str] = frozenset()     # phrase keys (or "section.*") not written
    shortest: frozenset[str] = frozenset()      # phrase keys (or "section.*") in their shortest variant
    max_specific_thanks: int = MAX_SPECIFIC_THANKS

    @staticmethod
    def _covers(patterns: frozenset[str], key: str) -> bool:
        return key in patterns or f"{key.split('.', 1)[0]}.*" in patterns

    def leaves_out(self, key: str) -> bool:
        return self._covers(self.leave_out, key)

    def wants_shortest(self, key: str) -> bool:
        return self._covers(self.shortest, key)


FULL = Style()


@lru_cache(maxsize=1)
def concise_style() -> Style:
    """VOLUME: the concise style of data/concise.yaml."""
    from tactful.errors import ConfigError

    path = DATA / "concise.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = set(data) - {"leave_out", "shortest", "max_specific_thanks"}
    if unknown:
        raise ConfigError(f"unknown key(s) {sorted(unknown)}", path=str(path))
    return Style(concise=True, leave_out=frozenset(data.get("leave_out") or ()),
                 shortest=frozenset(data.get("shortest") or ()),
                 max_specific_thanks=int(data.get("max_specific_thanks", 1)))


@dataclass
class Part:
    """What one item contributes to the plan: answer sentences, options, refusal, asks, expectations."""

    answer: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    option_notes: list[str] = field(default_factory=list)
    refuse: list[str] = field(default_factory=list)
    ask: list[str] = field(default_factory=list)
    expect: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # intent -> index into ``answer`` of the sentence that answers that point, for an answer
    # written for several points at once (the parcel: where is it, when will it come).
    points: dict[str, int] = field(default_factory=dict)
    # The restatement key when the answer is not about what the item's intent names (an item
    # problem on an order that never shipped is answered with the order's status).
    restate_as: str = ""


class Writer:
    """Phrasing helpers bound to one reply (language, random variants, shop, clock)."""

    def __init__(self, analysis: Analysis, shop: Shop, book: Phrasebook, rng: random.Random,
                 now: datetime, style: Style = FULL) -> None:
        self.analysis = analysis
        self.style = style
        self.shop = shop
        self.book = book
        self.locale = book.locale
        self.rng = rng
        self.now = now
        self.apologies = 0
        self.facts_used: dict[str, Any] = {}
        self._orders: dict[str, Order | None] = {}
        self.named_orders, self.unknown_orders = grounding.named_orders(analysis, shop)
        self.order_not_found = False     # an order-specific point found no order (said once, H1; ASK)
        self.said_not_found = False

    # --- phrasing ---
    def say(self, key: str, **values: Any) -> str:
        """One variant of phrase ``key``; "" for a touch the style leaves out (callers skip "")."""
        if self.style.concise and (self.style.leaves_out(key) or self.style.wants_shortest(key)):
            # Draw from the generator all the same, so every other sentence of a concise draft
            # reads exactly as in the full draft of the same mail.
            self.book.pick(key, self.rng)
            return "" if self.style.leaves_out(key) else self.book.say_shortest(key, **values)
        return self.book.say(key, self.rng, **values)

    def apology(self, sorry_key: str, soft_key: str, **values: Any) -> str:
        """An apology while the budget lasts, else the same thought without "sorry" (EMPATHY)."""
        if self.apologies < MAX_APOLOGIES:
            self.apologies += 1
            return self.say(sorry_key, **values)
        return self.say(soft_key, **values)

    def date(self, value: date | datetime) -> str:
        return self.locale.format_date(value)

    def money(self, amount: Decimal, currency: str) -> str:
        return self.locale.format_money(amount, currency)

    def pct(self, value: Decimal) -> str:
        return self.locale.format_percent(value)

    def days(self, lo: int, hi: int) -> str:
        return str(lo) if lo == hi else f"{lo}-{hi}"

    def listing(self, parts: list[str]) -> str:
        return self.locale.format_list(parts)

    def colour(self, name: str) -> str:
        key = f"colour.{name.lower()}"
        return self.book.label(key) if self.book.has(key) else name

    def variant_label(self, product: Product) -> str:
        bits = [self.colour(product.colour) if product.colour else "", product.size]
        return " ".join(b for b in bits if b)

    def product_label(self, product: Product) -> str:
        label = self.variant_label(product)
        if not label:
            return product.name
        return f"{product.name}（{label}）" if self.book.language.startswith("zh") else f"{product.name} ({label})"

    def country(self, code: str) -> str:
        """The country's name in the reply's language (the code when we do not know the name)."""
        names = country_names().get((code or "").upper())
        if not names:
            return code
        return names[LANGUAGES.index(self.book.language)] if self.book.language in LANGUAGES else names[0]

    def use(self, key: str, value: Any) -> None:
        self.facts_used[key] = value

    # --- shop lookups ---
    def order_for(self, intent: str) -> Order | None:
        if intent not in self._orders:
            order = grounding.pick_order(self.analysis, self.shop, intent)
            self._orders[intent] = order
            if order is not None:
                self.facts_used.setdefault("order_id", order.order_id)
        return self._orders[intent]

    def products(self, order: Order | None = None) -> list[Product]:
        """Products the email is about; records how they were found (a glossary match is a guess)."""
        found, kind = grounding.find_mentioned(self.analysis, self.shop, order)
        if kind:
            self.facts_used.setdefault("product_match", kind)
        return found

    @property
    def hours(self) -> int:
        return self.shop.reply_hours
