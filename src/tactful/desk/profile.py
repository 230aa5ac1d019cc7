"""PROFILE-5: the five levels of customer data, computed from the shop's orders (pure).

basic (order data: id, name, contact), extended (other contacts the customer chose to give),
valuable (birthday, number of purchases), high-value (total spend, average order, purchase
cycle), derived (purchase behaviour worked out from the levels above).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Sequence

from tactful.desk.timeutil import utc

@dataclass(frozen=True)
class CustomerProfile:
    email: str
    name: str = ""
    order_ids: tuple[str, ...] = ()                      # basic
    extended: dict[str, str] = field(default_factory=dict)
    birthday: date | None = None                         # valuable
    purchase_count: int = 0                              # valuable
    total_spend: Decimal = Decimal("0")                  # high-value
    average_order: Decimal = Decimal("0")                # high-value
    purchase_cycle_days: float | None = None             # high-value
    currency: str = ""
    derived: dict[str, Any] = field(default_factory=dict)

    @property
    def levels(self) -> tuple[str, ...]:
        """Which PROFILE-5 levels hold data for this customer."""
        out = ["basic"] if (self.order_ids or self.name or self.email) else []
        if self.extended:
            out.append("extended")
        if self.birthday or self.purchase_count:
            out.append("valuable")
        if self.purchase_count:
            out.append("high-value")
        if self.derived:
            out.append("derived")
        return tuple(out)


def build_profile(email: str, orders: Sequence, *, now: datetime, name: str = "",
                  extended: dict[str, str] | None = None, birthday: date | None = None) -> CustomerProfile:
    """Everything PROFILE-5 can say about ``email`` from its ``orders`` (shop.Order objects).

    The money figures come from ``tactful.shop.customer_stats`` (one definition of a purchase);
    this adds the levels and the derived behaviour.
    """
    from tactful.shop import customer_stats

    orders = sorted(orders, key=lambda o: o.placed_at)
    stats = customer_stats(orders)
    name = name or next((o.customer_name for o in reversed(orders) if o.customer_name), "")
    profile = CustomerProfile(
        email=email.lower(), name=name, order_ids=tuple(o.order_id for o in orders),
        extended=dict(extended or {}), birthday=birthday, purchase_count=stats.purchase_count,
        total_spend=Decimal(stats.total_spend).quantize(Decimal("0.01")),
        average_order=Decimal(stats.average_order).quantize(Decimal("0.01")),
        purchase_cycle_days=stats.purchase_cycle_days, currency=stats.currency,
    )
    derived: dict[str, Any] = {}
    if stats.purchase_count:
        days_since = (utc(now) - utc(stats.last_purchase)).total_seconds() / 86400
        derived = {"segment": "repeat" if stats.purchase_count >= 2 else "first-time",
                   "days_since_last_purchase": round(days_since, 1), "open_orders": stats.open_orders}
        if stats.purchase_cycle_days:
            derived["next_purchase_expected_in_days"] = round(stats.purchase_cycle_days - days_since, 1)
            derived["lapsed"] = days_since > 2 * stats.purchase_cycle_days
    elif orders:
        derived = {"segment": "prospect", "open_orders": stats.open_orders}
    return CustomerProfile(**{**profile.__dict__, "derived": derived})
