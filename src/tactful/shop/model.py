"""Plain data describing a shop: policies, shipping, catalogue, sizes, orders, tracking.

Loaded from a shop folder by ``tactful.shop.load_shop`` (see docs/shop-data.md); another
adapter (Shopify, WooCommerce) only has to produce these same objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

ORDER_STATUSES = ("unpaid", "paid", "shipped", "delivered", "cancelled", "returned", "refunded")
EVENT_STATUSES = ("info_received", "shipped", "in_transit", "arrived_in_country", "customs",
                  "customs_cleared", "out_for_delivery", "available_for_pickup", "delivered",
                  "delayed", "exception", "returned_to_sender")
PAUSE_SCOPES = ("handling", "all")   # "handling": no dispatch; "all": carriers stop too


@dataclass(frozen=True)
class BulkTier:
    min_qty: int
    percent: Decimal


@dataclass(frozen=True)
class Policies:
    return_window_days: int = 30
    return_shipping_paid_by: str = "customer"      # "customer" | "shop"
    max_discount_percent: Decimal = Decimal("0")
    bulk_tiers: tuple[BulkTier, ...] = ()
    max_compensation_percent: Decimal = Decimal("0")
    changeable_before_shipping: tuple[str, ...] = ("size", "colour", "quantity", "address")
    refund_processing_days: int = 5        # days until a refund shows on the customer's account
    unpaid_cancel_days: int = 7            # unpaid orders are closed after this many days


@dataclass(frozen=True)
class TransitTime:
    country: str            # ISO 3166-1 alpha-2, or "*" for anywhere else
    min_days: int
    max_days: int


@dataclass(frozen=True)
class ShippingMethod:
    id: str
    name: str
    carrier: str
    handling_days: tuple[int, int]
    transit: tuple[TransitTime, ...]
    price: Decimal
    currency: str
    tracking_url: str        # template with "{tracking}"
    ships_from: str = ""     # ISO country code of the warehouse this method ships from
    not_served: tuple[str, ...] = ()   # countries the "*" row does not cover (carrier suspended there)

    def transit_for(self, country: str) -> TransitTime | None:
        """Transit days to ``country``, falling back to the "*" row; None when not served."""
        if (country or "").upper() in self.not_served:
            return None
        fallback = None
        for row in self.transit:
            if row.country.upper() == (country or "").upper():
                return row
            if row.country == "*":
                fallback = row
        return fallback

    def tracking_link(self, tracking_number: str) -> str:
        return self.tracking_url.replace("{tracking}", tracking_number)


@dataclass(frozen=True)
class Pause:
    """A holiday or shipping pause: no handling on these dates (inclusive)."""

    name: str
    start: date
    end: date
    scope: str = "handling"  # "handling" (we do not dispatch) or "all" (carriers stop as well)

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    colour: str = ""
    size: str = ""
    stock: int = 0
    material: str = ""
    price: Decimal = Decimal("0")
    currency: str = "USD"
    category: str = ""
    product_id: str = ""     # groups variants of one product; defaults to the name
    lot_size: int = 1        # sold only in lots of this many pieces (e.g. 12 = by the dozen)
    restock_date: date | None = None   # when an out-of-stock variant is expected back, if known

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


@dataclass(frozen=True)
class SizeRow:
    """One size of one product or category, with body measurements in cm (ranges)."""

    key: str                 # product_id or category the row applies to
    size: str
    measurements: tuple[tuple[str, float, float], ...]   # (name, min_cm, max_cm)


@dataclass(frozen=True)
class OrderLine:
    sku: str
    quantity: int


@dataclass(frozen=True)
class Order:
    order_id: str
    customer_email: str
    customer_name: str
    placed_at: datetime
    status: str
    items: tuple[OrderLine, ...]
    total: Decimal
    currency: str
    country: str
    shipping_method: str = ""
    carrier: str = ""
    tracking_number: str = ""
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    payment_method: str = ""
    status_reason: str = ""  # why the order is in its status, when known (e.g. "payment_not_approved")
    refunded_at: datetime | None = None

    @property
    def is_shipped(self) -> bool:
        return self.status in ("shipped", "delivered", "returned") or self.shipped_at is not None

    @property
    def never_shipped(self) -> bool:
        """Certainly never sent: unpaid or cancelled, with no ship date or tracking number. (A paid
        order may already be on its way while the shop's export still says paid.)"""
        return self.status in ("unpaid", "cancelled") and self.shipped_at is None and not self.tracking_number


@dataclass(frozen=True)
class TrackingEvent:
    tracking_number: str
    time: datetime
    status: str              # e.g. "shipped", "in_transit", "arrived_in_country", "customs", "out_for_delivery", "delivered", "exception"
    location: str = ""
    detail: str = ""         # the carrier's own words (e.g. "held for customs inspection")


@dataclass(frozen=True)
class Shop:
    name: str
    sender_name: str
    sender_address: str
    reply_hours: int = 24
    policies: Policies = Policies()
    shipping_methods: tuple[ShippingMethod, ...] = ()
    payment_methods: tuple[str, ...] = ()
    pauses: tuple[Pause, ...] = ()
    catalog: tuple[Product, ...] = ()
    size_chart: tuple[SizeRow, ...] = ()
    orders: tuple[Order, ...] = ()
    tracking_events: tuple[TrackingEvent, ...] = ()
    order_pattern: str = ""          # regex for this shop's order numbers (READ-FACTS)
    default_language: str = "en"
    agent_name: str = ""
    timezone: str = "UTC"
    disabled_rules: tuple[str, ...] = ()   # review rules silenced by this shop (e.g. INVITE)
    currency: str = "EUR"            # the shop's main currency
    website: str = ""
    review_url: str = ""             # where customers can leave a review (NOTIFY review invitation)
    # init=False: dataclasses.replace(shop, orders=...) must start a fresh cache, not share a stale one.
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    # Lookups are plain scans cached on first use; shops hold thousands, not millions, of rows.
    def _idx(self, name: str, build):
        if name not in self._index:
            self._index[name] = build()
        return self._index[name]

    def order(self, order_id: str) -> Order | None:
        """The order with this id as customers write it: "LL-10231", "ll10231", "#LL 10231" or "10231"."""
        key = _order_key(order_id)
        found = self._idx("orders", lambda: {_order_key(o.order_id): o for o in self.orders}).get(key)
        if found is None and key.isdigit():
            # Only the number: accept it when exactly one order id carries those digits.
            by_digits = self._idx("order_digits", lambda: _group(self.orders, lambda o: re.sub(r"\D", "", o.order_id)))
            matches = by_digits.get(key, [])
            found = matches[0] if len(matches) == 1 else None
        return found

    def orders_for(self, email: str) -> tuple[Order, ...]:
        by_email = self._idx("by_email", lambda: _group(self.orders, lambda o: o.customer_email.lower()))
        return tuple(sorted(by_email.get(email.lower(), ()), key=lambda o: o.placed_at))

    def order_by_tracking(self, tracking_number: str) -> Order | None:
        return self._idx("by_tracking", lambda: {_tracking_key(o.tracking_number): o
                                                 for o in self.orders if o.tracking_number}).get(
            _tracking_key(tracking_number))

    def product(self, sku: str) -> Product | None:
        return self._idx("products", lambda: {p.sku.upper(): p for p in self.catalog}).get(sku.upper())

    def variants(self, product_id: str) -> tuple[Product, ...]:
        groups = self._idx("variants", lambda: _group(self.catalog, lambda p: p.product_id or p.name))
        return tuple(groups.get(product_id, ()))

    def shipping_method(self, method_id: str) -> ShippingMethod | None:
        return next((m for m in self.shipping_methods if m.id == method_id), None)

    def events(self, tracking_number: str) -> tuple[TrackingEvent, ...]:
        groups = self._idx("events", lambda: _group(self.tracking_events, lambda e: _tracking_key(e.tracking_number)))
        return tuple(sorted(groups.get(_tracking_key(tracking_number), ()), key=lambda e: e.time))


def _tracking_key(number: str) -> str:
    return re.sub(r"[\s-]", "", number or "").upper()


def _order_key(order_id: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", (order_id or "").upper())


def _group(rows, key) -> dict:
    out: dict = {}
    for row in rows:
        out.setdefault(key(row), []).append(row)
    return out
