"""Facts the reply may state, looked up in the shop's data (GROUNDED, H1, H2).

Everything here is a pure lookup or calculation over ``Shop`` and ``Analysis``: which order the
customer means, when a parcel should arrive, which size fits, which colours are in stock, what a
quantity costs, which shipping method meets a deadline. Nothing is guessed: a lookup that finds
nothing returns ``None`` and the composer asks instead of inventing.

The shop arithmetic itself (delivery estimates, dispatch windows, pauses, alternatives, size
advice, bulk prices, lots) has one implementation, in ``tactful.shop`` (docs/shop-data.md); this
module only decides which of its answers a reply needs: which order, which start date, which
product the customer means.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import yaml

from tactful.shop.catalog import closest_alternatives
from tactful.shop.eta import (DeliveryEstimate, dispatch_window, estimate_delivery, fastest_methods,
                              pauses_between)
from tactful.shop.model import Order, Pause, Product, ShippingMethod, Shop, TrackingEvent
from tactful.shop.sizing import ALIASES as MEASURE_ALIASES
from tactful.understand.types import Analysis

DATA = Path(__file__).resolve().parent / "data"

# Which order statuses an intent is usually about, so "my parcel" finds the parcel in transit
# rather than last year's delivered order.
RELEVANT_STATUSES: dict[str, tuple[str, ...]] = {
    "shipping.status": ("shipped", "paid", "unpaid"),
    "shipping.time": ("shipped", "paid", "unpaid"),
    "delivery.not_received": ("shipped", "delivered"),
    "delivery.wrong_item": ("delivered", "shipped"),
    "delivery.missing_item": ("delivered", "shipped"),
    "delivery.damaged": ("delivered", "shipped"),
    "return.request": ("delivered", "shipped"),
    "refund.status": ("refunded", "returned", "cancelled", "delivered"),
    "order.cancel": ("unpaid", "paid", "shipped"),
    "order.change": ("unpaid", "paid", "shipped"),
    "order.combine": ("unpaid", "paid"),
    "payment.failed": ("unpaid",),
    "feedback.review": ("delivered",),
}

TO_CM = {"cm": 1.0, "in": 2.54, "mm": 0.1}


def named_orders(analysis: Analysis, shop: Shop) -> tuple[list[Order], list[str]]:
    """Orders the email names (by order or tracking number) and numbers the shop does not know."""
    found: list[Order] = []
    unknown: list[str] = []
    for fact in analysis.facts.order_numbers:
        order = shop.order(fact.value)
        if order is not None:
            if order not in found:
                found.append(order)
        elif fact.value not in unknown:
            unknown.append(fact.value)
    for fact in analysis.facts.tracking_numbers:
        order = shop.order_by_tracking(fact.value)
        if order is not None and order not in found:
            found.append(order)
    return found, unknown


def pick_order(analysis: Analysis, shop: Shop, intent: str = "") -> Order | None:
    """The order an item is about: the one named in the email, else the sender's latest relevant one."""
    found, _ = named_orders(analysis, shop)
    if found:
        return found[0]
    if not analysis.sender:
        return None
    orders = shop.orders_for(analysis.sender)
    if not orders:
        return None
    wanted = RELEVANT_STATUSES.get(intent, ())
    for status in wanted:
        matching = [o for o in orders if o.status == status]
        if matching:
            return matching[-1]
    return orders[-1]


# --- dates -----------------------------------------------------------------------------------

def eta_for(order: Order, shop: Shop, now: datetime) -> DeliveryEstimate | None:
    """Expected delivery window of ``order`` as of ``now`` (shop.eta: handling days skip every
    pause, transit days only ``scope: all`` pauses).

    Shipped: transit counted from the ship date. Not shipped yet: counted from the order date
    while the order is inside its dispatch window, except that it cannot leave before today, so
    the earliest date is transit from today once the earliest dispatch day has passed. Past the
    dispatch window the order-date estimate is already stale, so handling is counted again from
    today (the shop's "not before" start; _dispatch_overdue says so in the reply). A parcel not
    yet delivered cannot arrive before today either (REALISTIC).
    """
    methods, pauses = shop.shipping_methods, shop.pauses
    today = now.date()
    if order.shipped_at is not None:
        est = estimate_delivery(order, methods=methods, pauses=pauses)
    else:
        method = shop.shipping_method(order.shipping_method)
        if method is None:
            return None
        window = dispatch_window(method, order.placed_at, pauses)
        if today > window.latest:
            est = estimate_delivery(order, from_date=now, methods=methods, pauses=pauses)
        else:
            est = estimate_delivery(order, methods=methods, pauses=pauses)
            if est is not None and today > window.earliest:
                soonest = estimate_delivery(method, order.country, today, pauses, shipped=True)
                est = DeliveryEstimate(max(est.earliest, soonest.earliest), est.latest)
    if est is not None and est.earliest < today <= est.latest:
        est = DeliveryEstimate(today, est.latest)
    return est


