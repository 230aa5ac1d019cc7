"""closest_alternatives: same product first (same size), then the same category; only in stock."""

from __future__ import annotations

from tactful.shop import closest_alternatives, find_products


def test_gold_hoops_sold_out_offers_other_colours_of_the_same_hoops(sample_shop):
    gold = sample_shop.product("LL-JW-HOOP-GLD")
    assert not gold.in_stock
    alternatives = closest_alternatives(gold, sample_shop.catalog)
    assert [p.sku for p in alternatives[:2]] == ["LL-JW-HOOP-SLV", "LL-JW-HOOP-RGD"] or \
        [p.sku for p in alternatives[:2]] == ["LL-JW-HOOP-RGD", "LL-JW-HOOP-SLV"]
    assert all(p.in_stock for p in alternatives)
    assert len(alternatives) == 3 and alternatives[2].category == "jewellery"


def test_same_size_other_colour_before_other_sizes(sample_shop):
    wanted = sample_shop.product("LL-DR-SLK-CHAM-M")      # champagne M: out of stock
    alternatives = closest_alternatives(wanted, sample_shop.catalog)
    assert alternatives[0].sku == "LL-DR-SLK-BLK-M"       # same dress, same size, other colour
    assert {p.sku for p in alternatives[1:3]} == {"LL-DR-SLK-CHAM-S", "LL-DR-SLK-CHAM-L"}


def test_out_of_stock_variants_are_never_offered(sample_shop):
    wanted = sample_shop.product("LL-SH-LOAF-BLK-39")
    alternatives = closest_alternatives(wanted, sample_shop.catalog, limit=10)
    assert "LL-SH-LOAF-BLK-39" not in {p.sku for p in alternatives}
    assert alternatives[0].sku == "LL-SH-LOAF-TAN-39"
    assert all(p.stock > 0 for p in alternatives)


def test_other_category_is_not_an_alternative(sample_shop):
    tote = sample_shop.product("LL-BG-TOTE-BLK")
    alternatives = closest_alternatives(tote, sample_shop.catalog, limit=10)
    assert alternatives and {p.category for p in alternatives} == {"bags"}
    assert alternatives[0].sku == "LL-BG-TOTE-COG"


def test_find_products(sample_shop):
    found = find_products(sample_shop.catalog, name="linen", colour="Sage", size="L")
    assert [p.sku for p in found] == ["LL-DR-LIN-SAGE-L"]
