"""READ-FACTS: every fact kind in every served language, and no string counted as two facts."""

from __future__ import annotations

from datetime import datetime

import pytest

from tactful.errors import ConfigError
from tactful.understand.facts import extract_facts
from tactful.understand.types import SERVED_LANGUAGES

# Monday 9 March 2026, 10:00: relative dates below are resolved against it.
RECEIVED = datetime(2026, 3, 9, 10, 0)


def values(text: str, field: str, language: str, **kw) -> list[str]:
    facts = extract_facts(text, received=RECEIVED, language=language, **kw)
    return facts.values(field)


ORDERS = [
    ("en", "Hi, where is my order #10234? It was paid last week.", ["10234"]),
    ("en", "My order number is A-55120 and I still have nothing.", ["A-55120"]),
    ("zh", "你好，我的订单号：202603011234，什么时候发货？", ["202603011234"]),
    ("zh-Hant", "您好，訂單編號 778899 還沒有出貨。", ["778899"]),
    ("de", "Meine Bestellnummer lautet 45-7781, bitte prüfen.", ["45-7781"]),
    ("es", "Mi número de pedido es 55123 y no ha llegado.", ["55123"]),
    ("fr", "Ma commande n° 77881 n'est toujours pas arrivée.", ["77881"]),
    ("ru", "Здравствуйте, номер заказа 887766, где посылка?", ["887766"]),
    ("pt", "A minha encomenda 99812 ainda não chegou.", ["99812"]),
    ("et", "Minu tellimuse number on 44551, palun kontrollige.", ["44551"]),
    ("lv", "Mans pasūtījuma numurs ir 33221, lūdzu pārbaudiet.", ["33221"]),
    ("de", "Ich habe zwei Bestellungen aufgegeben (90201 und 90214).", ["90201", "90214"]),
    ("ru", "Я оформил два заказа — 40301 и 40312.", ["40301", "40312"]),
]


@pytest.mark.parametrize("language,text,expected", ORDERS)
def test_order_numbers_from_cues_in_every_language(language, text, expected):
    assert values(text, "order_numbers", language) == expected


def test_shop_order_pattern_finds_orders_without_a_cue():
    text = "Hello, TF-20260301-007 arrived broken."
    assert values(text, "order_numbers", "en", order_pattern=r"TF-\d{8}-\d{3}") == ["TF-20260301-007"]


def test_sample_shop_pattern_any_case_and_hash():
    text = "Orders ll-10242 and #48811, tracking RR123456785CN, call +49 151 23456789."
    assert values(text, "order_numbers", "en", order_pattern=r"(?:LL-?|#)\d{5}\b") == ["ll-10242", "48811"]


def test_bad_shop_order_pattern_is_a_config_error():
    with pytest.raises(ConfigError) as err:
        extract_facts("order 1234", order_pattern="([unclosed")
    assert err.value.field == "order_pattern"


def test_quantity_or_amount_after_order_word_is_not_an_order_number():
    assert values("I would like to order 200 pcs for 120 EUR.", "order_numbers", "en") == []
    assert values("I would like to order 200 pcs for 120 EUR.", "quantities", "en") == ["200"]


TRACKING = [
    ("en", "Tracking: RR123456785CN, still in transit.", "RR123456785CN", "china_post"),
    ("en", "UPS says 1Z999AA10123456784 was delivered.", "1Z999AA10123456784", "ups"),
    ("en", "USPS tracking 9400111899223100000000 shows nothing.", "9400111899223100000000", "usps"),
    ("en", "FedEx 123456789012 is stuck in Memphis.", "123456789012", "fedex"),
    ("zh", "运单号：YT1234567890123456，一直没有更新。", "YT1234567890123456", "yunexpress"),
    ("zh-Hant", "快遞單號 LP00123456789012 查不到。", "LP00123456789012", "cainiao"),
    ("de", "Sendungsnummer: 00340434161094042557 (DHL).", "00340434161094042557", "dhl"),
    ("de", "DHL Express Sendung 1234567895 hängt im Zoll.", "1234567895", "dhl"),
    ("es", "Número de seguimiento: RR 123 456 785 CN.", "RR123456785CN", "china_post"),
    ("fr", "Numéro de suivi LX123456785DE, rien ne bouge.", "LX123456785DE", "deutsche_post"),
    ("ru", "Трек-номер RA123456785RU не отслеживается.", "RA123456785RU", "russian_post"),
    ("pt", "Código de rastreio: RR123456785CN.", "RR123456785CN", "china_post"),
    ("et", "Jälgimiskood CC123456785EE ei uuene.", "CC123456785EE", "omniva"),
    ("lv", "Izsekošanas numurs RR123456785LV nemainās.", "RR123456785LV", "latvijas_pasts"),
]


