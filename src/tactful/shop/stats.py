"""Customer value from order history (PROFILE-5 levels "valuable" and "high-value", READ-PROFILE).

Only orders the customer actually paid for and kept count as purchases: unpaid and cancelled
orders never were, refunded and returned ones were given back.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Iterable

from tactful.shop.model import Order

PURCHASE_STATUSES = ("paid", "shipped", "delivered")


@dataclass(frozen=True)
class CustomerStats:
    purchase_count: int = 0
    total_spend: Decimal = Decimal("0")
    average_order: Decimal = Decimal("0")
    currency: str = ""
    purchase_cycle_days: float | None = None   # mean days between purchases; None below two
    first_purchase: datetime | None = None
    last_purchase: datetime | None = None
    order_count: int = 0                       # every order, whatever its status
    open_orders: int = 0                       # unpaid, paid or shipped: still moving

    @property
    def returning(self) -> bool:
        return self.purchase_count >= 2


def customer_stats(orders: Iterable[Order]) -> CustomerStats:
    """Purchase count, total spend, average order and purchase cycle of one customer's orders.

    Amounts are summed in the customer's most used currency; orders in other currencies are
    counted as purchases but left out of the sums rather than converted at an invented rate.
    """
    orders = sorted(orders, key=lambda o: o.placed_at)
    bought = [o for o in orders if o.status in PURCHASE_STATUSES]
    open_orders = sum(o.status in ("unpaid", "paid", "shipped") for o in orders)
    if not bought:
        return CustomerStats(order_count=len(orders), open_orders=open_orders)
    currency = Counter(o.currency for o in bought).most_common(1)[0][0]
    amounts = [o.total for o in bought if o.currency == currency]
    total = sum(amounts, Decimal("0"))
    cycle = None
    if len(bought) >= 2:
        span = (bought[-1].placed_at - bought[0].placed_at).total_seconds() / 86400
        cycle = round(span / (len(bought) - 1), 1)
    return CustomerStats(
        purchase_count=len(bought),
        total_spend=total,
        average_order=(total / len(amounts)).quantize(Decimal("0.01")),
        currency=currency,
        purchase_cycle_days=cycle,
        first_purchase=bought[0].placed_at,
        last_purchase=bought[-1].placed_at,
        order_count=len(orders),
        open_orders=open_orders,
    )
