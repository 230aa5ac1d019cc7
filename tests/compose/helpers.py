"""Test inputs for the composer, built directly from the contract dataclasses (imported by the tests).

A small but complete shop (policies, three shipping methods, a catalogue with colour and size
variants, a size chart, orders in every status, tracking events incl. customs) and a helper that
builds an ``Analysis`` the way the understand stage would.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

from tactful.shop.model import (BulkTier, Order, OrderLine, Pause, Policies, Product, ShippingMethod,
                                Shop, SizeRow, TrackingEvent, TransitTime)
from tactful.understand.types import Analysis, Fact, Facts, Item, Mood

UTC = timezone.utc
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def build_shop(**overrides) -> Shop:
    methods = (
        ShippingMethod("post", "Economy Post", "PostNord", (1, 3),
                       (TransitTime("DE", 5, 8), TransitTime("*", 10, 20)), Decimal("4.90"), "EUR",
                       "https://tracking.postnord.com/?id={tracking}"),
        ShippingMethod("dhl", "DHL Express", "DHL", (1, 1),
                       (TransitTime("DE", 1, 2), TransitTime("*", 2, 4)), Decimal("19.90"), "EUR",
                       "https://www.dhl.com/track?tracking-id={tracking}"),
        ShippingMethod("std", "Standard Parcel", "DPD", (1, 2),
                       (TransitTime("DE", 3, 4), TransitTime("*", 5, 8)), Decimal("8.90"), "EUR",
                       "https://tracking.dpd.de/status/en_US/parcel/{tracking}"),
    )
    catalog = (
        Product("CASE-GOLD", "Leather iPad Case", "gold", "", 0, "leather", Decimal("39.00"), "EUR", "cases", "ipad-case"),
        Product("CASE-ROSE", "Leather iPad Case", "rose gold", "", 7, "leather", Decimal("39.00"), "EUR", "cases", "ipad-case"),
        Product("CASE-CHAMP", "Leather iPad Case", "champagne", "", 3, "leather", Decimal("39.00"), "EUR", "cases", "ipad-case"),
        Product("CASE-BLACK", "Leather iPad Case", "black", "", 20, "leather", Decimal("39.00"), "EUR", "cases", "ipad-case"),
        Product("DRESS-BLUE-S", "Linen Dress", "blue", "S", 4, "100% linen", Decimal("59.00"), "EUR", "dresses", "linen-dress"),
        Product("DRESS-BLUE-M", "Linen Dress", "blue", "M", 2, "100% linen", Decimal("59.00"), "EUR", "dresses", "linen-dress"),
        Product("DRESS-BLUE-L", "Linen Dress", "blue", "L", 0, "100% linen", Decimal("59.00"), "EUR", "dresses", "linen-dress"),
        Product("DRESS-RED-L", "Linen Dress", "red", "L", 5, "100% linen", Decimal("59.00"), "EUR", "dresses", "linen-dress"),
        Product("SOCK-10", "Wool Socks", "grey", "", 500, "80% merino wool, 20% nylon", Decimal("12.00"), "EUR", "socks", "wool-socks"),
        Product("COAT-1", "Wool Coat", "navy", "M", 6, "90% wool, 10% cashmere", Decimal("189.00"), "EUR", "coats", "wool-coat"),
    )
    chart = (
        SizeRow("dresses", "S", (("chest", 82, 86), ("waist", 64, 68), ("hips", 88, 92))),
        SizeRow("dresses", "M", (("chest", 87, 91), ("waist", 69, 73), ("hips", 93, 97))),
        SizeRow("dresses", "L", (("chest", 92, 96), ("waist", 74, 78), ("hips", 98, 102))),
    )
    orders = (
        Order("TS-1001", "anna@example.de", "Anna Schmidt", dt("2026-11-01T09:00"), "shipped",
              (OrderLine("DRESS-BLUE-M", 1),), Decimal("63.90"), "EUR", "DE", "post", "PostNord",
              "RR123456785CN", dt("2026-11-03T12:00")),
        Order("TS-1002", "li@example.cn", "Li Wei", dt("2026-11-10T09:00"), "paid",
              (OrderLine("SOCK-10", 3),), Decimal("44.90"), "EUR", "CN", "post"),
        Order("TS-1003", "marie@example.fr", "Marie Dubois", dt("2026-10-01T09:00"), "delivered",
              (OrderLine("COAT-1", 1),), Decimal("198.90"), "EUR", "FR", "std", "DPD",
              "01234567890123", dt("2026-10-02T09:00"), dt("2026-10-08T15:00")),
        Order("TS-1004", "ivan@example.ru", "Иван Петров", dt("2026-10-20T09:00"), "shipped",
              (OrderLine("CASE-BLACK", 1),), Decimal("43.90"), "EUR", "RU", "post", "PostNord",
              "RA987654321CN", dt("2026-10-21T09:00")),
        Order("TS-1005", "jose@example.es", "José García", dt("2026-11-20T09:00"), "unpaid",
              (OrderLine("SOCK-10", 2),), Decimal("28.90"), "EUR", "ES", "post"),
        Order("TS-1006", "jose@example.es", "José García", dt("2026-11-20T10:00"), "unpaid",
              (OrderLine("CASE-ROSE", 1),), Decimal("43.90"), "EUR", "ES", "post"),
        Order("TS-1007", "marie@example.fr", "Marie Dubois", dt("2026-11-15T09:00"), "delivered",
              (OrderLine("DRESS-RED-L", 1), OrderLine("SOCK-10", 2)), Decimal("87.90"), "EUR", "FR", "std", "DPD",
              "09876543210987", dt("2026-11-16T09:00"), dt("2026-11-19T15:00")),
        Order("TS-1008", "kadri@example.ee", "Kadri Tamm", dt("2026-11-05T09:00"), "refunded",
              (OrderLine("COAT-1", 1),), Decimal("198.90"), "EUR", "EE", "std"),
    )
    events = (
        TrackingEvent("RR123456785CN", dt("2026-11-03T12:00"), "shipped", "Tallinn"),
        TrackingEvent("RR123456785CN", dt("2026-11-06T08:00"), "in_transit", "Riga"),
        TrackingEvent("RA987654321CN", dt("2026-10-21T09:00"), "shipped", "Tallinn"),
        TrackingEvent("RA987654321CN", dt("2026-11-02T10:00"), "customs", "Moscow"),
        TrackingEvent("09876543210987", dt("2026-11-19T15:00"), "delivered", "Lyon"),
    )
    fields = dict(
        name="Tallinn Threads", sender_name="Mari from Tallinn Threads", sender_address="help@threads.example",
        reply_hours=24,
        policies=Policies(return_window_days=30, return_shipping_paid_by="customer",
                          max_discount_percent=Decimal("5"),
                          bulk_tiers=(BulkTier(10, Decimal("5")), BulkTier(50, Decimal("10"))),
                          max_compensation_percent=Decimal("15")),
        shipping_methods=methods, payment_methods=("Visa", "Mastercard", "PayPal", "bank transfer"),
        pauses=(Pause("Christmas", date(2026, 12, 24), date(2026, 12, 27)),),
        catalog=catalog, size_chart=chart, orders=orders, tracking_events=events,
        order_pattern=r"TS-\d{4}", agent_name="Mari",
    )
    fields.update(overrides)
    return Shop(**fields)


def fact(value: str, kind: str = "", **extra) -> Fact:
    return Fact(value=value, kind=kind, extra=tuple(extra.items()))


def analysis(text: str, intents, *, language: str = "en", sender: str = "anna@example.de",
             sender_name: str = "", subject: str = "Question", received: datetime | None = None,
             negative: bool = False, kind: str = "inquiry", clarity: str = "C2", missing=(),
             image: bool = False, deadline: date | None = None, repeat_of: str | None = None,
             message_id: str = "<m1@example>", emotions=(), **facts) -> Analysis:
    intents = [intents] if isinstance(intents, str) else list(intents)
    items = tuple(Item(text=text, start=0, end=len(text), intent=i, deadline=deadline,
                       time_sensitive=deadline is not None) for i in intents)
    fact_fields = {name: tuple(fact(v) if isinstance(v, str) else v for v in values)
                   for name, values in facts.items()}
    return Analysis(source="test", message_id=message_id, text=text, masked_text=text, language=language,
                    language_confidence=0.99, items=items,
                    mood=Mood(negative=negative, kind=kind, emotions=tuple(emotions)), clarity=clarity,
                    facts=Facts(**fact_fields), missing=tuple(missing), secrets=(), subject=subject,
                    sender=sender, sender_name=sender_name, received_at=received or dt("2026-11-22T08:00"),
                    has_image_attachment=image, repeat_of=repeat_of)
