"""load_shop on the bundled sample shop: everything the composer relies on is there and typed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tactful.samples import SHOP_DIR
from tactful.shop import FolderSource, ShopSource, load_shop
from tactful.shop.model import ORDER_STATUSES


def test_sample_shop_settings(sample_shop):
    assert sample_shop.name == "Linden & Loom"
    assert sample_shop.sender_address == "care@lindenloom.example"
    assert sample_shop.timezone == "Europe/Riga"
    assert sample_shop.reply_hours == 24
    assert sample_shop.policies.max_discount_percent == Decimal("10")
    assert [(t.min_qty, t.percent) for t in sample_shop.policies.bulk_tiers] == [
        (10, Decimal("5")), (30, Decimal("10")), (100, Decimal("15"))]
    assert "PayPal" in sample_shop.payment_methods
    assert {p.name for p in sample_shop.pauses} >= {"Warehouse stocktaking", "Christmas and New Year"}


def test_shipping_methods_and_transit(sample_shop):
    ids = [m.id for m in sample_shop.shipping_methods]
    assert ids == ["economy", "dhl", "ups", "baltic"]
    economy = sample_shop.shipping_method("economy")
    assert economy.carrier == "China Post"
    for country in ("US", "DE", "FR", "ES", "PT", "BR", "RU", "EE", "LV", "CN", "TW", "HK", "GB"):
        assert economy.transit_for(country).country == country
    assert economy.transit_for("IT").country == "*"          # falls back to "*"
    assert sample_shop.shipping_method("baltic").transit_for("US") is None   # no "*" row: not served
    dhl = sample_shop.shipping_method("dhl")
    assert dhl.price == Decimal("24.90")
    assert dhl.tracking_link("1234567890").endswith("tracking-id=1234567890")


def test_catalogue_and_orders(sample_shop):
    assert len(sample_shop.catalog) >= 40
    coat = sample_shop.product("LL-CT-WOOL-CAM-L")
    assert coat.material == "90% wool, 10% cashmere" and coat.stock == 0
    assert coat.restock_date == date(2026, 12, 5)
    assert sample_shop.product("LL-AC-CLIP-IVO").lot_size == 12
    assert len(sample_shop.variants("CT-WOOL")) == 6
    assert len(sample_shop.orders) >= 60
    assert {o.status for o in sample_shop.orders} == set(ORDER_STATUSES)


def test_order_lookup_and_times(sample_shop):
    order = sample_shop.order("#ll-10215")
    assert order.customer_name == "James Whitfield"
    assert order.carrier == "UPS" and order.tracking_number.startswith("1Z")
    assert order.placed_at == datetime.fromisoformat("2026-11-10T18:05+02:00")   # naive = shop time zone
    assert order.placed_at.tzinfo is not None
    assert sample_shop.order_by_tracking(order.tracking_number) == order
    events = sample_shop.events(order.tracking_number)
    assert [e.status for e in events][-1] == "customs"
    assert [e.time for e in events] == sorted(e.time for e in events)
    assert [o.order_id for o in sample_shop.orders_for("JULIA.WAGNER@example.com")] == ["LL-10242", "LL-10243"]


def test_order_totals_match_catalogue_and_shipping(sample_shop):
    for order in sample_shop.orders:
        items = sum(sample_shop.product(line.sku).price * line.quantity for line in order.items)
        method = sample_shop.shipping_method(order.shipping_method)
        assert order.total == items + method.price, order.order_id


def test_folder_source_is_a_shop_source():
    source = FolderSource(SHOP_DIR)
    assert isinstance(source, ShopSource)
    assert source.load().name == "Linden & Loom"


def test_load_shop_accepts_any_shop_source(sample_shop):
    class Memory:
        def load(self):
            return sample_shop

    assert load_shop(Memory()) is sample_shop


def test_replace_gives_a_fresh_lookup_cache(sample_shop):
    from dataclasses import replace

    assert sample_shop.order("LL-10215") is not None          # fills the cache
    empty = replace(sample_shop, orders=())
    assert empty.order("LL-10215") is None
    assert sample_shop.order("LL-10215") is not None


def test_not_served_countries_override_the_star_row(sample_shop):
    ups = sample_shop.shipping_method("ups")
    assert ups.transit_for("RU") is None and ups.transit_for("ru") is None
    assert ups.transit_for("IT").country == "*"
    assert sample_shop.shipping_method("economy").transit_for("RU").max_days == 30


@pytest.mark.parametrize("written", ["LL-10215", "ll-10215", "LL10215", "#LL-10215", "LL 10215", "10215", " #10215 "])
def test_order_ids_as_customers_write_them(sample_shop, written):
    assert sample_shop.order(written).order_id == "LL-10215"


def test_unknown_or_ambiguous_numbers_find_nothing(sample_shop):
    from dataclasses import replace

    from tactful.shop import Order
    assert sample_shop.order("LL-99999") is None and sample_shop.order("") is None
    twin = replace(sample_shop.order("LL-10215"), order_id="XY-10215")
    shop = replace(sample_shop, orders=sample_shop.orders + (twin,))
    assert shop.order("10215") is None                       # two orders end in 10215: do not guess
    assert shop.order("XY-10215") is twin and isinstance(twin, Order)


def test_tracking_lookups_ignore_spaces_dashes_and_case(sample_shop):
    order = sample_shop.order("LL-10205")
    n = order.tracking_number.lower()
    spaced = f"{n[:2]} {n[2:5]}-{n[5:8]} {n[8:]}"
    assert sample_shop.order_by_tracking(spaced) == order
    assert [e.status for e in sample_shop.events(spaced)][-1] == "customs"
