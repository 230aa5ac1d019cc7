"""The composer states the shop's own arithmetic (one implementation, in ``tactful.shop``): delivery
windows with the documented pause scopes, size advice, alternatives, bulk and lot prices.

Expected values come from the ``tactful.shop`` helpers or from the calendar by hand, never from
the composer, so a composer that computed its own dates or prices would fail here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from .helpers import NOW, analysis, build_shop, dt, fact
from tactful.compose import compose
from tactful.shop import estimate_delivery, recommend_size
from tactful.shop.model import Order, OrderLine, Pause


def paid(order_id: str, placed: str, **kw) -> Order:
    return Order(order_id, "eva@example.de", "Eva Braun", dt(placed), "paid", (OrderLine("SOCK-10", 1),),
                 Decimal("16.90"), "EUR", kw.pop("country", "DE"), kw.pop("method", "post"), **kw)


def eta_of(shop, order, now=NOW, text="When will my order arrive?", **kw):
    shop = replace(shop, orders=shop.orders + (order,))
    a = analysis(f"{text} {order.order_id}", "shipping.time", order_numbers=[order.order_id],
                 sender=order.customer_email, received=now, **kw)
    d = compose(a, shop, now=now)
    return d, (date.fromisoformat(d.facts_used["eta_from"]), date.fromisoformat(d.facts_used["eta_to"]))


# --- ETA: ship date + transit, pauses by scope ----------------------------------------------------

def test_unshipped_order_inside_its_dispatch_window_counts_from_the_order_date():
    shop = build_shop()
    order = paid("TS-5001", "2026-11-21T08:00")      # post: handling 1-3, DE transit 5-8; now is 22 Nov
    d, window = eta_of(shop, order)
    assert window == estimate_delivery(order, methods=shop.shipping_methods, pauses=shop.pauses)
    assert window == (date(2026, 11, 27), date(2026, 12, 2))
    assert "27 November 2026" in d.body and "2 December 2026" in d.body


def test_unshipped_order_cannot_leave_before_today():
    """Placed on the 20th, earliest dispatch the 21st; not gone by the 22nd: 22nd + 5 days at the earliest."""
    shop = build_shop()
    order = paid("TS-5002", "2026-11-20T08:00")
    _, window = eta_of(shop, order)
    planned = estimate_delivery(order, methods=shop.shipping_methods, pauses=shop.pauses)
    assert planned == (date(2026, 11, 26), date(2026, 12, 1))
    assert window == (date(2026, 11, 27), planned.latest)


def test_overdue_dispatch_counts_again_from_today_and_says_so():
    shop = build_shop()
    order = paid("TS-5003", "2026-11-10T08:00")      # dispatch was due by 13 Nov
    d, window = eta_of(shop, order)
    assert window == estimate_delivery(order, from_date=NOW, methods=shop.shipping_methods, pauses=shop.pauses)
    assert window == (date(2026, 11, 28), date(2026, 12, 3))
    assert d.facts_used["dispatch_overdue_since"] == "2026-11-13"


@pytest.mark.parametrize("scope,expected", [
    ("handling", (date(2026, 12, 25), date(2026, 12, 28))),    # the warehouse closes; carriers keep going
    ("all", (date(2026, 12, 29), date(2027, 1, 1))),           # carriers stop too: four transit days pause
])
def test_transit_skips_only_pauses_with_scope_all(scope, expected):
    """docs/shop-data.md: handling days skip every pause, transit days only ``scope: all`` ones."""
    shop = build_shop(pauses=(Pause("Christmas", date(2026, 12, 24), date(2026, 12, 27), scope),))
    order = Order("TS-5004", "eva@example.de", "Eva Braun", dt("2026-12-19T08:00"), "shipped",
                  (OrderLine("SOCK-10", 1),), Decimal("16.90"), "EUR", "DE", "post", "PostNord",
                  "RR123456785CN", dt("2026-12-20T09:00"))
    _, window = eta_of(shop, order, now=datetime(2026, 12, 21, 9, 0, tzinfo=timezone.utc))
    assert window == expected


def test_handling_pause_delays_an_unshipped_order():
    shop = build_shop(pauses=(Pause("Stocktaking", date(2026, 11, 23), date(2026, 11, 25)),))
    order = paid("TS-5005", "2026-11-22T08:00")      # handling 1-3 working days: 26-28 Nov, not 23-25
    _, window = eta_of(shop, order)
    assert window == (date(2026, 12, 1), date(2026, 12, 6))


def test_a_window_of_one_day_is_said_as_one_date():
    shop = build_shop()
    order = Order("TS-5006", "eva@example.de", "Eva Braun", dt("2026-11-19T08:00"), "shipped",
                  (OrderLine("SOCK-10", 1),), Decimal("16.90"), "EUR", "DE", "dhl", "DHL",
                  "1234567891", dt("2026-11-20T09:00"))        # DHL DE 1-2 days: 21-22 Nov; today is the 22nd
    d, window = eta_of(shop, order)
    assert window == (date(2026, 11, 22), date(2026, 11, 22))
    assert "on 22 November 2026" in d.body or "date is 22 November 2026" in d.body
    assert "between 22 November 2026 and 22 November 2026" not in d.body


def test_a_deadline_the_order_meets_is_confirmed():
    shop = build_shop()
    order = paid("TS-5007", "2026-11-21T08:00")       # latest 2 Dec
    d, _ = eta_of(shop, order, text="I need it for a party on 5 December.", deadline=date(2026, 12, 5))
    assert d.facts_used["deadline_met"] == "2026-12-05"
    assert "5 December 2026" in d.body
    assert "upgrade_method" not in d.facts_used


# --- size advice, alternatives, several products ---------------------------------------------------

def measurements(chest, waist, hips):
    return [fact(str(chest), "chest", unit="cm"), fact(str(waist), "waist", unit="cm"), fact(str(hips), "hips", unit="cm")]


def test_size_advice_is_the_shops_recommendation_and_says_which_way_the_other_size_goes():
    shop = build_shop()
    m = measurements(86.5, 68.5, 92.5)           # half a centimetre outside both S and M
    advice = recommend_size(shop.product("DRESS-BLUE-M"), {"chest": 86.5, "waist": 68.5, "hips": 92.5},
                            shop.size_chart)
    assert (advice.size, advice.other_size) == ("M", "S")
    d = compose(analysis("Which size of the linen dress?", "product.size_advice", measurements=m), shop, now=NOW)
    assert d.facts_used["size"] == "M"
    assert "closer fit" in d.body and "looser" not in d.body


def test_measurements_far_outside_the_chart_are_asked_again_not_guessed():
    shop = build_shop()
    d = compose(analysis("Which size of the linen dress?", "product.size_advice",
                         measurements=measurements(120, 110, 130)), shop, now=NOW)
    assert "size" not in d.facts_used
    assert "measurements in cm" in d.body


def test_stock_question_after_size_advice_is_about_the_advised_size():
    shop = build_shop()
    a = analysis("Which size of the linen dress in blue? Is it in stock?", ["product.size_advice", "product.availability"],
                 measurements=measurements(89, 70, 95), colours=["blue"])
    d = compose(a, shop, now=NOW)
    assert d.facts_used["size"] == "M"
    assert d.facts_used["in_stock"] == "DRESS-BLUE-M"      # not the first blue variant (S)


def test_alternatives_stay_with_the_product_and_name_the_restock_date():
    shop = build_shop()
    gold = replace(shop.product("CASE-GOLD"), restock_date=date(2026, 12, 10))
    shop = replace(shop, catalog=tuple(gold if p.sku == "CASE-GOLD" else p for p in shop.catalog))
    d = compose(analysis("Do you have the iPad case in gold?", "product.availability", colours=["gold"]),
                shop, now=NOW)
    assert d.facts_used["out_of_stock"] == "CASE-GOLD"
    assert "10 December 2026" in d.body
    assert set(d.facts_used["alternatives"]) <= {"CASE-ROSE", "CASE-CHAMP", "CASE-BLACK"}


def test_a_question_about_two_products_answers_both():
    shop = build_shop()
    d = compose(analysis("What is the Linen Dress made of, and the Wool Coat?", "product.question"), shop, now=NOW)
    assert "100% linen" in d.body and "90% wool, 10% cashmere" in d.body
    assert "€59.00" in d.body and "€189.00" in d.body
    assert "If an item does not match its description" in d.body


# --- bulk prices and lots ---------------------------------------------------------------------------

def test_lots_count_the_pieces_the_customer_wrote():
    shop = build_shop()
    clips = replace(shop.product("SOCK-10"), sku="CLIP-12", name="Pearl clips", product_id="clips", lot_size=12,
                    price=Decimal("24.00"))
    shop = replace(shop, catalog=shop.catalog + (clips,))
    d = compose(analysis("Price for 60 pearl clips?", "price.wholesale", quantities=["60"]), shop, now=NOW)
    assert "lot" not in d.facts_used                 # 60 is five whole dozens: nothing to correct
    assert "60 pieces" in d.body and "5 lots of 12" in d.body
    assert "€24.00 per lot" in d.body and "10 lots" in d.body
    d = compose(analysis("Price for 120 pearl clips?", "price.wholesale", quantities=["120"]), shop, now=NOW)
    assert d.facts_used["bulk"] == {"sku": "CLIP-12", "qty": 10, "unit_price": "22.80", "percent": "5",
                                    "total": "228.00"}
    assert "€22.80 per lot" in d.body or "a lot costs €22.80" in d.body


# --- exchanges -----------------------------------------------------------------------------------------

def delivered(sku: str) -> Order:
    return Order("TS-6001", "eva@example.de", "Eva Braun", dt("2026-11-10T08:00"), "delivered",
                 (OrderLine(sku, 1),), Decimal("63.90"), "EUR", "DE", "std", "DPD", "01234567890128",
                 dt("2026-11-11T09:00"), dt("2026-11-14T12:00"))


def exchange(shop, text, **facts):
    order = delivered("DRESS-RED-L")
    shop = replace(shop, orders=shop.orders + (order,))
    a = analysis(text, "return.request", order_numbers=[order.order_id], sender=order.customer_email, **facts)
    return compose(a, shop, now=NOW)


def test_exchange_for_another_colour_out_of_stock_offers_that_colour_in_other_sizes():
    shop = build_shop()
    d = exchange(shop, "Can I exchange my red dress for the blue one?", colours=["red", "blue"])
    assert d.facts_used["exchange"] == {"sku": "DRESS-BLUE-L", "in_stock": False}      # blue L: none left
    assert d.facts_used["out_of_stock"] == "DRESS-BLUE-L"
    assert "Linen Dress (blue L)" in d.body
    # the other blue sizes are offered, never the red dress being returned
    assert set(d.facts_used["alternatives"]) == {"DRESS-BLUE-M", "DRESS-BLUE-S"}


def test_exchange_for_another_colour_in_stock():
    shop = build_shop()
    blue_l = replace(shop.product("DRESS-BLUE-L"), stock=2)
    shop = replace(shop, catalog=tuple(blue_l if p.sku == blue_l.sku else p for p in shop.catalog))
    d = exchange(shop, "Can I exchange my red dress for the blue one?", colours=["red", "blue"])
    assert d.facts_used["exchange"] == {"sku": "DRESS-BLUE-L", "in_stock": True}
    assert "exchange it for Linen Dress (blue L)" in d.body or "exchange for Linen Dress (blue L)" in d.body


def test_the_colour_of_the_item_being_returned_is_not_an_exchange_wish():
    shop = build_shop()
    d = exchange(shop, "The red dress does not suit me, can I return it?", colours=["red"])
    assert "exchange" not in d.facts_used
