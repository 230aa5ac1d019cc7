"""What the shop and the customer's email can back up (GROUNDED, POLICY-LIMIT); not a rule."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from tactful.review.claims import amounts, codes, dates, parse_number, percents
from tactful.review.text import digits, norm_code


def _per_review(fn):
    """Compute once per review: GROUNDED and POLICY-LIMIT both ask for the same sets."""
    def wrapper(ctx):
        cache = ctx._cache
        key = "shopdata:" + fn.__name__
        if key not in cache:
            cache[key] = fn(ctx)
        return cache[key]
    wrapper.__name__, wrapper.__doc__ = fn.__name__, fn.__doc__
    return wrapper


def email_text(ctx) -> str:
    a = ctx.analysis
    return f"{a.subject}\n{a.text}"


@_per_review
def email_codes(ctx) -> set[str]:
    found = {c.value for c in codes(email_text(ctx))}
    facts = ctx.analysis.facts
    found |= {norm_code(v) for v in facts.values("order_numbers") + facts.values("tracking_numbers")
              + facts.values("skus")}
    return found


def shop_codes(shop) -> set[str]:
    if shop is None:
        return set()
    out = {norm_code(o.order_id) for o in shop.orders}
    out |= {norm_code(o.tracking_number) for o in shop.orders if o.tracking_number}
    out |= {norm_code(e.tracking_number) for e in shop.tracking_events}
    out |= {norm_code(p.sku) for p in shop.catalog}
    return out


@_per_review
def the_order(ctx):
    """The order the email is about: a number it names, else the sender's latest order."""
    shop = ctx.shop
    if shop is None:
        return None
    for value in ctx.analysis.facts.values("order_numbers") + [c.text for c in codes(email_text(ctx))]:
        order = shop.order(value) or shop.order(norm_code(value))
        if order is not None:
            return order
    if ctx.analysis.sender:
        mine = shop.orders_for(ctx.analysis.sender)
        if mine:
            return mine[-1]
    return None


ITEM_PROBLEMS = frozenset({"delivery.wrong_item", "delivery.missing_item", "delivery.damaged"})


def _never_shipped(ctx) -> bool:
    order = the_order(ctx)
    return order is not None and order.never_shipped


def live_intents(ctx) -> set[str]:
    """The email's intents the reply has to resolve. A wrong, missing or damaged item reported on an
    order that never shipped has nothing to resolve (no parcel, no photo): the reply states the
    order's status instead (compose does the same), so OPTIONS, EXPECT and ASK leave it out."""
    intents = ctx.intents()
    return intents - ITEM_PROBLEMS if _never_shipped(ctx) else intents


def live_missing(ctx) -> list[str]:
    """READ-MISSING's gaps the reply must ask about (no photo of an order that never shipped)."""
    if _never_shipped(ctx):
        return [m for m in ctx.analysis.missing if m != "photo"]
    return list(ctx.analysis.missing)


def policy_percents(shop) -> set[Decimal]:
    p = shop.policies
    return {p.max_discount_percent, p.max_compensation_percent} | {t.percent for t in p.bulk_tiers}


@_per_review
def known_amounts(ctx) -> set[Decimal]:
    shop = ctx.shop
    base: set[Decimal] = set()
    for c in amounts(email_text(ctx)):
        base.add(Decimal(c.value))
    for v in ctx.analysis.facts.values("amounts"):
        n = parse_number(v)
        if n is not None:
            base.add(n)
    if shop is not None:
        base |= {o.total for o in shop.orders}
        base |= {p.price for p in shop.catalog}
        base |= {m.price for m in shop.shipping_methods}
    rates = {Decimal(c.value) for c in percents(ctx.reply)}
    if shop is not None:
        rates |= policy_percents(shop)
    derived = set(base)
    for total in base:
        for rate in rates:
            part = (total * rate / 100).quantize(Decimal("0.01"))
            derived.add(part)
            derived.add(total - part)
    return {d.quantize(Decimal("0.01")) for d in derived}


@_per_review
def known_percents(ctx) -> set[Decimal]:
    out = {Decimal(100)}
    out |= {Decimal(c.value) for c in percents(email_text(ctx))}
    shop = ctx.shop
    if shop is not None:
        out |= policy_percents(shop)
        for p in shop.catalog:
            out |= {Decimal(c.value) for c in percents(p.material)}
    return out


def known_dates(ctx, months) -> set[date]:
    out: set[date] = set()
    a = ctx.analysis
    if a.received_at:
        out.add(a.received_at.date())
    for v in a.facts.values("dates"):
        try:
            out.add(date.fromisoformat(v))
        except ValueError:
            pass
    year = (ctx.sent_at or a.received_at).year if (ctx.sent_at or a.received_at) else None
    out |= {date.fromisoformat(c.value) for c in dates(email_text(ctx), months, year)}
    shop = ctx.shop
    if shop is not None:
        # The dates of the order the email is about, when we know which; else of any order.
        order = the_order(ctx)
        orders = (order,) if order is not None else shop.orders
        for o in orders:
            out |= {d.date() for d in (o.placed_at, o.shipped_at, o.delivered_at) if d}
            if o.tracking_number:
                out |= {e.time.date() for e in shop.events(o.tracking_number)}
        if order is None:
            out |= {e.time.date() for e in shop.tracking_events}
        for pause in shop.pauses:
            day = pause.start
            while day <= pause.end:
                out.add(day)
                day += timedelta(days=1)
    return out


def code_backed(value: str, backed: set[str]) -> bool:
    if value in backed:
        return True
    d = digits(value)
    return len(d) >= 5 and any(d == digits(b) for b in backed)