def pause_delaying(order: Order, shop: Shop, now: datetime) -> Pause | None:
    """A shipping pause that fell between the order and its dispatch (a true holiday reason, H1)."""
    found = pauses_between(shop.pauses, order.placed_at, order.shipped_at or now)
    return found[0] if found else None


def latest_event(events: Sequence[TrackingEvent]) -> TrackingEvent | None:
    return events[-1] if events else None


def customs_event(events: Sequence[TrackingEvent]) -> TrackingEvent | None:
    """The customs event when the parcel is (still) at customs: the last event is a customs one."""
    last = latest_event(events)
    return last if last is not None and last.status == "customs" else None


def exception_event(events: Sequence[TrackingEvent]) -> TrackingEvent | None:
    last = latest_event(events)
    return last if last is not None and last.status == "exception" else None


# --- catalogue ---------------------------------------------------------------------------------

def _word_re(name: str) -> re.Pattern:
    # A trailing plural ending still names the product ("linen wrap dresses").
    return re.compile(r"(?<!\w)" + re.escape(name.lower()) + r"(?:e?s)?(?!\w)")


def _tokens_match(name: str, text: str) -> bool:
    """All but at most one word of a multi-word product name appear ("iPad case" for "Leather iPad Case")."""
    words = [w for w in re.findall(r"\w+", name.lower()) if len(w) >= 3]
    if len(words) < 2:
        return False
    hits = sum(1 for w in words if _word_re(w).search(text))
    return hits >= max(2, len(words) - 1)


@lru_cache(maxsize=1)
def product_words() -> dict[str, dict[str, list[str]]]:
    return yaml.safe_load((DATA / "product_words.yaml").read_text(encoding="utf-8"))


COMPOUNDING = ("de", "et")      # "Leinenkleid", "mähkmantel": the product word sits inside a compound


def _stem_in(stem: str, text: str, lang: str = "") -> bool:
    if re.search(r"[\u4e00-\u9fff]", stem):
        return stem in text
    if lang in COMPOUNDING:
        # At a word start, or as the last part of a compound (after a modifier of 3+ letters,
        # so "bringen" does not contain a "ring").
        pattern = (r"(?<!\w)" + re.escape(stem.lower()) + r"|(?<=[^\W\d_]{3})"
                   + re.escape(stem.lower()) + r"\w{0,3}(?!\w)")
        return re.search(pattern, text) is not None
    return re.search(r"(?<!\w)" + re.escape(stem.lower()), text) is not None


def _glossary_match(analysis: Analysis, shop: Shop) -> list[Product]:
    """Products named in another language: the head noun of the English name must match."""
    words = product_words()
    text = analysis.text.lower()
    lang = analysis.language
    best: list[tuple[int, Product]] = []
    seen: set[str] = set()
    for product in shop.catalog:
        group = group_of(product)
        if group in seen:
            continue
        seen.add(group)
        tokens = [t for t in re.findall(r"[a-z]+", product.name.lower()) if len(t) >= 3]
        if not tokens:
            continue

        def hit(token: str) -> bool:
            stems = words.get(token, {}).get(lang, [])
            return _word_re(token).search(text) is not None or any(_stem_in(s, text, lang) for s in stems)
        if not hit(tokens[-1]):
            continue
        score = 2 + sum(hit(t) for t in tokens[:-1])
        best.append((score, product))
    if not best:
        return []
    # The best match, and any other product named by its kind and a modifier (score 3+): an email
    # may ask about two products ("the woven tote" and "the small hoops").
    top = max(score for score, _ in best)
    return [p for score, p in best if score == top or score >= 3][:3]


def find_mentioned(analysis: Analysis, shop: Shop, order: Order | None = None) -> tuple[list[Product], str]:
    """(products, how they were found: "sku", "name", "glossary", "order" or "")."""
    out: list[Product] = []
    for fact in analysis.facts.skus:
        product = shop.product(fact.value)
        if product is not None and product not in out:
            out.append(product)
    if out:
        return out, "sku"
    text = analysis.text.lower()
    seen: set[str] = set()
    for product in shop.catalog:
        group = group_of(product)
        if group in seen:
            continue
        names = [product.name]
        if product.product_id:
            names.append(re.sub(r"[-_]+", " ", product.product_id))
        if any(_word_re(n).search(text) for n in names) or _tokens_match(product.name, text):
            seen.add(group)
            out.append(product)
    if out:
        return out, "name"
    out = _glossary_match(analysis, shop)
    if out:
        return out, "glossary"
    if order is not None:
        out = [p for p in (shop.product(line.sku) for line in order.items) if p is not None]
        if out:
            return out, "order"
    return [], ""