@pytest.mark.parametrize("language,text,number,carrier", TRACKING)
def test_tracking_numbers_with_carrier(language, text, number, carrier):
    facts = extract_facts(text, received=RECEIVED, language=language)
    assert [(f.value, f.kind) for f in facts.tracking_numbers] == [(number, carrier)]
    # READ-FACTS: a tracking number is not also an order number, amount or quantity.
    assert facts.order_numbers == () and facts.amounts == () and facts.quantities == ()


def test_s10_with_a_wrong_check_digit_is_not_a_tracking_number():
    assert values("Parcel RR123456784CN please check", "tracking_numbers", "en") == []


def test_ups_with_a_wrong_check_digit_needs_a_cue():
    assert values("ref 1Z999AA10123456785 thanks", "tracking_numbers", "en") == []


def test_bare_ten_digits_are_not_dhl_without_the_carrier_name():
    assert values("Call 1234567895 please", "tracking_numbers", "en") == []


def test_phone_numbers_are_not_order_numbers():
    text = "My order 48811 - call me on +49 151 23456789 or phone 0151 2345 6789."
    assert values(text, "order_numbers", "en") == ["48811"]


SKUS = [
    ("en", "Is SKU: TS-1001-BLK back in stock?", ["TS-1001-BLK"]),
    ("en", "I like item KN-2041 a lot.", ["KN-2041"]),
    ("zh", "货号 AB-2231 有货吗？", ["AB-2231"]),
    ("zh-Hant", "型號TB-350有現貨嗎？", ["TB-350"]),
    ("de", "Ist Art.-Nr. DK-17A noch lieferbar?", ["DK-17A"]),
    ("es", "¿Tienen la referencia VS-330 en stock?", ["VS-330"]),
    ("fr", "La référence CM-330 est-elle disponible ?", ["CM-330"]),
    ("ru", "Артикул PL-4410 есть в наличии?", ["PL-4410"]),
    ("pt", "O artigo BL-220 está disponível?", ["BL-220"]),
    ("et", "Kas tootekood JK-7781 on laos?", ["JK-7781"]),
    ("lv", "Vai preces kods SK-5512 ir pieejams?", ["SK-5512"]),
]


@pytest.mark.parametrize("language,text,expected", SKUS)
def test_skus(language, text, expected):
    assert values(text, "skus", language) == expected


SIZES = [
    ("en", "Would you recommend S or M for me?", ["S", "M"]),
    ("en", "Do you have it in size XL?", ["XL"]),
    ("en", "I usually wear a large but your sizes look small.", ["L"]),
    ("en", "Is the EU 38 true to size?", ["EU 38"]),
    ("en", "I'm usually a UK 12 - would a 12 fit, or should I go up to a 14?", ["UK 12", "UK 14"]),
    ("zh", "平时穿L码，应该选L还是XL？", ["L", "XL"]),
    ("zh", "鞋子要38码的。", ["38"]),
    ("zh-Hant", "我訂的是M號的連身裙，收到的卻是XL。", ["M", "XL"]),
    ("de", "Ich habe Größe M bestellt, bräuchte aber L.", ["M", "L"]),
    ("es", "Pedí la talla 39 pero necesito la 40.", ["39", "40"]),
    ("fr", "Quelle taille me conseillez-vous, 38 ou 40 ?", ["38", "40"]),
    ("ru", "Какой размер мне подойдёт — 42 или 44?", ["42", "44"]),
    ("pt", "Pedi a blusa no tamanho P, mas preciso do M.", ["P", "M"]),
    ("et", "Kas see jope on ka XL suuruses?", ["XL"]),
    ("lv", "Kādu izmēru jūs ieteiktu – S vai M?", ["S", "M"]),
]


@pytest.mark.parametrize("language,text,expected", SIZES)
def test_sizes(language, text, expected):
    assert values(text, "sizes", language) == expected


def test_lone_letters_and_numbers_outside_a_size_sentence_are_not_sizes():
    assert values("Thanks, M. Smith. I waited 21 days.", "sizes", "en") == []


