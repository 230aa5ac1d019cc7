"""Reply cases of PLAYBOOK §6: the draft states the right facts from the shop's data (content, not shape)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from .helpers import NOW, analysis, build_shop, dt, fact
from tactful.compose import compose, context_for
from tactful.compose.phrases import LANGUAGES, phrasebook
from tactful.review import review
from tactful.shop.model import Order, OrderLine, TrackingEvent


def sections(draft, name):
    return [s for s in draft.plan if s.section == name]


def text_of(draft, name):
    return "\n".join(s.text for s in sections(draft, name))


@pytest.fixture
def shop():
    return build_shop()


# --- TRIAD, ETA, reasons only from data (H1) ---------------------------------------------------

def test_tracking_triad_from_the_order(shop):
    d = compose(analysis("Where is my parcel? Order TS-1001", "shipping.status", order_numbers=["TS-1001"]),
                shop, now=NOW)
    answer = text_of(d, "answer")
    assert "PostNord" in answer and "RR123456785CN" in answer
    assert "https://tracking.postnord.com/?id=RR123456785CN" in answer
    assert "TRIAD" in sections(d, "answer")[0].rules
    assert d.facts_used["tracking_link"] == "https://tracking.postnord.com/?id=RR123456785CN"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_triad_in_every_language(shop, lang):
    d = compose(analysis("?", "shipping.status", language=lang, order_numbers=["TS-1001"], sender_name="Anna"),
                shop, now=NOW)
    book = phrasebook(lang)
    assert d.language == lang
    assert "RR123456785CN" in d.body and "https://tracking.postnord.com/?id=RR123456785CN" in d.body
    assert "PostNord" in d.body
    assert book.locale.format_date(date(2026, 11, 3)) in d.body          # ship date, written natively
    assert any(d.body.startswith(g.format(name="Anna")) for g in book.variants("greet.named"))


def test_sender_order_is_used_when_no_number_is_given(shop):
    d = compose(analysis("Where is my parcel?", "shipping.status", sender="anna@example.de"), shop, now=NOW)
    assert "TS-1001" in d.body and "RR123456785CN" in d.body
    assert not sections(d, "ask")


def test_customs_reason_only_with_a_customs_event(shop):
    with_customs = compose(analysis("Not arrived", "delivery.not_received", sender="ivan@example.ru"), shop, now=NOW)
    assert "customs" in with_customs.body and "Moscow" in with_customs.body
    assert with_customs.facts_used["reason"] == "customs"
    without = compose(analysis("Not arrived", "delivery.not_received", sender="anna@example.de"), shop, now=NOW)
    assert "customs" not in without.body.lower() and "holiday" not in without.body.lower()
    assert "reason" not in without.facts_used


def test_late_parcel_gets_three_options_with_the_real_amount(shop):
    d = compose(analysis("Still nothing", "delivery.not_received", sender="anna@example.de"), shop, now=NOW)
    options = text_of(d, "options")
    assert len(re.findall(r"^\d\. ", options, re.M)) == 3
    assert "€63.90" in options and "7" in options           # full refund of the order, wait 7 days
    assert "5-8 days" in d.body                             # the usual transit to DE (H1: neutral wording)


def test_holiday_pause_is_named_only_when_it_delayed_the_order():
    shop = build_shop()
    order = Order("TS-2001", "eve@example.ee", "Eve", dt("2026-12-23T09:00"), "paid",
                  (OrderLine("SOCK-10", 1),), Decimal("16.90"), "EUR", "EE", "post")
    shop = replace(shop, orders=shop.orders + (order,))
    now = dt("2026-12-26T10:00")
    d = compose(analysis("When will it ship?", "shipping.time", sender="eve@example.ee",
                         received=dt("2026-12-26T09:00")), shop, now=now)
    assert "Christmas" in d.body and "24 December 2026" in d.body
    early = compose(analysis("When will it ship?", "shipping.time", sender="li@example.cn"), shop, now=NOW)
    assert "Christmas" not in early.body


def test_paid_order_gets_eta_and_no_tracking_claims(shop):
    d = compose(analysis("When does it arrive?", "shipping.time", sender="li@example.cn"), shop, now=NOW)
    assert "TS-1002" in d.body and "1-3 days" in d.body
    assert d.facts_used["eta_from"] < d.facts_used["eta_to"]
    assert "tracking number" not in d.body      # nothing to track yet: no promise of a number here


def test_unknown_order_number_is_not_invented(shop):
    d = compose(analysis("Where is TS-9999?", "shipping.status", order_numbers=["TS-9999"], sender="x@y.z"),
                shop, now=NOW)
    assert "TS-9999" in text_of(d, "answer") and "could not find" in d.body.lower() or "does not appear" in d.body
    assert "your order number" in text_of(d, "ask")
    assert not re.search(r"RR\d{9}CN", d.body)


# --- pre-sale ----------------------------------------------------------------------------------

def test_colour_not_available_offers_closest_in_stock_colours(shop):
    d = compose(analysis("Do you have the iPad case in gold?", "product.availability", colours=["gold"]),
                shop, now=NOW)
    answer = text_of(d, "answer")
    assert "out of stock" in answer
    assert answer.index("rose gold") < answer.index("black")      # closest colour first
    assert "champagne" in answer
    assert d.facts_used["alternatives"][:2] in (["CASE-ROSE", "CASE-CHAMP"], ["CASE-CHAMP", "CASE-ROSE"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_size_advice_from_the_chart(shop, lang):
    m = [fact("90", "chest", unit="cm"), fact("71", "waist", unit="cm"), fact("95", "hips", unit="cm")]
    d = compose(analysis("Which size of the linen dress?", "product.size_advice", language=lang, measurements=m),
                shop, now=NOW)
    assert d.facts_used["size"] == "M"
    assert re.search(r"1-2 ?(cm|см)", d.body)     # the tolerance note (§6)
    assert "90" in d.body and "71" in d.body       # the measurements it is based on


def test_size_advice_asks_for_measurements_when_missing(shop):
    d = compose(analysis("Which size of the linen dress should I take?", "product.size_advice"), shop, now=NOW)
    assert "measurements in cm" in text_of(d, "ask")


def test_discount_is_declined_with_reason_and_bulk_alternative(shop):
    d = compose(analysis("Can I get a discount?", "price.discount"), shop, now=NOW)
    refuse = sections(d, "refuse")
    assert refuse and "REFUSE" in refuse[0].rules
    assert "I understand" in refuse[0].text and "5% off from 10 pieces" in refuse[0].text


def test_wholesale_tier_price(shop):
    d = compose(analysis("Price for 60 wool socks to Germany?", "price.wholesale", quantities=["60"],
                         countries=["DE"]), shop, now=NOW)
    assert "€10.80 per piece instead of €12.00 (10% off)" in d.body
    assert "Germany" in d.body and "€4.90" in d.body
    assert d.facts_used["bulk"]["percent"] == "10"


def test_no_percentage_above_policy(shop):
    limits = {Decimal(t.percent) for t in shop.policies.bulk_tiers} | {shop.policies.max_discount_percent,
                                                                       shop.policies.max_compensation_percent}
    for intents in ("price.discount", "feedback.review", "delivery.damaged", "return.request", "price.wholesale"):
        d = compose(analysis("...", intents, sender="marie@example.fr", quantities=["500"]), shop, now=NOW)
        for pct in re.findall(r"(\d+(?:\.\d+)?)%", d.body):
            assert Decimal(pct) <= max(limits), (intents, pct)


def test_fastest_method_for_a_deadline(shop):
    d = compose(analysis("I need it by 26 Nov in Germany", "shipping.options", deadline=date(2026, 11, 26),
                         countries=["DE"]), shop, now=NOW)
    assert "DHL Express" in d.body and "€19.90" in d.body
    assert "Economy Post" in d.body and "€4.90" in d.body        # the standard method it replaces


def test_impossible_deadline_is_refused_with_the_fastest_option(shop):
    d = compose(analysis("I need it tomorrow in Brazil", "shipping.options", deadline=date(2026, 11, 23),
                         countries=["BR"]), shop, now=NOW)
    refuse = text_of(d, "refuse")
    assert "DHL Express" in refuse and re.search(r"cannot promise|not something I can promise", refuse)


def test_payment_failed_lists_causes_and_methods(shop):
    d = compose(analysis("My payment failed", "payment.failed"), shop, now=NOW)
    assert "3-D Secure" in d.body and "security code" in d.body
    assert "Visa, Mastercard, PayPal and bank transfer" in d.body


# --- in-sale -----------------------------------------------------------------------------------

def test_cancel_before_and_after_shipping(shop):
    ok = compose(analysis("Please cancel", "order.cancel", sender="li@example.cn"), shop, now=NOW)
    assert "TS-1002" in ok.body and "cancel it" in ok.body and sections(ok, "expect")
    late = compose(analysis("Please cancel", "order.cancel", sender="anna@example.de"), shop, now=NOW)
    refuse = text_of(late, "refuse")
    assert "3 November 2026" in refuse and "30 days" in refuse     # when it left, and the alternative


def test_combine_open_orders(shop):
    d = compose(analysis("Can you ship my two orders together?", "order.combine", sender="jose@example.es",
                         language="es"), shop, now=NOW)
    assert "TS-1005" in d.body and "TS-1006" in d.body and "España" in d.body


# --- after-sale --------------------------------------------------------------------------------

def test_damaged_item_options_within_compensation_limit(shop):
    d = compose(analysis("The coat arrived torn", "delivery.damaged", sender="marie@example.fr", negative=True,
                         kind="complaint"), shop, now=NOW)
    assert sections(d, "empathy")
    options = text_of(d, "options")
    assert "15%" in options and len(re.findall(r"^\d\. ", options, re.M)) == 3
    assert "photo" in text_of(d, "ask")


def test_photo_attached_is_thanked_not_asked(shop):
    d = compose(analysis("Wrong colour, photo attached", "delivery.wrong_item", sender="marie@example.fr",
                         image=True), shop, now=NOW)
    assert "photo" in text_of(d, "thanks").lower()
    assert "photo" not in text_of(d, "ask")


def test_missing_item_lists_the_order_contents(shop):
    d = compose(analysis("Only half arrived", "delivery.missing_item", sender="marie@example.fr"), shop, now=NOW)
    assert "1 × Linen Dress (red L)" in d.body and "2 × Wool Socks (grey)" in d.body


def test_return_within_and_outside_the_window(shop):
    inside = compose(analysis("I'd like to return it", "return.request", sender="marie@example.fr"), shop, now=NOW)
    assert "30-day return period" in inside.body and len(re.findall(r"^\d\. ", text_of(inside, "options"), re.M)) == 3
    assert "paid by the sender" in inside.body or "cost of sending the item back is yours" in inside.body
    later = NOW + timedelta(days=40)
    outside = compose(analysis("I'd like to return it", "return.request", sender="marie@example.fr",
                               received=later - timedelta(hours=1)), shop, now=later)
    assert sections(outside, "refuse") and not sections(outside, "options")
    assert "photo" in text_of(outside, "refuse")


def test_refund_status_uses_the_order_total_and_policy_days(shop):
    d = compose(analysis("Where is my refund?", "refund.status", sender="kadri@example.ee"), shop, now=NOW)
    assert "€198.90" in d.body and "TS-1008" in d.body and " 5 working days" in d.body


def test_reviews_positive_and_negative(shop):
    good = compose(analysis("Love it, 5 stars!", "feedback.review", kind="compliment", sender="marie@example.fr"),
                   shop, now=NOW)
    assert "5% off your next order" in good.body or "5% off" in good.body
    bad = compose(analysis("One star, it broke", "feedback.review", negative=True, kind="complaint",
                           sender="marie@example.fr"), shop, now=NOW)
    assert sections(bad, "options") and ("review" in text_of(bad, "options") or "rating" in text_of(bad, "options"))


# --- plan rules: LATE, RESTATE, ASK, EMPATHY budget, SUBJECT, REPEAT ----------------------------

def test_late_apology_is_the_first_sentence():
    shop = build_shop()
    d = compose(analysis("Where is it?", "shipping.status", sender="anna@example.de",
                         received=NOW - timedelta(hours=30)), shop, now=NOW)
    assert d.plan[1].section == "late"
    first_sentence = d.body.split("\n\n")[1]
    assert first_sentence in phrasebook("en").variants("late.apology")
    on_time = compose(analysis("Where is it?", "shipping.status", sender="anna@example.de",
                               received=NOW - timedelta(hours=2)), shop, now=NOW)
    assert not sections(on_time, "late")


def test_two_items_are_answered_in_order_with_restatements(shop):
    d = compose(analysis("Where is it and can I pay by PayPal?", ["shipping.status", "payment.methods"]),
                shop, now=NOW)
    answers = sections(d, "answer")
    assert [a.item_index for a in answers] == [0, 1]
    en = phrasebook("en")
    assert any(answers[0].text.startswith(v) for v in en.variants("restate.shipping.status"))
    assert any(answers[1].text.startswith(v) for v in en.variants("restate.payment.methods"))


def test_at_most_two_apologies(shop):
    d = compose(analysis("Terrible! One star.", ["delivery.damaged", "feedback.review"], negative=True,
                         kind="complaint", sender="marie@example.fr", received=NOW - timedelta(days=3)),
                shop, now=NOW)
    assert len(re.findall(r"\b(sorry|apologi[sz]e|apologies)\b", d.body, re.I)) <= 2


def test_vague_email_asks_open_questions(shop):
    d = compose(analysis("problem pls help", "other", clarity="C3", sender="nobody@x.y"), shop, now=NOW)
    ask = text_of(d, "ask")
    assert ask.startswith("What") and "?" in ask


def test_subject_keeps_re_and_the_ticket(shop):
    d = compose(analysis("x", "other", subject="RE: Re: My order"), shop, now=NOW, ticket_ref="T-1")
    assert d.subject == "Re: My order [#T-1]"


def test_repeat_acknowledges_the_earlier_message_and_reads_differently(shop):
    first = analysis("Where is my parcel?", "shipping.status", message_id="<a@x>")
    again = analysis("Where is my parcel??", "shipping.status", message_id="<b@x>", repeat_of="<a@x>",
                     received=NOW - timedelta(hours=1))
    d1 = compose(first, shop, now=NOW)
    d2 = compose(again, shop, now=NOW, history=(first,))
    assert "earlier message" in text_of(d2, "thanks")
    assert d1.body != d2.body


def test_unserved_language_gets_english(shop):
    d = compose(analysis("Dov'è il mio pacco?", "shipping.status", language="it"), shop, now=NOW)
    assert d.language == "en" and "Tracking number" in d.body or "tracking number" in d.body


def test_variants_depend_on_the_message_but_are_stable(shop):
    bodies = {compose(analysis("Where?", "shipping.status", message_id=f"<m{i}@x>"), shop, now=NOW).body
              for i in range(12)}
    assert len(bodies) > 3
    a = analysis("Where?", "shipping.status", message_id="<same@x>")
    assert compose(a, shop, now=NOW).body == compose(a, shop, now=NOW).body


def test_context_for_lists_each_senders_orders(shop):
    ctx = context_for(shop)
    assert ctx.order_pattern == r"TS-\d{4}"
    assert ctx.sender_orders["jose@example.es"] == ("TS-1005", "TS-1006")


# --- later additions: secrets, lots, closed orders, exchanges, merged parcel questions ----------

def test_pasted_card_number_is_never_repeated_and_warned_about(shop):
    from tactful.understand.types import Secret
    text = "Pay with my card 4111 1111 1111 1111 please"
    a = analysis(text, "payment.failed")
    a = replace(a, masked_text=text.replace("4111 1111 1111 1111", "[card]"),
                secrets=(Secret("card_number", 17, 36),))
    d = compose(a, shop, now=NOW)
    assert "4111" not in d.body
    assert sections(d, "secure") and "card" in text_of(d, "secure") and "email" in text_of(d, "secure")


def test_lots_suggest_the_nearest_quantities():
    shop = build_shop()
    clips = replace(shop.product("SOCK-10"), sku="CLIP-12", name="Pearl clips", product_id="clips", lot_size=12)
    shop = replace(shop, catalog=shop.catalog + (clips,))
    d = compose(analysis("Price for 30 pearl clips?", "price.wholesale", quantities=["30"]), shop, now=NOW)
    assert "lots of 12" in d.body and "24" in d.body and "36" in d.body


def test_order_closed_for_payment_explains_and_offers_methods():
    shop = build_shop()
    closed = Order("TS-4001", "zoe@example.fr", "Zoé", dt("2026-11-18T09:00"), "cancelled", (OrderLine("SOCK-10", 1),),
                   Decimal("16.90"), "EUR", "FR", "post", status_reason="payment_not_approved")
    shop = replace(shop, orders=shop.orders + (closed,))
    d = compose(analysis("Why was my order TS-4001 cancelled?", "other", order_numbers=["TS-4001"],
                         sender="zoe@example.fr"), shop, now=NOW)
    assert "bank did not approve" in d.body or "not approved by the bank" in d.body
    assert "PayPal" in d.body


@pytest.mark.parametrize("stock,expect", [(3, "Yes, "), (0, "out of stock")])
def test_exchange_for_another_size_is_answered_from_stock(stock, expect):
    shop = build_shop()
    catalog = tuple(replace(p, stock=stock) if p.sku == "DRESS-BLUE-S" else p for p in shop.catalog)
    shop = replace(shop, catalog=catalog)
    d = compose(analysis("Can I exchange my dress for size S?", "return.request", sender="anna@example.de",
                         sizes=["S"]), replace(shop, orders=tuple(
                             replace(o, status="delivered", delivered_at=dt("2026-11-10T09:00")) if o.order_id == "TS-1001"
                             else o for o in shop.orders)), now=NOW)
    assert expect in d.body
    assert d.facts_used["exchange"]["sku"] == "DRESS-BLUE-S"


def test_several_parcel_questions_get_one_answer(shop):
    d = compose(analysis("Where is it? When will it arrive? It has not come.",
                         ["shipping.status", "shipping.time", "delivery.not_received"], sender="anna@example.de"),
                shop, now=NOW)
    assert d.body.count("https://tracking.postnord.com/?id=RR123456785CN") == 1
    assert len(sections(d, "options")) == 1


def test_products_named_in_another_language_are_found(shop):
    d = compose(analysis("Welche Größe vom Leinenkleid? Brust 90, Taille 71, Hüfte 95", "product.size_advice",
                         language="de", measurements=[fact("90", "chest", unit="cm"), fact("71", "waist", unit="cm"),
                                                      fact("95", "hips", unit="cm")]), shop, now=NOW)
    assert d.facts_used["size"] == "M" and d.facts_used["product_match"] == "glossary"


def test_address_change_before_shipping(shop):
    d = compose(analysis("Can you change the delivery address of my order?", "order.change", sender="li@example.cn",
                         missing=("address",)), shop, now=NOW)
    assert "delivery address" in text_of(d, "answer") and "new delivery address" in text_of(d, "ask")


def test_overdue_dispatch_is_admitted_and_a_faster_method_offered(shop):
    late = dt("2026-11-22T10:00") + timedelta(days=5)
    d = compose(analysis("Where is my order?", "shipping.status", sender="li@example.cn",
                         received=late - timedelta(hours=1)), shop, now=late)
    assert "longer than planned" in d.body or "longer than that" in d.body
    assert "DHL Express" in d.body and "€19.90" in d.body and "€4.90" in d.body
    assert "customs" not in d.body.lower()          # no invented cause (H1)


@pytest.mark.parametrize("intent", ["delivery.wrong_item", "delivery.missing_item", "delivery.damaged"])
def test_item_problem_on_an_order_that_never_shipped_gets_its_status_not_remedies(intent):
    """An unpaid order cannot hold a wrong, missing or broken item: offering a reship or a refund
    for it would invent a parcel (H1); the reply says where the order stands, and the review asks
    for neither remedies (OPTIONS) nor a photo (ASK) there. A paid order may have left already
    while the shop's data lags, so it keeps the usual answer."""
    shop = build_shop()
    a = analysis("Order TS-1005 is wrong", intent, order_numbers=["TS-1005"], sender="jose@example.es",
                 missing=["photo"])
    d = compose(a, shop, now=NOW)
    assert "TS-1005" in d.body and "payment" in d.body
    assert not sections(d, "options")
    assert "photo" not in d.body
    assert not {"OPTIONS", "ASK"} & {f.rule for f in review(d.body, a, shop=shop).findings}
    paid = compose(analysis("Order TS-1002 is wrong", intent, order_numbers=["TS-1002"], sender="li@example.cn"),
                   shop, now=NOW)
    assert sections(paid, "options")
    shipped_a = analysis("Order TS-1001 is wrong", intent, order_numbers=["TS-1001"], sender="anna@example.de",
                         missing=["photo"])
    shipped = compose(shipped_a, shop, now=NOW)
    assert sections(shipped, "options") and "photo" in text_of(shipped, "ask")
    # An agent's reply that skips the remedies and the photo is still flagged for a shipped order.
    flagged = {f.rule for f in review(d.body.replace("TS-1005", "TS-1001"), shipped_a, shop=shop).findings}
    assert {"OPTIONS", "ASK"} <= flagged
