"""Claims read from a reply (GROUNDED, POLICY-LIMIT): numbers, amounts, percentages, dates."""

from __future__ import annotations

from tactful.review.claims import amounts, codes, dates, parse_number, percents
from tactful.review.lexicon import load_lexicon


def _dates(text, lang, year=2026):
    return [c.value for c in dates(text, load_lexicon(lang).data.get("months"), year)]


def test_dates_in_every_written_form():
    assert _dates("It left on 4 March.", "en") == ["2026-03-04"]
    assert _dates("It arrives by March 4, 2027.", "en") == ["2027-03-04"]
    assert _dates("Versand am 4. März.", "de") == ["2026-03-04"]
    assert _dates("entre el 13 de diciembre de 2026 y el 4 de enero de 2027", "es") == ["2026-12-13", "2027-01-04"]
    assert _dates("até 4 de janeiro de 2027", "pt") == ["2027-01-04"]
    assert _dates("отправлен 3 марта", "ru") == ["2026-03-03"]
    assert _dates("saadeti 4. märtsil", "et") == ["2026-03-04"]
    assert _dates("nosūtīts 4. martā", "lv") == ["2026-03-04"]
    assert _dates("已于2026年11月3日发出", "zh") == ["2026-11-03"]
    assert _dates("ISO 2026-03-05 and 05.03.2026", "en") == ["2026-03-05", "2026-03-05"]


def test_numbers_and_money():
    assert parse_number("1.234,56") == parse_number("1,234.56") == parse_number("1 234.56")
    assert str(parse_number("12,50")) == "12.50"
    assert [c.value for c in amounts("Total €59.90, shipping 5,90 € and US$ 12")] == ["59.90", "5.90", "12"]
    assert [c.value for c in percents("a 10% discount, 15 % off, 百分之二十 is not digits")] == ["10", "15"]


def test_codes_skip_links_and_dates():
    found = [c.value for c in codes("Order #10231, tracking JD014600003828374 "
                                    "(https://dhl.com/t?id=JD014600003828374), sent 2026-03-04.")]
    assert found == ["10231", "JD014600003828374"]