MEASUREMENTS = [
    ("en", "I'm 165 cm tall, bust 88 cm, waist 71 cm and hips 97 cm.",
     [("165", "height", "cm"), ("88", "chest", "cm"), ("71", "waist", "cm"), ("97", "hips", "cm")]),
    ("en", "I'm 5'7\" and weigh 150 lbs.", [("67", "height", "in"), ("150", "weight", "lb")]),
    ("zh", "我身高170 体重60公斤", [("170", "height", "cm"), ("60", "weight", "kg")]),
    ("zh-Hant", "我身高172公分、體重68公斤，腰圍約31吋", [("172", "height", "cm"), ("68", "weight", "kg"),
                                           ("31", "waist", "in")]),
    ("de", "Größe 1,70 m, Gewicht 60,5 kg.", [("170", "height", "cm"), ("60.5", "weight", "kg")]),
    ("es", "Mido 1,65 m, peso 58 kg y tengo 90 de pecho.", [("165", "height", "cm"), ("58", "weight", "kg"),
                                                          ("90", "chest", "cm")]),
    ("fr", "Je mesure 1m70, tour de poitrine 92 cm.", [("170", "height", "cm"), ("92", "chest", "cm")]),
    ("ru", "Рост 170, вес 60 кг, обхват груди 86 см.", [("170", "height", "cm"), ("60", "weight", "kg"),
                                                        ("86", "chest", "cm")]),
    ("pt", "Tenho 1,62 m de altura e peso 55 kg.", [("162", "height", "cm"), ("55", "weight", "kg")]),
    ("et", "Minu pikkus on 180 cm ja kaal 75 kg.", [("180", "height", "cm"), ("75", "weight", "kg")]),
    ("lv", "Mans augums ir 167 cm, svars 59 kg, pēdas garums 24,5 cm.",
     [("167", "height", "cm"), ("59", "weight", "kg"), ("24.5", "foot", "cm")]),
]


@pytest.mark.parametrize("language,text,expected", MEASUREMENTS)
def test_measurements_with_kind_and_unit(language, text, expected):
    facts = extract_facts(text, received=RECEIVED, language=language)
    assert [(f.value, f.kind, f.get("unit")) for f in facts.measurements] == expected


COLOURS = [
    ("en", "Do you have the bracelet in gold? I only see silver.", ["gold", "silver"]),
    ("en", "I ordered navy but received a grey one.", ["navy", "grey"]),
    ("zh", "有黑色和藏青色吗？", ["black", "navy"]),
    ("zh-Hant", "有冇米色？網站上只見到黑色同啡色。", ["beige", "black", "brown"]),
    ("de", "Gibt es den Pulli in Schwarz oder dunkelgrau?", ["black", "grey"]),
    ("es", "¿Lo tienen en verde oliva o en rojo?", ["olive", "red"]),
    ("fr", "Je préfère le vert kaki au gris.", ["khaki", "grey"]),
    ("ru", "Есть ли это платье в красном или чёрном цвете?", ["red", "black"]),
    ("pt", "Tem em azul-marinho ou branco?", ["navy", "white"]),
    ("et", "Kas seda jopet on ka punasena? Näen ainult musta ja halli.", ["red", "black", "grey"]),
    ("lv", "Vai ir zaļa vai dzeltena krāsa?", ["green", "yellow"]),
]


@pytest.mark.parametrize("language,text,expected", COLOURS)
def test_colours_canonical_english(language, text, expected):
    assert values(text, "colours", language) == expected


def test_names_and_cities_are_not_colours():
    assert values("Livraison à Bordeaux, merci. Signé Rose Black", "colours", "fr") == []
    assert values("Black Friday deal? Regards, Mr. Brown", "colours", "en") == []


QUANTITIES = [
    ("en", "Could you quote 200 and 500 units?", ["200", "500"]),
    ("en", "I need 50 pieces and two dozen mugs.", ["50", "24"]),
    ("zh", "我要一打，另外再买3件。", ["12", "3"]),
    ("zh-Hant", "請問買兩個有折扣嗎？另外要1,000支。", ["2", "1000"]),
    ("de", "Bitte 2 Stück und ein Dutzend Kerzen.", ["2", "12"]),
    ("es", "Quiero 10 unidades.", ["10"]),
    ("fr", "Je voudrais 3 pièces.", ["3"]),
    ("ru", "Нужно 5 шт.", ["5"]),
    ("pt", "Quero 6 peças.", ["6"]),
    ("et", "Soovin 3 tükki.", ["3"]),
    ("lv", "Vēlos 2 gabali.", ["2"]),
]


