"""READ-DUP: duplicates (same sender, same content, close together) and repeats (same topic later)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tactful.understand.dups import link_duplicates, similarity
from tactful.understand.facts import extract_facts
from tactful.understand.types import Analysis, Item, Mood

T0 = datetime(2026, 3, 9, 10, 0, tzinfo=timezone.utc)


def analysis(mid: str, text: str, *, sender: str = "ana@example.com", minutes: float = 0,
             intents: tuple[str, ...] = ("shipping.status",), language: str = "en") -> Analysis:
    items = tuple(Item(text=text, start=0, end=len(text), intent=i) for i in intents)
    return Analysis(source=f"{mid}.eml", message_id=mid, text=text, masked_text=text, language=language,
                    language_confidence=1.0, items=items, mood=Mood(), clarity="C2",
                    facts=extract_facts(text, received=T0, language=language), missing=(), secrets=(),
                    sender=sender, received_at=T0 + timedelta(minutes=minutes))


def links(result: list[Analysis]) -> list[tuple[str, str | None, str | None]]:
    return [(a.message_id, a.duplicate_of, a.repeat_of) for a in result]


def test_resend_within_the_window_is_a_duplicate_of_the_first():
    a = analysis("m1", "Hello, where is my order #48811? It has been two weeks. Thanks, Ana")
    b = analysis("m2", "Hello, where is my order #48811? It has been two weeks. Thanks, Ana", minutes=5)
    assert links(link_duplicates([a, b])) == [("m1", None, None), ("m2", "m1", None)]


def test_the_more_complete_later_message_is_kept():
    short = analysis("m1", "Hello, where is my order? It has been two weeks already. Thanks, Ana")
    full = analysis("m2", "Hello, where is my order? It has been two weeks already. Thanks, Ana\n"
                          "Order number 48811, tracking RR123456785CN", minutes=3)
    assert links(link_duplicates([short, full])) == [("m1", "m2", None), ("m2", None, None)]


def test_near_identical_text_with_small_edits_is_a_duplicate():
    a = analysis("m1", "Hi, my parcel with order 48811 has not arrived yet, can you check please?")
    b = analysis("m2", "Hi, my parcel with order 48811 has not arrived yet, can you check it please??", minutes=10)
    assert similarity(a.text, b.text) >= 0.8
    assert link_duplicates([a, b])[1].duplicate_of == "m1"


def test_chinese_duplicates_without_spaces():
    text = "你好，我的订单202603011234还没有发货，请帮我查一下，谢谢。"
    a, b = analysis("z1", text, language="zh"), analysis("z2", text + "！", minutes=2, language="zh")
    assert links(link_duplicates([a, b]))[1] == ("z2", "z1", None)


def test_outside_the_window_it_is_a_repeat_not_a_duplicate():
    a = analysis("m1", "Hello, where is my order #48811? It has been two weeks. Thanks, Ana")
    b = analysis("m2", "Hello, where is my order #48811? It has been two weeks. Thanks, Ana", minutes=45)
    assert links(link_duplicates([a, b])) == [("m1", None, None), ("m2", None, "m1")]


def test_window_is_configurable():
    a = analysis("m1", "Hello, where is my order #48811? It has been two weeks. Thanks, Ana")
    b = analysis("m2", "Hello, where is my order #48811? It has been two weeks. Thanks, Ana", minutes=45)
    assert link_duplicates([a, b], dup_window_minutes=60)[1].duplicate_of == "m1"


def test_other_sender_same_text_is_not_linked():
    a = analysis("m1", "Do you ship to Canada? How long does it take?", intents=("shipping.options",))
    b = analysis("m2", "Do you ship to Canada? How long does it take?", sender="bo@example.com", minutes=1,
                 intents=("shipping.options",))
    assert links(link_duplicates([a, b])) == [("m1", None, None), ("m2", None, None)]


def test_same_order_number_later_is_a_repeat():
    a = analysis("m1", "My order 48811 has not arrived.", intents=("delivery.not_received",))
    b = analysis("m2", "Still nothing. Can I get a refund for order 48811 instead?", minutes=60 * 24 * 3,
                 intents=("refund.status",))
    assert links(link_duplicates([a, b]))[1] == ("m2", None, "m1")


def test_reminder_is_a_repeat_of_the_previous_message():
    a = analysis("m1", "Can I return the shoes?", intents=("return.request",))
    b = analysis("m2", "Did you get my last email?", minutes=60 * 24 * 2, intents=("followup.reminder",))
    assert link_duplicates([a, b])[1].repeat_of == "m1"


def test_different_topic_is_not_a_repeat():
    a = analysis("m1", "Do you have the jacket in red?", intents=("product.availability",))
    b = analysis("m2", "How can I pay, is PayPal fine?", minutes=60 * 24, intents=("payment.methods",))
    assert links(link_duplicates([a, b])) == [("m1", None, None), ("m2", None, None)]


def test_repeat_window_is_respected():
    a = analysis("m1", "My order 48811 has not arrived.", intents=("delivery.not_received",))
    b = analysis("m2", "My order 48811 has still not arrived, please help.", minutes=60 * 24 * 40,
                 intents=("delivery.not_received",))
    assert link_duplicates([a, b])[1].repeat_of is None
    assert link_duplicates([a, b], repeat_window_days=60)[1].repeat_of == "m1"


def test_input_order_is_kept_and_inputs_are_not_changed():
    a = analysis("m1", "Hello, where is my order #48811? It has been two weeks. Thanks, Ana", minutes=5)
    b = analysis("m2", "Hello, where is my order #48811? It has been two weeks. Thanks, Ana")
    out = link_duplicates([a, b])
    assert [x.message_id for x in out] == ["m1", "m2"]
    assert out[0].duplicate_of == "m2" and a.duplicate_of is None     # earlier one kept on a tie


def test_three_resends_form_one_group():
    text = "Please cancel order 48811, I ordered the wrong size by mistake."
    msgs = [analysis(f"m{i}", text, minutes=i * 10, intents=("order.cancel",)) for i in range(3)]
    assert [a.duplicate_of for a in link_duplicates(msgs)] == [None, "m0", "m0"]


def test_short_message_restated_in_a_longer_resend_is_a_duplicate_of_the_longer():
    a = analysis("m1", "Hi the lamp I got is damaged, the shade is torn.", intents=("delivery.damaged",))
    b = analysis("m2", "Hi, the lamp I got is damaged, the shade is torn along the seam. My order number is "
                       "47966 and I've attached a photo.", minutes=7, intents=("delivery.damaged",))
    assert links(link_duplicates([a, b])) == [("m1", "m2", None), ("m2", None, None)]


def test_same_order_request_within_the_window_is_one_request():
    a = analysis("d1", "Hallo, das Paket kam beschädigt an, die Vase ist zerbrochen. Bestellnr 90480.",
                 intents=("delivery.damaged",), language="de")
    b = analysis("d2", "Hallo nochmal, anbei die Fotos vom Karton und der zerbrochenen Vase (Bestellnummer 90480). "
                       "Ich hätte gern Ersatz.", minutes=14, intents=("delivery.damaged",), language="de")
    assert links(link_duplicates([a, b])) == [("d1", "d2", None), ("d2", None, None)]


def test_two_different_orders_or_two_product_questions_are_not_duplicates():
    a = analysis("m1", "Order 48811 arrived damaged.", intents=("delivery.damaged",))
    b = analysis("m2", "Also order 48990 arrived damaged, the box was crushed.", minutes=5,
                 intents=("delivery.damaged",))
    c = analysis("m3", "Is the linen dress machine washable?", minutes=8, intents=("product.question",))
    d = analysis("m4", "Does the wool coat run small?", minutes=9, intents=("product.question",))
    assert [x.duplicate_of for x in link_duplicates([a, b, c, d])] == [None, None, None, None]


def test_a_greeting_inside_a_longer_email_is_no_restatement():
    a = analysis("m1", "Thanks!", intents=("feedback.compliment",))
    b = analysis("m2", "Thanks! Could you also tell me when order 48811 ships?", minutes=3)
    assert link_duplicates([a, b])[0].duplicate_of is None


RESENDS = {
    "en": "Hello, my order 48811 has not arrived yet. Could you please check where it is?",
    "zh": "你好，我的订单48811还没有到，麻烦帮我查一下包裹现在在哪里，谢谢。",
    "zh-Hant": "您好，我的訂單48811還沒有收到，麻煩幫我查一下包裹現在在哪裡，謝謝。",
    "es": "Hola, mi pedido 48811 todavía no ha llegado. ¿Podéis comprobar dónde está?",
    "de": "Hallo, meine Bestellung 48811 ist noch nicht angekommen. Können Sie bitte nachsehen?",
    "fr": "Bonjour, ma commande 48811 n'est toujours pas arrivée. Pouvez-vous vérifier où elle est ?",
    "ru": "Здравствуйте, мой заказ 48811 до сих пор не пришёл. Проверьте, пожалуйста, где он.",
    "pt": "Olá, a minha encomenda 48811 ainda não chegou. Podem verificar onde está?",
    "et": "Tere, minu tellimus 48811 pole veel kohale jõudnud. Palun kontrollige, kus see on.",
    "lv": "Labdien, mans pasūtījums 48811 vēl nav pienācis. Lūdzu, pārbaudiet, kur tas ir.",
}


@pytest.mark.parametrize("language", sorted(RESENDS))
def test_resend_with_the_tracking_number_added_is_kept_in_every_language(language):
    text = RESENDS[language]
    a = analysis("a", text, language=language, intents=("delivery.not_received",))
    b = analysis("b", text + "\nRR123456785CN", language=language, minutes=6, intents=("delivery.not_received",))
    c = analysis("c", text, language=language, minutes=60 * 24 * 5, intents=("delivery.not_received",))
    assert links(link_duplicates([a, b, c])) == [("a", "b", None), ("b", None, None), ("c", None, "b")]


def test_messages_without_date_or_sender_are_never_linked():
    from dataclasses import replace

    text = "Hello, where is my order #48811? It has been two weeks. Thanks, Ana"
    undated = [replace(analysis(f"u{i}", text), received_at=None) for i in range(2)]
    unsigned = [analysis(f"s{i}", text, sender="", minutes=i) for i in range(2)]
    assert links(link_duplicates(undated + unsigned)) == [
        ("u0", None, None), ("u1", None, None), ("s0", None, None), ("s1", None, None)]


def test_sender_address_case_does_not_matter():
    text = "Hello, where is my order #48811? It has been two weeks. Thanks, Ana"
    a, b = analysis("m1", text), analysis("m2", text, sender="Ana@Example.COM", minutes=2)
    assert link_duplicates([a, b])[1].duplicate_of == "m1"
