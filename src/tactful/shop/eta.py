"""Delivery estimates (shipping.time, NOTIFY): handling days, then transit days, skipping pauses.

Handling days are counted only on days the shop dispatches (a pause with any scope stops them);
transit days are calendar days, stopped only by pauses whose scope is "all" (carrier holidays).
The result is a (earliest, latest) date pair, never a single promise (REALISTIC).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Iterable, NamedTuple

from tactful.shop.model import Order, Pause, ShippingMethod


class DeliveryEstimate(NamedTuple):
    earliest: date
    latest: date


def _add_days(start: date, days: int, pauses: Iterable[Pause], scopes: tuple[str, ...]) -> date:
    """``start`` plus ``days`` working days, where a day inside a pause of ``scopes`` does not count.

    A start day inside a pause counts as the pause's last day, so an order placed on a holiday is
    treated like one placed the evening before work resumes.
    """
    stops = [p for p in pauses if p.scope in scopes]
    day = start
    if any(p.covers(day) for p in stops):
        while any(p.covers(day) for p in stops):
            day += timedelta(days=1)
        if days == 0:
            return day
        day -= timedelta(days=1)
    left = days
    while left > 0:
        day += timedelta(days=1)
        if not any(p.covers(day) for p in stops):
            left -= 1
    return day


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def estimate_delivery(order_or_method: Order | ShippingMethod, country: str = "",
                      from_date: date | datetime | None = None, pauses: Iterable[Pause] = (), *,
                      methods: Iterable[ShippingMethod] = (), shipped: bool | None = None
                      ) -> DeliveryEstimate | None:
    """(earliest, latest) delivery dates, or None when the method does not serve ``country``.

    With an ``Order``: the method comes from ``methods`` (``shop.shipping_methods``), the country
    from the order, and the start from ``shipped_at`` (transit only) or ``placed_at`` (handling +
    transit); ``from_date`` (e.g. now) then means "not before": an unshipped order's handling is
    counted from the later of ``placed_at`` and ``from_date``. With a ``ShippingMethod``:
    ``from_date`` is the order date (``shipped=True`` when it is the dispatch date instead).
    """
    pauses = tuple(pauses)
    if isinstance(order_or_method, Order):
        order = order_or_method
        method = next((m for m in methods if m.id == order.shipping_method), None)
        if method is None:
            return None
        country = country or order.country
        if order.shipped_at is not None:
            from_date, shipped = order.shipped_at, True
        else:
            placed = order.placed_at
            from_date = placed if from_date is None else max(_as_date(placed), _as_date(from_date))
            shipped = False
    else:
        method = order_or_method
    if from_date is None:
        raise ValueError("estimate_delivery needs from_date for a shipping method")
    transit = method.transit_for(country)
    if transit is None:
        return None
    start = _as_date(from_date)
    if shipped:
        early_ship = late_ship = start
    else:
        early_ship = _add_days(start, method.handling_days[0], pauses, ("handling", "all"))
        late_ship = _add_days(start, method.handling_days[1], pauses, ("handling", "all"))
    return DeliveryEstimate(_add_days(early_ship, transit.min_days, pauses, ("all",)),
                            _add_days(late_ship, transit.max_days, pauses, ("all",)))


def dispatch_window(method: ShippingMethod, from_date: date | datetime,
                    pauses: Iterable[Pause] = ()) -> DeliveryEstimate:
    """When an order placed on ``from_date`` leaves the warehouse (handling only)."""
    start = _as_date(from_date)
    pauses = tuple(pauses)
    return DeliveryEstimate(_add_days(start, method.handling_days[0], pauses, ("handling", "all")),
                            _add_days(start, method.handling_days[1], pauses, ("handling", "all")))


def pauses_between(pauses: Iterable[Pause], start: date | datetime, end: date | datetime) -> tuple[Pause, ...]:
    """The pauses overlapping [start, end]: a fact the composer may cite as a delay reason (H1)."""
    a, b = _as_date(start), _as_date(end)
    return tuple(p for p in pauses if p.start <= b and p.end >= a)


def fastest_methods(methods: Iterable[ShippingMethod], country: str, from_date: date | datetime,
                    pauses: Iterable[Pause] = (), *, deadline: date | None = None
                    ) -> list[tuple[ShippingMethod, DeliveryEstimate]]:
    """Methods serving ``country`` ordered by latest delivery date, then price.

    With ``deadline``, only methods whose latest date is on or before it (shipping.options: "I need it
    by the 20th").
    """
    pauses = tuple(pauses)
    out = []
    for method in methods:
        est = estimate_delivery(method, country, from_date, pauses)
        if est is None or (deadline is not None and est.latest > deadline):
            continue
        out.append((method, est))
    return sorted(out, key=lambda pair: (pair[1].latest, pair[0].price))
