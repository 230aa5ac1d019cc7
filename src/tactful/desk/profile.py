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

# Orders that did not turn into a purchase do not count towards spend or cycle.
NOT_PURCHASES = ("cancelled", "unpaid", "refunded")


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
    """Everything PROFILE-5 can say about ``email`` from its ``orders`` (shop.Order objects)."""
    orders = sorted(orders, key=lambda o: o.placed_at)
    purchases = [o for o in orders if o.status not in NOT_PURCHASES]
    total = sum((Decimal(o.total) for o in purchases), Decimal("0"))
    count = len(purchases)
    average = (total / count).quantize(Decimal("0.01")) if count else Decimal("0")
    cycle = None
    if count >= 2:
        gaps = [(b.placed_at - a.placed_at).total_seconds() / 86400 for a, b in zip(purchases, purchases[1:])]
        cycle = round(sum(gaps) / len(gaps), 1)
    currencies = {o.currency for o in purchases}
    name = name or next((o.customer_name for o in reversed(orders) if o.customer_name), "")
    profile = CustomerProfile(
        email=email.lower(), name=name, order_ids=tuple(o.order_id for o in orders),
        extended=dict(extended or {}), birthday=birthday, purchase_count=count,
        total_spend=total.quantize(Decimal("0.01")), average_order=average, purchase_cycle_days=cycle,
        currency=currencies.pop() if len(currencies) == 1 else ("" if not currencies else "mixed"),
    )
    return _with_derived(profile, purchases, now)


def _with_derived(profile: CustomerProfile, purchases: Sequence, now: datetime) -> CustomerProfile:
    if not purchases:
        derived: dict[str, Any] = {"segment": "prospect"} if profile.order_ids else {}
    else:
        last = purchases[-1].placed_at
        days_since = (utc(now) - utc(last)).total_seconds() / 86400
        segment = "repeat" if profile.purchase_count >= 2 else "first-time"
        derived = {"segment": segment, "days_since_last_purchase": round(days_since, 1)}
        if profile.purchase_cycle_days:
            derived["next_purchase_expected_in_days"] = round(profile.purchase_cycle_days - days_since, 1)
            derived["lapsed"] = days_since > 2 * profile.purchase_cycle_days
    return CustomerProfile(**{**profile.__dict__, "derived": derived})