@pytest.mark.parametrize("language,text,expected", QUANTITIES)
def test_quantities(language, text, expected):
    assert values(text, "quantities", language) == expected


AMOUNTS = [
    ("en", "I paid US$ 49.99 and then $5 shipping.", [("49.99", "USD"), ("5", "USD")]),
    ("en", "The refund of 12 eur never came, nor the £64.99.", [("12", "EUR"), ("64.99", "GBP")]),
    ("zh", "这个钱包398元有点贵，¥99可以吗？", [("398", "CNY"), ("99", "CNY")]),
    ("zh-Hant", "金額HK$560，退款還沒收到。", [("560", "HKD")]),
    ("de", "Die Erstattung von 79,95 € fehlt, insgesamt 1.234,50 EUR.", [("79.95", "EUR"), ("1234.50", "EUR")]),
    ("es", "Pagué 20 € por el envío.", [("20", "EUR")]),
    ("fr", "J'ai payé 42,00 € hier.", [("42", "EUR")]),
    ("ru", "Я заплатил 1500 руб. и ещё 200 ₽.", [("1500", "RUB"), ("200", "RUB")]),
    ("pt", "Paguei R$ 99,90 pelo frete.", [("99.90", "BRL")]),
    ("et", "Maksin 25 eurot.", [("25", "EUR")]),
    ("lv", "Samaksāju 15 eiro.", [("15", "EUR")]),
]


@pytest.mark.parametrize("language,text,expected", AMOUNTS)
def test_amounts_with_currency(language, text, expected):
    facts = extract_facts(text, received=RECEIVED, language=language)
    assert [(f.value, f.kind) for f in facts.amounts] == expected


DATES = [
    ("en", "I need it by Friday, or at the latest by the 20th.", ["2026-03-13", "2026-03-20"]),
    ("en", "Ordered on July 28th, 2025 and on 2026-02-14.", ["2025-07-28", "2026-02-14"]),
    ("en", "Can it arrive tomorrow?", ["2026-03-10"]),
    ("zh", "明天能到吗？下周五之前一定要收到。", ["2026-03-10", "2026-03-20"]),
    ("zh-Hant", "11月15日前收不到我就不買了。", ["2026-11-15"]),
    ("de", "Bitte bis Freitag liefern, spätestens am 27.03.", ["2026-03-13", "2026-03-27"]),
    ("de", "Guten Morgen, wann kommt das Paket?", []),
    ("es", "¿Llegará mañana? Lo necesito antes del 15 de abril de 2026.", ["2026-03-10", "2026-04-15"]),
    ("es", "Por la mañana no estoy en casa.", []),
    ("fr", "Livraison demain ou avant le 15 ?", ["2026-03-10", "2026-03-15"]),
    ("ru", "Нужно до пятницы, а лучше завтра.", ["2026-03-13", "2026-03-10"]),
    ("pt", "Preciso até sexta-feira, dia 20 de março.", ["2026-03-13", "2026-03-20"]),
    ("et", "Kas pakk jõuab homme või reedeks?", ["2026-03-10", "2026-03-13"]),
    ("lv", "Vai sūtījums pienāks rīt? Vajag līdz piektdienai.", ["2026-03-10", "2026-03-13"]),
]


@pytest.mark.parametrize("language,text,expected", DATES)
def test_dates_absolute_and_relative(language, text, expected):
    assert values(text, "dates", language) == expected


def test_relative_dates_need_the_received_date():
    facts = extract_facts("Can it arrive tomorrow? By 2026-04-01 at the latest.", language="en")
    assert facts.values("dates") == ["2026-04-01"]


COUNTRIES = [
    ("en", "Do you ship to Germany or the UK?", ["DE", "GB"]),
    ("zh", "可以寄到美国吗？", ["US"]),
    ("zh-Hant", "寄到台灣要幾天？", ["TW"]),
    ("de", "Liefern Sie auch nach Österreich und in die Schweiz?", ["AT", "CH"]),
    ("es", "¿Hacen envíos a España y a México?", ["ES", "MX"]),
    ("fr", "Livrez-vous en Belgique ?", ["BE"]),
    ("ru", "Доставляете ли вы в Германию или Казахстан?", ["DE", "KZ"]),
    ("pt", "Enviam para o Brasil?", ["BR"]),
    ("et", "Kas saadate Eestisse ja Soome?", ["EE", "FI"]),
    ("lv", "Vai sūtāt uz Latviju?", ["LV"]),
]


