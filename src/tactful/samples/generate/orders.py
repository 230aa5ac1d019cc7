"""The sample shop's orders and tracking events, as a compact spec expanded into CSV rows.

Tracking numbers are computed, not typed: UPU S10 (China Post, Latvijas Pasts), UPS 1Z and DHL
Express numbers each carry a valid check digit (see tactful.shop.tracking). Event routes are the
usual milestones of each carrier; ``upto`` says how far a parcel has got, ``extra`` adds the
special events the sample emails talk about (customs hold, carrier delay, pick-up point).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from tactful.shop.tracking import make_dhl, make_s10, make_ups

NOW = datetime(2026, 11, 21, 23, 59)   # the sample data describes the shop as of this moment

PRICES = {  # kept equal to catalog.csv (a test checks the totals against the catalogue)
    "DR-LIN": Decimal("89.00"), "DR-SLK": Decimal("129.00"), "CT-WOOL": Decimal("239.00"),
    "SH-LOAF": Decimal("119.00"), "BG-TOTE": Decimal("149.00"), "BG-CROSS": Decimal("79.00"),
    "JW-HOOP": Decimal("45.00"), "JW-CHAIN-SLV": Decimal("59.00"), "JW-CHAIN-GLD": Decimal("69.00"),
    "JW-RING": Decimal("35.00"), "AC-CLIP": Decimal("24.00"), "AC-SCARF": Decimal("69.00"),
}
SHIPPING = {"economy": Decimal("0"), "dhl": Decimal("24.90"), "ups": Decimal("19.90"),
            "baltic": Decimal("4.90")}
CARRIER = {"economy": "China Post", "dhl": "DHL Express", "ups": "UPS", "baltic": "Latvijas Pasts"}

HUB = {  # where international mail enters each country
    "US": "Chicago ISC, IL, US", "GB": "East Midlands, GB", "DE": "Frankfurt am Main, DE",
    "FR": "Roissy-Charles-de-Gaulle, FR", "ES": "Madrid, ES", "PT": "Lisboa, PT",
    "BR": "Curitiba, PR, BR", "RU": "Moscow (Vnukovo), RU", "EE": "Tallinn, EE", "LV": "Riga, LV",
    "CN": "Shanghai, CN", "TW": "Taoyuan, TW", "HK": "Hong Kong, HK", "IT": "Milano, IT",
}
CITY = {
    "US": "Portland, OR, US", "GB": "Leeds, GB", "DE": "Berlin, DE", "FR": "Lyon, FR",
    "ES": "Valencia, ES", "PT": "Porto, PT", "BR": "São Paulo, SP, BR", "RU": "Moscow, RU",
    "EE": "Tallinn, EE", "LV": "Riga, LV", "CN": "Shanghai, CN", "TW": "Taipei, TW",
    "HK": "Kowloon, HK", "IT": "Bologna, IT",
}


def price(sku: str) -> Decimal:
    for key in sorted(PRICES, key=len, reverse=True):
        if key in sku:
            return PRICES[key]
    raise KeyError(sku)


@dataclass
class O:
    id: str
    email: str
    name: str
    country: str
    placed: str
    status: str
    items: str                      # "SKU:QTY;SKU"
    method: str = "economy"
    shipped: str = ""
    upto: str = ""                  # how far the route got: departed, arrived, customs, cleared, out, delivered
    payment: str = "Visa"
    reason: str = ""
    refunded: str = ""
    extra: list = field(default_factory=list)   # [(time, status, location, detail)]
    delivered_days: int | None = None           # days from shipping to delivery (route default otherwise)


FIRST_SERIAL = {"economy": 48211730, "baltic": 30975122, "ups": 4418201, "dhl": 731500412}


def tracking_for(method: str, serials: dict[str, int]) -> str:
    """The next tracking number of ``method``; ``serials`` holds each carrier's running serial."""
    serials[method] += 7919 if method in ("economy", "baltic") else 613
    n = serials[method]
    if method == "economy":
        return make_s10("RR", f"{n:08d}", "CN")
    if method == "baltic":
        return make_s10("RL", f"{n:08d}", "LV")
    if method == "ups":
        return make_ups("7Y62W4", "65", f"{n:07d}")
    return make_dhl(f"{n:09d}")


def _t(text: str) -> datetime:
    return datetime.fromisoformat(text)


