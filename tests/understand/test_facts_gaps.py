"""READ-FACTS gaps the sample inbox showed, closed in the lexicon or grammar of every language where
the same construction exists: counted noun phrases with adjectives, colours named after a thing
("champagne-coloured", "šampanjavärvi", "цвета шампанского"), a city after a destination cue giving
its country, and fixed-date holidays resolved against the email's date."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tactful.understand.facts import extract_facts

NOV_8 = datetime(2026, 11, 8, 16, 45, tzinfo=timezone(timedelta(hours=3)))


def values(text: str, language: str, kind: str, received: datetime | None = NOV_8) -> list[str]:
    return [f.value for f in getattr(extract_facts(text, received=received, language=language), kind)]


# --- quantities: a count, up to three describing words, the product noun ----------------------

@pytest.mark.parametrize("language,text,expected", [
    ("en", "Could you send prices for 40 linen wrap dresses?", ["40"]),
    ("en", "We need two black silk dresses.", ["2"]),
    ("zh", "我想订 40 件亚麻连衣裙", ["40"]),
    ("zh-Hant", "我想訂40條黑色連身裙", ["40"]),
    ("de", "Ich hätte gern 40 schwarze lange Wickelkleider.", ["40"]),
    ("es", "Necesito 40 bonitos vestidos cruzados.", ["40"]),
    ("fr", "Il me faudrait 40 jolies petites robes noires.", ["40"]),
    ("pt", "Queria 40 lindos vestidos pretos.", ["40"]),
    ("ru", "Нужно 40 чёрных льняных платьев.", ["40"]),
    ("et", "Sooviksin 40 musta linast kleiti.", ["40"]),
    ("lv", "Vēlos 40 melnas lina kleitas.", ["40"]),
])
def test_counted_noun_phrase_with_adjectives_is_a_quantity(language, text, expected):
    assert values(text, language, "quantities") == expected


@pytest.mark.parametrize("language,text", [
    ("en", "I waited 3 long weeks for the dress."),
    ("en", "I ordered 2 weeks ago and the dress is not here."),
    ("en", "I have 2 questions about dresses."),
    ("en", "Our boutique has 3 stores selling dresses."),
    ("ru", "У нас 3 магазина, продаём платья."),
    ("de", "Ich warte seit 3 Wochen auf mein Kleid."),
    ("fr", "J'attends depuis 3 semaines ma robe."),
    ("es", "Hace 3 semanas que espero mi vestido."),
    ("ru", "Жду 3 недели своё платье."),
    ("et", "Ootasin 3 nädalat oma kleiti."),
    ("lv", "Gaidu 3 nedēļas savu kleitu."),
])
def test_a_count_of_something_else_does_not_run_into_the_product(language, text):
    assert values(text, language, "quantities") == []


# --- colours named after a thing, and compound colour words ------------------------------------

@pytest.mark.parametrize("language,text,expected", [
    ("en", "Is the champagne-coloured dress in stock, or the charcoal coat in sage green?",
     ["champagne", "charcoal", "sage"]),
    ("zh", "炭灰色大衣选错了，我想要的是驼色，或者香槟色。", ["charcoal", "camel", "champagne"]),
    ("zh-Hant", "我想要駝色，不要炭灰色，或者香檳色", ["camel", "charcoal", "champagne"]),
    ("de", "Ein champagnerfarbenes Kleid und ein camelfarbener Mantel in Anthrazit.", ["champagne", "camel", "charcoal"]),
    ("es", "¿Tienen el vestido color champán o el abrigo de color camel o gris marengo?", ["champagne", "camel", "charcoal"]),
    ("fr", "La robe couleur champagne, ou le manteau camel ou anthracite ?", ["champagne", "camel", "charcoal"]),
    ("ru", "Есть ли платье цвета шампанского? А пальто цвета кэмел или антрацитовое?", ["champagne", "camel", "charcoal"]),
    ("pt", "Tem o vestido cor de champanhe? E o casaco cinza-chumbo ou cor de camelo?", ["champagne", "charcoal", "camel"]),
    ("et", "Mantel söehallis toonis või kaamelivärvi? Kas saab vahetada šampanjavärvi kleidi vastu?",
     ["charcoal", "camel", "champagne"]),
    ("lv", "Vai kleita ir šampanieša krāsā? Vai mētelis kamieļa krāsas vai antracīta krāsā?",
     ["champagne", "camel", "charcoal"]),
])
def test_colours_named_after_a_thing(language, text, expected):
    assert values(text, language, "colours") == expected


def test_a_charcoal_coat_is_not_plain_grey():
    # The shop sells charcoal and grey as different variants: the customer's word must survive.
    assert values("Do you have the coat in charcoal or in grey?", "en", "colours") == ["charcoal", "grey"]


# --- a city after a destination cue names the country ------------------------------------------

@pytest.mark.parametrize("language,text,expected", [
    ("en", "Can you ship to London by Friday?", ["GB"]),
    ("de", "Schaffen Sie es, den Mantel bis spätestens 4. Dezember nach Berlin zu liefern?", ["DE"]),
    ("fr", "Vous livrez à Lyon ? J'habite à Bruxelles.", ["FR", "BE"]),
    ("es", "¿Enviáis a Barcelona?", ["ES"]),
    ("pt", "Vocês entregam para Lisboa? E para São Paulo?", ["PT", "BR"]),
    ("ru", "Доставляете в Москву? А до Санкт-Петербурга? Я в Минске.", ["RU", "BY"]),
    ("et", "Kas saadate Tallinnasse? Või Berliini?", ["EE", "DE"]),
    ("lv", "Vai sūtāt uz Rīgu? Un līdz Viļņai?", ["LV", "LT"]),
    ("zh", "下周六之前能寄到上海吗？", ["CN"]),
    ("zh-Hant", "可以寄到台北嗎？", ["TW"]),
])
def test_city_after_destination_cue_gives_country(language, text, expected):
    assert values(text, language, "countries") == expected


@pytest.mark.parametrize("language,text,expected", [
    ("en", "Also, would it reach Portland, Oregon before the wedding?", ["US"]),
    ("en", "Can you ship to Springfield, Illinois?", ["US"]),
    ("de", "Liefern Sie auch nach Springfield, Illinois?", ["US"]),
    ("fr", "Livrez-vous à Trois-Rivières, Québec ?", ["CA"]),
])
def test_region_after_a_town_and_a_comma_gives_country(language, text, expected):
    assert values(text, language, "countries") == expected


@pytest.mark.parametrize("language,text", [
    ("en", "I loved the dress Paris Hilton wore."),
    ("en", "I sent it to the shop, Texas is far away."),
    ("de", "Ein Berliner Modelabel hat mir Ihren Shop empfohlen."),
    ("et", "Tallinn on ilus linn."),
    ("zh", "我在上海买过你们的裙子。"),
])
def test_a_city_without_destination_cue_gives_no_country(language, text):
    assert values(text, language, "countries") == []


# --- holidays -----------------------------------------------------------------------------------

@pytest.mark.parametrize("language,text,expected", [
    ("en", "Will it arrive by Christmas? Or at least for New Year's Eve?", ["2026-12-25", "2026-12-31"]),
    ("en", "It's a Valentine's Day gift.", ["2027-02-14"]),
    ("ru", "Хочу купить жене шарф и серьги к Новому году, а маме подарок к Рождеству.", ["2027-01-01", "2027-01-07"]),
    ("de", "Kommt das bis Weihnachten an?", ["2026-12-24"]),
    ("fr", "Est-ce que ça arrivera avant Noël ou pour le Nouvel An ?", ["2026-12-25", "2027-01-01"]),
    ("es", "¿Llegará antes de Navidad?", ["2026-12-25"]),
    ("pt", "Chega antes do Natal?", ["2026-12-25"]),
    ("et", "Kas jõuab jõuludeks kohale?", ["2026-12-24"]),
    ("lv", "Vai pienāks līdz Ziemassvētkiem?", ["2026-12-24"]),
    ("zh", "圣诞节前能到吗？元旦呢？", ["2026-12-25", "2027-01-01"]),
    ("zh-Hant", "聖誕節前能到嗎？", ["2026-12-25"]),
])
def test_holiday_resolves_against_the_email_date(language, text, expected):
    assert values(text, language, "dates") == expected


def test_holiday_just_past_is_the_one_meant():
    january = datetime(2027, 1, 10, tzinfo=timezone.utc)
    assert values("I ordered it before Christmas and it still has not come.", "en", "dates",
                  received=january) == ["2026-12-25"]


def test_holiday_needs_the_email_date():
    assert values("Will it arrive by Christmas?", "en", "dates", received=None) == []


@pytest.mark.parametrize("language,text", [
    ("en", "Will it arrive before Chinese New Year?"),
    ("zh", "春节前能到吗？"),
    ("zh-Hant", "農曆新年前能到嗎？"),
    ("es", "¿Llega antes del Año Nuevo chino?"),
    ("ru", "Успеете к Китайскому Новому году?"),
    ("lv", "Vai pienāks līdz Ķīniešu Jaunajam gadam?"),
])
def test_lunar_new_year_comes_from_the_calendar_table(language, text):
    # 6 February 2027 is the Lunar New Year after 8 November 2026; the longer name beats "New Year".
    assert values(text, language, "dates") == ["2027-02-06"]


def test_lunar_new_year_outside_the_table_is_not_guessed():
    assert values("Before Chinese New Year, please.", "en", "dates",
                  received=datetime(2040, 11, 1, tzinfo=timezone.utc)) == []


def test_a_name_that_is_a_holiday_elsewhere_is_no_date():
    # Read with every lexicon (language unknown): the French "Noël" must not turn Noel into 25 December.
    assert values("i need to share my location with noel", "", "dates") == []
