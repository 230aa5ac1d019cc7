"""A small, fixed shop for the review tests: known orders, tracking, stock and policy limits.

Built from the dataclasses (not the sample shop folder) so the labelled cases keep their
meaning when the bundled sample data changes.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

from tactful.shop.model import (BulkTier, Order, OrderLine, Pause, Policies, Product, ShippingMethod,
                                Shop, TrackingEvent, TransitTime)

UTC = timezone.utc


def _dt(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=UTC)


def make_shop(**overrides) -> Shop:
    fields = dict(
        name="Northwind Knits",
        sender_name="Northwind Knits Support",
        sender_address="help@northwind.example",
        reply_hours=24,
        policies=Policies(return_window_days=30, return_shipping_paid_by="shop",
                          max_discount_percent=Decimal("10"),
                          bulk_tiers=(BulkTier(50, Decimal("15")),),
                          max_compensation_percent=Decimal("20")),
        shipping_methods=(
            ShippingMethod("std", "Standard", "DHL", (1, 2),
                           (TransitTime("*", 5, 9),), Decimal("5.90"), "EUR",
                           "https://www.dhl.com/track?id={tracking}"),
            ShippingMethod("baltic", "Baltic parcel", "Omniva", (1, 2),
                           (TransitTime("EE", 1, 3), TransitTime("LV", 2, 4)), Decimal("3.50"), "EUR",
                           "https://www.omniva.ee/track?barcode={tracking}"),
            ShippingMethod("post", "Economy post", "China Post", (2, 4),
                           (TransitTime("*", 12, 25),), Decimal("0"), "EUR",
                           "https://track.chinapost.example/{tracking}"),
        ),
        payment_methods=("card", "paypal", "bank transfer"),
        pauses=(Pause("Spring festival", date(2026, 2, 14), date(2026, 2, 20)),),
        catalog=(
            Product("WS-100-RED-M", "Merino Sweater", "red", "M", 4, "90% merino wool, 10% nylon",
                    Decimal("79.00"), "EUR", "sweaters", "WS-100"),
            Product("WS-100-GRN-M", "Merino Sweater", "green", "M", 0, "90% merino wool, 10% nylon",
                    Decimal("79.00"), "EUR", "sweaters", "WS-100"),
            Product("LS-200-WHT-L", "Linen Shirt", "white", "L", 12, "100% linen",
                    Decimal("39.00"), "EUR", "shirts", "LS-200"),
            Product("SN-300", "Silver Necklace", "silver", "", 0, "925 silver",
                    Decimal("25.00"), "EUR", "jewellery", "SN-300"),
        ),
        orders=(
            Order("#10231", "anna@example.com", "Anna Smith", _dt("2026-03-02T09:00"), "shipped",
                  (OrderLine("WS-100-RED-M", 1),), Decimal("59.90"), "EUR", "DE", "std", "DHL",
                  "JD014600003828374", _dt("2026-03-04T10:00")),
            Order("#10232", "li.wei@example.cn", "Li Wei", _dt("2026-03-03T11:00"), "paid",
                  (OrderLine("LS-200-WHT-L", 3),), Decimal("120.00"), "EUR", "CN", "post"),
            Order("#10233", "mari@example.ee", "Mari Tamm", _dt("2026-02-25T08:00"), "delivered",
                  (OrderLine("SN-300", 1),), Decimal("89.00"), "EUR", "EE", "baltic", "Omniva",
                  "CC123456789EE", _dt("2026-02-26T12:00"), _dt("2026-02-28T15:00")),
            Order("#10234", "jose@example.es", "José García", _dt("2026-03-01T16:00"), "shipped",
                  (OrderLine("LS-200-WHT-L", 1),), Decimal("45.50"), "EUR", "ES", "post", "China Post",
                  "LP123456789CN", _dt("2026-03-03T09:00")),
        ),
        tracking_events=(
            TrackingEvent("JD014600003828374", _dt("2026-03-04T10:00"), "shipped", "Leipzig"),
            TrackingEvent("JD014600003828374", _dt("2026-03-06T07:00"), "in_transit", "Berlin"),
            TrackingEvent("LP123456789CN", _dt("2026-03-03T09:00"), "shipped", "Shenzhen"),
        ),
        order_pattern=r"#?\d{5}",
        agent_name="Laura",
    )
    fields.update(overrides)
    return Shop(**fields)
