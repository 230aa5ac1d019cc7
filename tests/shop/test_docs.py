"""docs/shop-data.md documents every setting and column the loader accepts (it fails when one is added)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tactful.samples.generate.__main__ import EVENT_COLUMNS, ORDER_COLUMNS
from tactful.shop.loader import METHOD_KEYS, PAUSE_KEYS, POLICY_KEYS, TIER_KEYS, TOP_KEYS
from tactful.shop.model import EVENT_STATUSES, ORDER_STATUSES

DOC = (Path(__file__).resolve().parents[2] / "docs" / "shop-data.md").read_text(encoding="utf-8")
CATALOG_COLUMNS = ("sku", "product_id", "name", "category", "colour", "size", "stock", "material", "price",
                   "currency", "lot_size", "restock_date")


@pytest.mark.parametrize("name", sorted(set(TOP_KEYS + POLICY_KEYS + METHOD_KEYS + PAUSE_KEYS + TIER_KEYS
                                            + tuple(ORDER_COLUMNS) + tuple(EVENT_COLUMNS) + CATALOG_COLUMNS)))
def test_every_setting_and_column_is_documented(name):
    assert f"`{name}`" in DOC


@pytest.mark.parametrize("status", ORDER_STATUSES + EVENT_STATUSES)
def test_every_status_is_documented(status):
    assert f"`{status}`" in DOC


def test_sample_catalogue_uses_the_documented_columns():
    from tactful.samples import SHOP_DIR
    header = (SHOP_DIR / "catalog.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert tuple(header) == CATALOG_COLUMNS
