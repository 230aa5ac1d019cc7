"""READ-MISSING: ask only for what the answer needs and neither the email nor the shop has."""

from __future__ import annotations

from datetime import datetime

import pytest

from tactful.understand.facts import extract_facts
from tactful.understand.missing import find_missing
from tactful.understand.types import MISSING_FACTS, Item

RECEIVED = datetime(2026, 3, 9, 10, 0)


def missing(text: str, intents: list[str], language: str, *, has_image: bool = False,
            known_orders: tuple[str, ...] = ()) -> tuple[str, ...]:
    items = [Item(text=text, start=0, end=len(text), intent=i) for i in intents]
    facts = extract_facts(text, received=RECEIVED, language=language)
    return find_missing(items, facts, language=language, has_image=has_image, known_orders=known_orders)


CASES = [
    # order-specific intents without an order number
    ("en", "Where is my parcel? It has been two weeks.", ["shipping.status"], ("order_number",)),
    ("zh", "我的包裹到哪里了？已经两个星期了。", ["shipping.status"], ("order_number",)),
    ("zh-Hant", "我想取消訂單，謝謝。", ["order.cancel"], ("order_number",)),
    ("de", "Ich möchte meine Bestellung stornieren.", ["order.cancel"], ("order_number",)),
    ("es", "Quiero devolver los zapatos, no me quedan bien.", ["return.request"], ("order_number",)),
    ("fr", "Quand serai-je remboursé ?", ["refund.status"], ("order_number",)),
    ("ru", "Посылка так и не пришла.", ["delivery.not_received"], ("order_number",)),
    ("pt", "Quero juntar as minhas encomendas num só envio.", ["order.combine"], ("order_number",)),
    ("et", "Soovin oma tellimust muuta.", ["order.change"], ("order_number",)),
    ("lv", "Sūtījums vēl nav pienācis.", ["delivery.not_received"], ("order_number",)),
    # ... with the number given, nothing is missing
    ("en", "Where is order #48811?", ["shipping.status"], ()),
    ("zh", "订单号202603011234什么时候发货？", ["shipping.status"], ()),
    ("de", "Bitte Bestellung 45-7781 stornieren.", ["order.cancel"], ()),
    ("ru", "Заказ 887766 не пришёл.", ["delivery.not_received"], ()),
    # wrong or damaged goods need a photo
    ("en", "Order #48811 arrived broken.", ["delivery.damaged"], ("photo",)),
    ("es", "El pedido 55123 llegó roto.", ["delivery.damaged"], ("photo",)),
    ("fr", "Commande 77881 : j'ai reçu le mauvais article.", ["delivery.wrong_item"], ("photo",)),
    ("lv", "Pasūtījums 33221: saņēmu nepareizu preci.", ["delivery.wrong_item"], ("photo",)),
    ("zh-Hant", "訂單編號 778899 收到的杯子破了。", ["delivery.damaged"], ("photo",)),
    ("en", "The mug arrived broken.", ["delivery.damaged"], ("order_number", "photo")),
    # size advice needs measurements; a pointed-at product is named
    ("en", "Which size of this dress would fit me?", ["product.size_advice"], ("measurements",)),
    ("de", "Welche Größe empfehlen Sie bei diesem Kleid? Ich bin 170 cm groß.", ["product.size_advice"], ()),
    ("ru", "Какой размер этого платья мне подойдёт? Рост 170, вес 60 кг.", ["product.size_advice"], ()),
    ("pt", "Que tamanho do vestido me recomendam?", ["product.size_advice"], ("measurements",)),
    ("et", "Millist suurust soovitate? Minu pikkus on 180 cm.", ["product.size_advice"], ("product",)),
    ("ru", "Хочу заказать кожаные лоферы, чёрные. Длина стопы у меня 24,5 см, обычно ношу 38–39 размер. "
           "Какой размер посоветуете?", ["product.size_advice"], ()),
    # shipping options need a destination
    ("en", "What shipping options do you have?", ["shipping.options"], ("country",)),
    ("en", "Do you ship to Canada?", ["shipping.options"], ()),
    ("zh", "可以寄到哈尔滨吗？", ["shipping.options"], ()),
    ("es", "¿Qué opciones de envío tienen?", ["shipping.options"], ("country",)),
    ("fr", "Livrez-vous en Belgique ?", ["shipping.options"], ()),
    # after buying: the order has an address, and the size ordered is the reference
    ("en", "I placed order #48520 today. Which shipping options are there?", ["shipping.options"], ()),
    ("zh", "订单50610里的运动鞋尺码偏小，应该换哪个尺码？", ["product.size_advice"], ()),
    # pre-sale questions: no order number asked
    ("en", "How long does shipping take?", ["shipping.time"], ()),
    ("en", "Is this jacket waterproof?", ["product.question"], ()),
    ("de", "Gibt es die Trinkflasche auch in schwarz?", ["product.availability"], ()),
    ("zh-Hant", "呢款手袋有冇米色？", ["product.availability"], ()),
    ("lv", "Vai ziemas zābaki \"Gauja\" ir ūdensnecaurlaidīgi?", ["product.question"], ()),
    ("en", "Do you have it in stock?", ["product.availability"], ("product",)),
    # a vague problem: which order, which product?
    ("en", "Hi, I have a problem with the thing I bought from you. Can you sort it out?", ["other"],
     ("order_number", "product")),
    ("de", "Guten Tag, es gibt da ein Problem. Bitte um Rückruf.", ["other"], ("order_number", "product")),
    ("zh", "在吗？我那个东西有点问题，怎么弄？", ["other"], ("order_number", "product")),
    ("ru", "Здравствуйте, у меня вопрос по товару. Перезвоните.", ["other"], ("order_number", "product")),
    ("et", "Tere, mul on probleem. Palun aidake.", ["other"], ("order_number", "product")),
    ("es", "Hola, ¿tenéis tienda física en Madrid?", ["other"], ()),
    ("de", "Ich brauche für meine Bestellung eine Rechnung.", ["other"], ("order_number",)),
]


@pytest.mark.parametrize("language,text,intents,expected", CASES)
def test_missing_facts_per_intent(language, text, intents, expected):
    assert missing(text, intents, language) == expected


def test_known_order_for_the_sender_is_not_asked_for():
    assert missing("Where is my parcel?", ["shipping.status"], "en", known_orders=("48811",)) == ()


def test_image_attachment_supplies_the_photo():
    assert missing("Order #48811 arrived broken.", ["delivery.damaged"], "en", has_image=True) == ()


def test_several_items_union_in_catalogue_order():
    text = "My parcel is late. Also, which size would fit me?"
    items = [Item(text=text[:18], start=0, end=18, intent="shipping.status"),
             Item(text=text[19:], start=19, end=len(text), intent="product.size_advice")]
    facts = extract_facts(text, received=RECEIVED, language="en")
    got = find_missing(items, facts, language="en", has_image=False, known_orders=())
    assert got == ("order_number", "product", "measurements")
    assert list(got) == [m for m in MISSING_FACTS if m in got]


def test_every_intent_has_a_row_in_the_table():
    from tactful.understand.missing import _table
    from tactful.understand.types import INTENTS

    assert set(_table()) == set(INTENTS)