@pytest.mark.parametrize("language,text,expected", COUNTRIES)
def test_countries_iso_codes(language, text, expected):
    assert values(text, "countries", language) == expected


def test_carrier_names_are_not_countries():
    assert values("Sūtīts ar Latvijas Pastu, numurs RR123456785LV.", "countries", "lv") == []
    assert values("Статус на сайте Почты России не меняется.", "countries", "ru") == []


def test_pasted_card_number_is_no_fact():
    facts = extract_facts("card 4242 4242 4242 4242 exp 09/27 cvv 123", language="en")
    assert facts.order_numbers == () and facts.quantities == () and facts.dates == ()


def test_unknown_language_reads_all_lexicons():
    facts = extract_facts("Bestellnummer 45-7781, размер 42, 5 шт", received=RECEIVED)
    assert facts.values("order_numbers") == ["45-7781"]
    assert facts.values("quantities") == ["5"]


def test_spans_point_at_the_fact_text():
    text = "Order #10234, tracking RR123456785CN, 3 pcs."
    facts = extract_facts(text, received=RECEIVED, language="en")
    for name in facts.FIELDS:
        for fact in getattr(facts, name):
            assert 0 <= fact.start < fact.end <= len(text)
    assert text[facts.tracking_numbers[0].start:facts.tracking_numbers[0].end] == "RR123456785CN"


@pytest.mark.parametrize("language", SERVED_LANGUAGES)
def test_every_language_has_a_complete_lexicon(language):
    from tactful.understand import facts_data

    lex = facts_data.lexicon(language)
    for section in ("order_cues", "tracking_cues", "sku_cues", "size_cues", "measure_cues", "colours",
                    "quantity_units", "currency_words", "weekdays", "relative_days", "product_words",
                    "secrets", "problem_words", "demonstratives", "connectors", "instead_words",
                    "destination_patterns", "phone_cues"):
        assert lex.get(section), f"{language}: {section} is empty"
    # YAML turns bare no/on/yes into booleans: every cue must still be a string.
    def strings(node):
        if isinstance(node, dict):
            for key, val in node.items():
                if key not in ("number_words_small", "inflected"):
                    yield from strings(val)
        elif isinstance(node, list):
            for val in node:
                yield from strings(val)
        else:
            yield node
    flags = ("inflected", "compound_nouns", "capitalised_colour_nouns", "number_words_small")
    bad = [v for key, v in lex.items() if key not in flags
           for v in strings(v) if not isinstance(v, str)]
    assert bad == []


# ------------------------------------------------------------------ real-text look-alikes

LOOK_ALIKES = [
    ("", 'Content-Type: text/plain; charset="utf-8"', "measurements"),
    ("", "I will have time to test this in 2 weeks.", "sizes"),
    ("", "Geschäftszeiten: Mo-Do 08:00-18:00", "sizes"),
    ("", "Sent from my Windows 8 PC", "quantities"),
    ("", "29 грудня 2017 р. о 19:09", "amounts"),
    ("", "Soweit ich weiß, arbeitet er noch daran.", "colours"),
    ("", "This is a regression test for issue #2458.", "order_numbers"),
    ("", "X-Msg-Ref: server-9.tower-169", "skus"),
    ("en", "Are the candles sold only by the dozen?", "quantities"),
    ("zh-Hant", "到現在三個禮拜了還沒收到", "quantities"),
    ("zh", "预计 2 个月到货", "quantities"),
    ("pt", "Somos uma rede de lojas em São Paulo.", "sizes"),
    ("ru", "Добавьте таблицу размеров в российской системе.", "countries"),
    ("en", "Do you have the manual in German or French?", "countries"),
]


@pytest.mark.parametrize("language,text,field", LOOK_ALIKES)
def test_look_alikes_from_real_mail_are_not_facts(language, text, field):
    assert values(text, field, language) == []


