"""An order the shop cannot find: every order-specific point still gets its own answer (COVER),
true to the shop's data (H1), and the order number is asked for (ASK), in all ten languages.

The e-mails ask three things about one order: when it ships, where the parcel is (the tracking
has not moved), and whether the size can be changed. Either the number they give is not in the
shop, or they give none and write from an address the shop has no order for. This is the mail of
the desk benchmark (bench/mboxgen.py), where such drafts used to leave "when will it ship?"
unanswered.
"""

from __future__ import annotations

import pytest

from tactful.compose import compose
from tactful.compose.phrases import LANGUAGES, phrasebook
from tactful.review import review
from tactful.understand.types import Analysis, Fact, Facts, Item, Mood

from .helpers import NOW, build_shop, dt

# (when will it ship?, the tracking has not moved, can I change the size to L?) per language.
POINTS = {
    "en": ("When will my order be shipped?", "The tracking number has not changed for five days.",
           "Can I still change the size to L?"),
    "zh": ("请问我的订单什么时候发货？", "物流单号已经五天没有更新了。", "还能把尺码换成L码吗？"),
    "zh-Hant": ("請問我的訂單什麼時候出貨？", "物流單號已經五天沒有更新了。", "還能把尺寸換成L號嗎？"),
    "es": ("¿Cuándo enviarán mi pedido?", "El número de seguimiento no ha cambiado en cinco días.",
           "¿Todavía puedo cambiar la talla a L?"),
    "de": ("Wann wird meine Bestellung verschickt?", "Die Sendungsnummer hat sich seit fünf Tagen nicht geändert.",
           "Kann ich die Größe noch auf L ändern?"),
    "fr": ("Quand ma commande sera-t-elle expédiée ?", "Le numéro de suivi n'a pas bougé depuis cinq jours.",
           "Puis-je encore changer la taille pour un L ?"),
    "ru": ("Когда отправят мой заказ?", "Трек-номер не обновлялся уже пять дней.",
           "Можно ещё поменять размер на L?"),
    "pt": ("Quando vai ser enviada a minha encomenda?", "O número de rastreio não muda há cinco dias.",
           "Ainda posso mudar o tamanho para L?"),
    "et": ("Millal mu tellimus teele pannakse?", "Jälgimisnumber pole viis päeva muutunud.",
           "Kas saan suuruse veel L-iks muuta?"),
    "lv": ("Kad mans pasūtījums tiks nosūtīts?", "Izsekošanas numurs nav mainījies piecas dienas.",
           "Vai vēl varu nomainīt izmēru uz L?"),
}
INTENTS = ("shipping.time", "shipping.status", "order.change")
UNKNOWN = "TS-9999"                 # the shop's number pattern, but no such order


def _analysis(lang: str, *, number: str | None, sender: str) -> Analysis:
    parts = list(POINTS[lang])
    if number:
        parts.append(f"Order {number}")
    text = "\n\n".join(parts)
    items, pos = [], 0
    for point, intent in zip(POINTS[lang], INTENTS):
        start = text.index(point, pos)
        end = len(text) if intent == INTENTS[-1] else start + len(point)   # the number ends the last point
        items.append(Item(text=text[start:end], start=start, end=end, intent=intent))
        pos = start + len(point)
    facts = Facts(order_numbers=(Fact(number, text.index(number), text.index(number) + len(number)),)) \
        if number else Facts()
    return Analysis(source="test", message_id=f"<unknown-{lang}@example>", text=text, masked_text=text,
                    language=lang, language_confidence=0.99, items=tuple(items), mood=Mood(),
                    clarity="C2", facts=facts, missing=() if number else ("order_number",), secrets=(),
                    subject="Order", sender=sender, sender_name="Kim Lee",
                    received_at=dt("2026-11-22T08:00"))


def _draft(lang, **kw):
    shop = build_shop()
    a = _analysis(lang, **kw)
    return shop, a, compose(a, shop, now=NOW)


