"""estimate_delivery: handling days skip shop pauses, transit days skip only carrier-wide pauses."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

from tactful.shop import (Pause, ShippingMethod, TransitTime, dispatch_window, estimate_delivery,
                          fastest_methods, pauses_between)

AIR = ShippingMethod("air", "Air mail", "China Post", (1, 3),
                     (TransitTime("DE", 12, 22), TransitTime("*", 15, 35)), Decimal("0"), "EUR",
                     "https://t.example/{tracking}")
EXPRESS = ShippingMethod("dhl", "Express", "DHL Express", (1, 2), (TransitTime("DE", 2, 4),),
                         Decimal("24.90"), "EUR", "https://d.example/{tracking}")
STOCKTAKE = Pause("Stocktaking", date(2026, 11, 9), date(2026, 11, 11))


def test_without_pauses_handling_plus_transit():
    assert estimate_delivery(AIR, "DE", date(2026, 11, 2)) == (date(2026, 11, 15), date(2026, 11, 27))


def test_order_placed_before_a_pause_is_handled_after_it():
    # Placed Sunday 8 Nov; the warehouse is closed 9-11 Nov, so handling days are 12, 13, 14.
    early, late = estimate_delivery(AIR, "DE", date(2026, 11, 8), [STOCKTAKE])
    assert (early, late) == (date(2026, 11, 24), date(2026, 12, 6))
    assert estimate_delivery(AIR, "DE", date(2026, 11, 8)) == (date(2026, 11, 21), date(2026, 12, 3))


def test_order_placed_inside_a_pause_starts_after_it():
    assert dispatch_window(AIR, date(2026, 11, 10), [STOCKTAKE]) == (date(2026, 11, 12), date(2026, 11, 14))


def test_a_handling_pause_does_not_stop_parcels_already_travelling():
    shipped = date(2026, 11, 6)
    assert estimate_delivery(AIR, "DE", shipped, [STOCKTAKE], shipped=True) == \
        (date(2026, 11, 18), date(2026, 11, 28))


def test_a_carrier_wide_pause_stops_transit_too():
    strike = Pause("Postal strike", date(2026, 11, 20), date(2026, 11, 21), scope="all")
    assert estimate_delivery(EXPRESS, "DE", date(2026, 11, 18), [strike], shipped=True) == \
        (date(2026, 11, 22), date(2026, 11, 24))


def test_fallback_country_and_unserved_country():
    assert estimate_delivery(AIR, "IT", date(2026, 11, 2)) == (date(2026, 11, 18), date(2026, 12, 10))
    assert estimate_delivery(EXPRESS, "IT", date(2026, 11, 2)) is None


def test_from_an_order_uses_its_ship_date_or_its_order_date(sample_shop):
    shipped = sample_shop.order("LL-10225")            # placed 8 Nov, shipped 13 Nov, China Post to RU
    est = estimate_delivery(shipped, methods=sample_shop.shipping_methods, pauses=sample_shop.pauses)
    assert est == (date(2026, 11, 28), date(2026, 12, 13))   # 13 Nov + 15..30 days transit
    unpaid = sample_shop.order("LL-10228")             # placed 16 Nov, air mail to Brazil, not shipped
    est = estimate_delivery(unpaid, methods=sample_shop.shipping_methods, pauses=sample_shop.pauses)
    assert est == (date(2026, 12, 12), date(2027, 1, 3))


def test_fastest_methods_before_a_deadline(sample_shop):
    now = datetime(2026, 11, 20, 9, 10, tzinfo=timezone.utc)
    options = fastest_methods(sample_shop.shipping_methods, "DE", now, sample_shop.pauses,
                              deadline=date(2026, 12, 4))
    assert [m.id for m, _ in options] == ["dhl", "ups"]      # free air mail could arrive 15 Dec
    assert options[0][1] == (date(2026, 11, 23), date(2026, 11, 26))


def test_pauses_between_finds_the_reason_for_a_late_dispatch(sample_shop):
    order = sample_shop.order("LL-10225")
    names = [p.name for p in pauses_between(sample_shop.pauses, order.placed_at, order.shipped_at)]
    assert names == ["Warehouse stocktaking"]
    assert pauses_between(sample_shop.pauses, date(2026, 11, 14), date(2026, 11, 20)) == ()


from datetime import timedelta  # noqa: E402

from hypothesis import given, strategies as st  # noqa: E402


@given(st.dates(date(2026, 1, 1), date(2027, 12, 31)), st.integers(0, 20), st.integers(0, 10))
def test_estimates_are_ordered_and_pauses_only_delay(start, pause_offset, pause_length):
    pause = Pause("p", start + timedelta(days=pause_offset),
                  start + timedelta(days=pause_offset + pause_length), scope="all")
    free = estimate_delivery(AIR, "DE", start)
    paused = estimate_delivery(AIR, "DE", start, [pause])
    assert free.earliest <= free.latest and paused.earliest <= paused.latest
    assert paused.earliest >= free.earliest and paused.latest >= free.latest
    assert free.earliest - start == timedelta(days=13)


def test_from_date_for_an_order_means_not_before(sample_shop):
    unshipped = sample_shop.order("LL-10228")          # placed 16 Nov, not shipped
    methods, pauses = sample_shop.shipping_methods, sample_shop.pauses
    later = estimate_delivery(unshipped, from_date=date(2026, 11, 22), methods=methods, pauses=pauses)
    assert later == (date(2026, 12, 18), date(2027, 1, 9))    # handling counted from 22 Nov
    earlier = estimate_delivery(unshipped, from_date=date(2026, 11, 1), methods=methods, pauses=pauses)
    assert earlier == estimate_delivery(unshipped, methods=methods, pauses=pauses)
    shipped = sample_shop.order("LL-10225")            # shipped: the ship date decides, not "now"
    assert estimate_delivery(shipped, from_date=date(2026, 11, 22), methods=methods, pauses=pauses) == \
        (date(2026, 11, 28), date(2026, 12, 13))