def product_quantities(analysis: Analysis, products: Sequence[Product]) -> list[tuple[Product, int]]:
    """Pair each mentioned product with the quantity written nearest before it ("40 linen dresses").

    A single product with a single quantity pair up regardless of position.
    """
    quantities = [(f.start, int(f.value)) for f in analysis.facts.quantities if f.value.isdigit()]
    if not products or not quantities:
        return []
    if len(products) == 1:
        return [(products[0], quantities[0][1])]
    text = analysis.text.lower()
    pairs = []
    for product in products:
        names = [product.name.lower()] + ([re.sub(r"[-_]+", " ", product.product_id.lower())] if product.product_id else [])
        words = [w for w in re.findall(r"\w+", product.name.lower()) if len(w) >= 4]
        pos = min((text.find(n) for n in names + words if text.find(n) >= 0), default=-1)
        if pos < 0:
            continue
        before = [q for q in quantities if 0 <= q[0] <= pos]
        if before:
            pairs.append((product, max(before)[1]))
    return pairs


def group_of(product: Product) -> str:
    return product.product_id or product.name


@lru_cache(maxsize=1)
def colour_table() -> dict[str, tuple[int, int, int]]:
    data = yaml.safe_load((DATA / "colours.yaml").read_text(encoding="utf-8"))
    return {k: tuple(v) for k, v in data.items()}


def colour_distance(a: str, b: str) -> float:
    table = colour_table()
    ca, cb = table.get(a.lower()), table.get(b.lower())
    if ca is None or cb is None:
        return 0.0 if a.lower() == b.lower() else 1000.0
    return sum((x - y) ** 2 for x, y in zip(ca, cb)) ** 0.5


def same_size(a: str, b: str) -> bool:
    """"38" and "EU 38", "m" and "M" name the same size."""
    norm = lambda s: re.sub(r"^(EU|US|UK|FR|IT)\s*", "", (s or "").strip().upper())   # noqa: E731
    return norm(a) == norm(b)


def find_variant(shop: Shop, product: Product, colour: str = "", size: str = "") -> Product | None:
    for variant in shop.variants(group_of(product)):
        if colour and variant.colour.lower() != colour.lower():
            continue
        if size and not same_size(variant.size, size):
            continue
        return variant
    return None


def alternatives(shop: Shop, product: Product, colour: str = "", size: str = "", limit: int = 3) -> list[Product]:
    """The shop's closest in-stock alternatives (``closest_alternatives``) to what the customer wanted.

    The shop decides what counts as an alternative and how close it is (same product and size
    first). Among alternatives equally close by that measure, the colour that looks nearest to the
    wanted one comes first (data/colours.yaml: someone asking for gold sees rose gold before black).
    Other products of the category are offered only when the product itself has nothing in stock:
    someone asking for gold earrings wants earrings, not a gold necklace.
    """
    matches = ((not colour or product.colour.lower() == colour.lower())
               and (not size or same_size(product.size, size)))
    wanted = None if matches else find_variant(shop, product, colour, size)
    base = wanted or product
    ranked = closest_alternatives(base, shop.catalog, limit=len(shop.catalog),
                                  wanted_colour=colour, wanted_size=size)
    group = group_of(base)

    def closeness(p: Product) -> tuple:
        return (group_of(p) != group, bool(size) and not same_size(p.size, size),
                colour_distance(colour, p.colour) if colour else 0.0)
    ranked = sorted(ranked, key=closeness)
    same_product = [p for p in ranked if group_of(p) == group]
    return (same_product or ranked)[:limit]


# --- sizes ---------------------------------------------------------------------------------------

def customer_measurements(analysis: Analysis) -> dict[str, float]:
    """The customer's body measurements in cm, named as the size chart names them."""
    out: dict[str, float] = {}
    for fact in analysis.facts.measurements:
        kind = MEASURE_ALIASES.get(fact.kind.lower(), fact.kind.lower())
        unit = (fact.get("unit") or "cm").lower()
        if unit not in TO_CM or kind in ("weight",):
            continue
        try:
            value = float(fact.value.replace(",", "."))
        except ValueError:
            continue
        out.setdefault(kind, round(value * TO_CM[unit], 1))
    return out


# --- shipping ------------------------------------------------------------------------------------

def methods_to(shop: Shop, country: str) -> list[tuple[ShippingMethod, int, int]]:
    """Methods that ship to ``country`` with their transit days, cheapest first."""
    out = []
    for method in shop.shipping_methods:
        transit = method.transit_for(country)
        if transit is not None:
            out.append((method, transit.min_days, transit.max_days))
    out.sort(key=lambda m: (m[0].price, m[2]))
    return out


def method_for_deadline(shop: Shop, country: str, deadline: date, now: datetime
                        ) -> tuple[ShippingMethod | None, ShippingMethod | None]:
    """(cheapest method whose latest delivery date for an order placed now meets the deadline,
    fastest method overall), both from the shop's ``fastest_methods``."""
    meeting = fastest_methods(shop.shipping_methods, country, now, shop.pauses, deadline=deadline)
    fastest = fastest_methods(shop.shipping_methods, country, now, shop.pauses)
    cheapest = min(meeting, key=lambda pair: pair[0].price)[0] if meeting else None
    return cheapest, (fastest[0][0] if fastest else None)