MORE = [
    ("es", "Hice dos pedidos, el 70301 y el 70309.", "order_numbers", ["70301", "70309"]),
    ("zh", "订单号50402和50415能不能合并？", "order_numbers", ["50402", "50415"]),
    ("zh-Hant", "我今天下了兩張訂單61301和61317", "order_numbers", ["61301", "61317"]),
    ("de", "Meine Bestellnummer beim Marktplatz ist 8123456789012345, bitte prüfen.", "order_numbers",
     ["8123456789012345"]),
    ("ru", "В посылке 2 чехла вместо 3.", "quantities", ["2", "3"]),
    ("et", "Pakis oli ainult 3 veiniklaasi 4 asemel.", "quantities", ["3", "4"]),
    ("es", "Venían 5 tazas y había pedido 6.", "quantities", ["5"]),
    ("et", "Tellisin kleidi suuruses M, aga vajan hoopis S-i.", "sizes", ["M", "S"]),
    ("lv", "Vai ir pieejams 38. izmērs brūnā krāsā?", "sizes", ["38"]),
    ("fr", "Je chausse du 38 d'habitude.", "sizes", ["38"]),
]


@pytest.mark.parametrize("language,text,field,expected", MORE)
def test_coordinated_and_inflected_facts(language, text, field, expected):
    assert values(text, field, language) == expected


def test_order_ids_sharing_a_prefix_are_orders_not_skus():
    text = "zwei Bestellungen aufgegeben: LL-10242 (Kleid, Navy, L) und LL-10243 (Creolen in Silber)."
    facts = extract_facts(text, received=RECEIVED, language="de")
    assert facts.values("order_numbers") == ["LL-10242", "LL-10243"]
    assert facts.values("skus") == []


MORE_DATES = [
    ("en", "on 03/04/2026 and 25/12/2026", ["2026-03-04", "2026-12-25"]),
    ("de", "am 12.05.2026 oder 3. Juni", ["2026-05-12", "2026-06-03"]),
    ("ru", "до 12 мая 2026 года", ["2026-05-12"]),
    ("et", "12. mail ja 3. juuniks", ["2026-05-12", "2026-06-03"]),
    ("lv", "2026. gada 12. maijā", ["2026-05-12"]),
    ("pt", "5 de maio", ["2026-05-05"]),
    ("fr", "le 1er avril", ["2026-04-01"]),
    ("zh", "2026年5月12日或者6月1号", ["2026-05-12", "2026-06-01"]),
    ("en", "May 12 or June 1st", ["2026-05-12", "2026-06-01"]),
]


@pytest.mark.parametrize("language,text,expected", MORE_DATES)
def test_absolute_dates_in_each_language_format(language, text, expected):
    assert values(text, "dates", language) == expected


@pytest.mark.parametrize("language,text,expected", [
    ("fr", "Deux des quatre tasses sont cassées.", ["4"]),
    ("en", "I ordered two mugs and three towels.", ["2", "3"]),
    ("de", "Bitte zwei Tassen.", ["2"]),
])
def test_number_words_counting_products(language, text, expected):
    assert values(text, "quantities", language) == expected


@pytest.mark.parametrize("text,expected", [
    ("已经一周一直没更新", []),          # "one week", not Monday
    ("每周一发货吗？", []),              # every Monday: no single date
    ("上周五发的货", []),                # last Friday
    ("这周五可以吗？", ["2026-03-13"]),
])
def test_chinese_week_counts_are_not_weekdays(text, expected):
    assert values(text, "dates", "zh") == expected


@pytest.mark.parametrize("language,text,expected", [
    ("en", "I ordered last Friday.", ["2026-03-06"]),
    ("en", "We are closed every Friday.", []),
    ("fr", "Commandé vendredi dernier.", ["2026-03-06"]),
    ("de", "Letzten Freitag bestellt, bitte bis Freitag liefern.", ["2026-03-06", "2026-03-13"]),
    ("es", "Lo pedí el viernes pasado.", ["2026-03-06"]),
    ("ru", "Заказала в прошлую пятницу.", ["2026-03-06"]),
    ("pt", "Fiz o pedido na sexta-feira passada.", ["2026-03-06"]),
    ("et", "Tellisin eelmisel reedel.", ["2026-03-06"]),
    ("lv", "Pasūtīju pagājušajā piektdienā.", ["2026-03-06"]),
])
def test_last_weekday_is_in_the_past_and_every_weekday_is_no_date(language, text, expected):
    assert values(text, "dates", language) == expected
