"""NOTIFY: the notices due now, from orders and tracking events, in the customer's language."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from .helpers import NOW, build_shop, dt
from tactful.compose.notify import due_notices, language_for
from tactful.compose.phrases import phrasebook
from tactful.shop.model import Order, OrderLine, TrackingEvent


@pytest.fixture
def shop():
    base = build_shop()
    extra = (
        Order("TS-3001", "sam@example.co.uk", "Sam Lee", dt("2026-11-19T09:00"), "shipped", (OrderLine("SOCK-10", 1),),
              Decimal("16.90"), "EUR", "GB", "dhl", "DHL", "1234567895", dt("2026-11-21T09:00")),
        Order("TS-3002", "lea@example.de", "Lea Kurz", dt("2026-11-15T09:00"), "shipped", (OrderLine("SOCK-10", 1),),
              Decimal("16.90"), "EUR", "DE", "std", "DPD", "05555555555555", dt("2026-11-20T09:00")),
        Order("TS-3003", "ines@example.pt", "Inês Costa", dt("2026-11-15T09:00"), "shipped", (OrderLine("SOCK-10", 1),),
              Decimal("16.90"), "EUR", "PT", "std", "DPD", "06666666666666", dt("2026-11-18T09:00")),
    )
    events = (
        TrackingEvent("05555555555555", dt("2026-11-21T15:00"), "customs", "Leipzig"),
        TrackingEvent("06666666666666", dt("2026-11-21T08:00"), "arrived_in_country", "Lisboa"),
        TrackingEvent("06666666666666", dt("2026-11-23T08:00"), "delivered", "Lisboa"),     # in the future: ignored
    )
    return replace(base, orders=base.orders + extra, tracking_events=base.tracking_events + events)


def by_order(notices):
    return {n.order_id: n for n in notices}


def test_each_milestone_is_noticed_once(shop):
    notices = by_order(due_notices(shop, NOW))
    assert notices["TS-3001"].kind == "shipped"
    assert notices["TS-3002"].kind == "customs"
    assert notices["TS-3003"].kind == "arrived"
    assert notices["TS-1007"].kind == "delivered"
    assert notices["TS-1005"].kind == notices["TS-1006"].kind == "unpaid"
    assert notices["TS-1001"].kind == "delay" and notices["TS-1004"].kind == "delay"
    assert "TS-1002" not in notices and "TS-1003" not in notices and "TS-1008" not in notices
    keys = [n.key for n in notices.values()]
    assert len(keys) == len(set(keys))


def test_shipped_notice_has_the_triad_and_eta(shop):
    n = by_order(due_notices(shop, NOW))["TS-3001"]
    assert n.language == "en" and n.to == "sam@example.co.uk"
    assert "DHL" in n.body and "1234567895" in n.body
    assert "https://www.dhl.com/track?tracking-id=1234567895" in n.body
    assert "21 November 2026" in n.body and n.facts_used["eta_to"]


def test_customs_notice_in_german_from_the_event(shop):
    n = by_order(due_notices(shop, NOW))["TS-3002"]
    assert n.language == "de" and "Zoll" in n.subject
    assert "Leipzig" in n.body and "21. November 2026" in n.body


def test_delivered_notice_invites_a_review_and_contact_before_dispute(shop):
    n = by_order(due_notices(shop, NOW))["TS-1007"]
    assert n.language == "fr" and "19 novembre 2026" in n.body
    assert "avis" in n.body


def test_unpaid_reminder_after_a_day_with_amount_and_methods(shop):
    n = by_order(due_notices(shop, NOW))["TS-1005"]
    assert n.language == "es" and "28,90 €" in n.body and "PayPal" in n.body
    assert not [x for x in due_notices(shop, dt("2026-11-20T20:00")) if x.order_id == "TS-1005"]


def test_delay_states_customs_only_when_the_events_show_it(shop):
    notices = by_order(due_notices(shop, NOW))
    assert notices["TS-1004"].facts_used.get("reason") == "customs" and "Moscow" in notices["TS-1004"].body
    assert "reason" not in notices["TS-1001"].facts_used
    assert "Zoll" not in notices["TS-1001"].body


def test_thank_you_after_a_paid_order(shop):
    order = Order("TS-3004", "mia@example.de", "Mia Berg", dt("2026-11-22T07:00"), "paid", (OrderLine("SOCK-10", 1),),
                  Decimal("16.90"), "EUR", "DE", "std")
    n = by_order(due_notices(replace(shop, orders=shop.orders + (order,)), NOW))["TS-3004"]
    assert n.kind == "ordered" and n.language == "de"
    assert "TS-3004" in n.subject and "1-2 Tagen" in n.body


def test_language_from_past_emails_wins_over_country(shop):
    order = shop.order("TS-1007")
    assert language_for(order, shop) == "fr"
    assert language_for(order, shop, {"marie@example.fr": "de"}) == "de"
    n = by_order(due_notices(shop, NOW, languages={"marie@example.fr": "de"}))["TS-1007"]
    assert n.language == "de" and "19. November 2026" in n.body and "Bewertung" in n.body


def test_notices_move_on_with_the_clock(shop):
    later = by_order(due_notices(shop, NOW + timedelta(days=10)))
    assert "TS-3001" not in later or later["TS-3001"].kind != "shipped"
    assert "TS-1007" not in later             # delivered notice is stale after a week


def test_shipped_notice_gives_a_one_day_window_as_one_date():
    """DHL to Germany in 1-2 days, shipped yesterday: the parcel can only arrive today (22 Nov)."""
    base = build_shop()
    order = Order("TS-3010", "ole@example.de", "Ole Berg", dt("2026-11-20T09:00"), "shipped", (OrderLine("SOCK-10", 1),),
                  Decimal("16.90"), "EUR", "DE", "dhl", "DHL", "1234567891", dt("2026-11-20T12:00"))
    shop = replace(base, orders=base.orders + (order,))
    notice = by_order(due_notices(shop, NOW))["TS-3010"]
    assert notice.facts_used["eta_from"] == notice.facts_used["eta_to"] == "2026-11-22"
    day = phrasebook(notice.language).locale.format_date(date(2026, 11, 22))
    assert notice.body.count(day) == 1          # "am 22. November 2026", not "zwischen dem 22. ... und dem 22. ..."
