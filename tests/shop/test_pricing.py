"""bulk_price: the shop's tiers and nothing else (POLICY-LIMIT); lots for items sold by the dozen."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tactful.shop import bulk_price, nearest_lot


def test_tier_applies_from_its_minimum(sample_shop):
    dress = sample_shop.product("LL-DR-LIN-NAVY-M")
    tiers = sample_shop.policies.bulk_tiers
    assert bulk_price(dress, 9, tiers).percent == 0
    quote = bulk_price(dress, 40, tiers)
    assert quote.percent == Decimal("10")
    assert quote.unit_price == Decimal("80.10") and quote.total == Decimal("3204.00")
    assert quote.list_total == Decimal("3560.00") and quote.saving == Decimal("356.00")
    assert quote.currency == "EUR" and quote.next_tier.min_qty == 100


def test_below_all_tiers_names_the_next_one(sample_shop):
    quote = bulk_price(sample_shop.product("LL-CT-WOOL-CAM-S"), 2, sample_shop.policies.bulk_tiers)
    assert quote.percent == 0 and quote.unit_price == Decimal("239.00")
    assert quote.next_tier.min_qty == 10


def test_unit_price_and_quantity_validation(sample_shop):
    assert bulk_price(Decimal("24.00"), 100, sample_shop.policies.bulk_tiers).unit_price == Decimal("20.40")
    with pytest.raises(ValueError):
        bulk_price(Decimal("1"), 0, ())


def test_nearest_lot():
    assert nearest_lot(30, 12) == (24, 36)
    assert nearest_lot(36, 12) == (36, 36)
    assert nearest_lot(5, 12) == (0, 12)
    assert nearest_lot(7, 1) == (7, 7)