def route(o: O, number: str) -> list[tuple[datetime, str, str, str]]:
    """The carrier milestones of one parcel up to ``o.upto`` (plus its special events)."""
    s = _t(o.shipped)
    dest = o.country
    if o.method == "economy":
        steps = [(0, "info_received", "Guangzhou, CN", "Electronic information received"),
                 (0.3, "shipped", "Guangzhou, CN", "Posted at Guangzhou Baiyun post office"),
                 (2, "in_transit", "Guangzhou International Mail Exchange, CN", "Departed from the office of exchange"),
                 (11, "arrived_in_country", HUB[dest], "Arrived at the office of exchange"),
                 (11.3, "customs", HUB[dest], "Presented to customs"),
                 (12, "customs_cleared", HUB[dest], "Released by customs"),
                 (14, "out_for_delivery", CITY[dest], "Out for delivery"),
                 (14.4, "delivered", CITY[dest], "Delivered")]
        if dest == "CN":
            steps = [(0, "info_received", "Guangzhou, CN", "Electronic information received"),
                     (0.3, "shipped", "Guangzhou, CN", "Posted at Guangzhou Baiyun post office"),
                     (1.5, "in_transit", "Guangzhou processing centre, CN", "Departed"),
                     (3, "arrived_in_country", CITY[dest], "Arrived at the delivery office"),
                     (3.4, "out_for_delivery", CITY[dest], "Out for delivery"),
                     (3.8, "delivered", CITY[dest], "Delivered")]
    elif o.method == "dhl":
        steps = [(0, "shipped", "Guangzhou, CN", "Shipment picked up"),
                 (0.6, "in_transit", "Hong Kong hub, HK", "Departed facility"),
                 (2, "arrived_in_country", HUB.get(dest, dest), "Arrived at DHL facility"),
                 (2.3, "customs", HUB.get(dest, dest), "Customs status updated"),
                 (2.6, "customs_cleared", HUB.get(dest, dest), "Clearance processing complete"),
                 (3.3, "out_for_delivery", CITY[dest], "With delivery courier"),
                 (3.6, "delivered", CITY[dest], "Delivered")]
    elif o.method == "ups":
        steps = [(0, "info_received", "Shenzhen, CN", "Shipper created a label"),
                 (0.4, "shipped", "Shenzhen, CN", "Picked up"),
                 (1.2, "in_transit", "Cologne, DE" if dest not in ("US", "TW", "HK") else "Anchorage, AK, US",
                  "Departed from facility"),
                 (3, "arrived_in_country", HUB.get(dest, dest), "Arrived at facility"),
                 (3.2, "customs", HUB.get(dest, dest), "Import scan; your package is being cleared"),
                 (3.6, "customs_cleared", HUB.get(dest, dest), "Cleared by customs"),
                 (4.3, "out_for_delivery", CITY[dest], "Out for delivery today"),
                 (4.6, "delivered", CITY[dest], "Delivered; left at front door")]
    else:  # baltic
        steps = [(0, "info_received", "Riga, LV", "Item registered"),
                 (0.3, "shipped", "Riga, LV", "Accepted at Riga sorting centre"),
                 (1, "in_transit", "Riga, LV", "Left the sorting centre"),
                 (1.8, "arrived_in_country", HUB[dest], "Arrived at the destination country"),
                 (2.4, "out_for_delivery", CITY[dest], "Out for delivery"),
                 (2.8, "delivered", CITY[dest], "Delivered")]
    cut = {"departed": "in_transit", "arrived": "arrived_in_country", "customs": "customs",
           "cleared": "customs_cleared", "out": "out_for_delivery", "delivered": "delivered",
           "shipped": "shipped"}[o.upto]
    names = [st[1] for st in steps]
    if cut == "customs" and "customs" not in names:
        cut = "arrived_in_country"
    keep = steps[: names.index(cut) + 1]
    scale = 1.0
    if o.delivered_days is not None and cut == "delivered":
        scale = o.delivered_days / keep[-1][0]
    events = [(s + timedelta(days=d * scale), st, loc, det) for d, st, loc, det in keep]
    events += [(_t(t), st, loc, det) for t, st, loc, det in o.extra]
    events.sort()
    for when, *_ in events:
        assert when <= NOW, (o.id, when)
    return [(when.replace(second=0, microsecond=0), st, loc, det) for when, st, loc, det in events]


def expand(orders: list[O]) -> tuple[list[dict], list[dict]]:
    """CSV rows for orders.csv and tracking_events.csv."""
    order_rows, event_rows = [], []
    serials = dict(FIRST_SERIAL)
    for o in orders:
        number = tracking_for(o.method, serials) if o.shipped else ""
        events = route(o, number) if o.shipped else []
        delivered = next((t for t, st, *_ in events if st == "delivered"), None)
        total = sum((price(part.split(":")[0]) * int(part.split(":")[1] if ":" in part else 1)
                     for part in o.items.split(";")), Decimal("0")) + SHIPPING[o.method]
        order_rows.append({
            "order_id": o.id, "customer_email": o.email, "customer_name": o.name,
            "placed_at": o.placed, "status": o.status, "items": o.items, "total": f"{total:.2f}",
            "currency": "EUR", "country": o.country, "shipping_method": o.method,
            "carrier": CARRIER[o.method] if o.shipped else "", "tracking_number": number,
            "shipped_at": events[1][0].isoformat(timespec="minutes") if len(events) > 1 and events[0][1] == "info_received"
            else (events[0][0].isoformat(timespec="minutes") if events else ""),
            "delivered_at": delivered.isoformat(timespec="minutes") if delivered and o.status != "shipped" else "",
            "payment_method": o.payment if o.status != "unpaid" else o.payment,
            "status_reason": o.reason, "refunded_at": o.refunded,
        })
        for when, st, loc, det in events:
            event_rows.append({"tracking_number": number, "time": when.isoformat(timespec="minutes"),
                               "status": st, "location": loc, "detail": det})
    return order_rows, event_rows