@pytest.mark.parametrize("number", [UNKNOWN, None], ids=["unknown-number", "no-number"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_point_is_answered_and_the_draft_passes_review(lang, number):
    shop, a, draft = _draft(lang, number=number, sender="kim.lee@example.org")
    result = review(draft.body, a, shop=shop, sent_at=NOW, subject=draft.subject)
    errors = [(f.rule, f.message) for f in result.findings if f.severity == "error"]
    assert not errors, draft.body
    # One answer section per point, in the customer's order: "when will it ship?" is not folded
    # into the parcel answer when there is no order to give a triad or a date for.
    answered = [s.item_index for s in draft.plan if s.section == "answer"]
    assert answered == [0, 1, 2], draft.plan
    book = phrasebook(lang)
    general = set(book.variants("answer.general"))
    assert not any(s.text.split(" ", 1)[-1] in general for s in draft.plan if s.section == "answer")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_unknown_number_is_named_once_and_the_number_or_address_is_asked_for(lang):
    shop, a, draft = _draft(lang, number=UNKNOWN, sender="kim.lee@example.org")
    book = phrasebook(lang)
    assert draft.body.count(UNKNOWN) == 1, draft.body      # said plainly, not in every answer
    ask = next(s.text for s in draft.plan if s.section == "ask")
    assert book.variants("ask.fact_order_number_or_email")[0] in ask


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_number_and_no_order_under_the_address_says_so(lang):
    shop, a, draft = _draft(lang, number=None, sender="kim.lee@example.org")
    book = phrasebook(lang)
    assert sum(v in draft.body for v in book.variants("order.none_for_sender")) == 1, draft.body
    assert book.variants("ask.fact_order_number_or_email")[0] in draft.body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_answers_without_the_order_state_the_shops_own_rules(lang):
    """Dispatch days of the shop's methods and what it lets customers change (H1: nothing invented)."""
    shop, a, draft = _draft(lang, number=UNKNOWN, sender="kim.lee@example.org")
    time_answer = next(s.text for s in draft.plan if s.section == "answer" and s.item_index == 0)
    lo = min(m.handling_days[0] for m in shop.shipping_methods)
    hi = max(m.handling_days[1] for m in shop.shipping_methods)
    assert f"{lo}-{hi}" in time_answer
    change_answer = next(s.text for s in draft.plan if s.section == "answer" and s.item_index == 2)
    book = phrasebook(lang)
    for what in shop.policies.changeable_before_shipping:
        assert book.variants(f"what.{what}")[0] in change_answer


def test_a_shop_that_allows_no_changes_offers_cancelling_instead():
    from dataclasses import replace

    shop = build_shop()
    shop = replace(shop, policies=replace(shop.policies, changeable_before_shipping=()))
    a = _analysis("en", number=UNKNOWN, sender="kim.lee@example.org")
    draft = compose(a, shop, now=NOW)
    change_answer = next(s.text for s in draft.plan if s.section == "answer" and s.item_index == 2)
    assert "cancel" in change_answer and "we can change" not in change_answer


def test_a_known_order_still_gets_one_parcel_answer_with_its_tracking():
    shop = build_shop()
    a = _analysis("en", number="TS-1001", sender="anna@example.de")
    draft = compose(a, shop, now=NOW)
    assert "RR123456785CN" in draft.body
    answered = [s.item_index for s in draft.plan if s.section in ("answer", "refuse")]
    assert answered == [0, 1]           # where and when share one triad answer; then the size change
    assert "or the e-mail address" not in draft.body
    assert review(draft.body, a, shop=shop, sent_at=NOW).passed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_unknown_number_from_a_customer_with_orders_is_named_before_their_latest_order(lang):
    """Anna has order TS-1001; she writes TS-9999. The draft must not answer about TS-1001 as if it
    were the order she named: it says TS-9999 is not in the shop, which order it answers about,
    and asks for the number if she meant another one (H1, ASK)."""
    shop = build_shop()
    a = _analysis(lang, number=UNKNOWN, sender="anna@example.de")
    draft = compose(a, shop, now=NOW)
    first = next(s.text for s in draft.plan if s.section in ("answer", "refuse"))
    assert UNKNOWN in first and "TS-1001" in first
    assert first.index(UNKNOWN) < first.index("TS-1001")
    assert draft.body.count(UNKNOWN) == 1
    result = review(draft.body, a, shop=shop, sent_at=NOW, subject=draft.subject)
    assert result.passed, [(f.rule, f.message) for f in result.findings if f.severity == "error"]
