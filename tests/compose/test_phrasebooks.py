"""Every phrasebook has every English key with the same placeholders, and formats dates its own way."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tactful.compose.phrases import LANGUAGES, PHRASES_DIR, load_phrasebook_file, placeholders

EN = load_phrasebook_file(PHRASES_DIR / "en.yaml", "en")
OTHERS = [lang for lang in LANGUAGES if lang != "en"]


@pytest.mark.parametrize("lang", OTHERS)
def test_same_keys_as_english(lang):
    book = load_phrasebook_file(PHRASES_DIR / f"{lang}.yaml", lang)
    missing = sorted(set(EN.phrases) - set(book.phrases))
    extra = sorted(set(book.phrases) - set(EN.phrases))
    assert not missing, f"{lang} lacks {missing}"
    assert not extra, f"{lang} has keys English lacks: {extra}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_variant_has_the_english_placeholders(lang):
    book = load_phrasebook_file(PHRASES_DIR / f"{lang}.yaml", lang)
    wrong = []
    for key, variants in EN.phrases.items():
        sets = [placeholders(v) for v in variants]
        allowed = set().union(*sets)            # the values the code passes
        required = set.intersection(*sets)      # facts every English variant states (tracking, link...)
        for text in book.phrases.get(key, ()):
            got = placeholders(text)
            if not (required <= got <= allowed):
                wrong.append((key, text))
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sentences_have_variants(lang):
    """Replies should not all read the same: the main sections offer at least two variants."""
    book = load_phrasebook_file(PHRASES_DIR / f"{lang}.yaml", lang)
    for key in ("greet.named", "late.apology", "thanks.message", "empathy.sorry", "status.triad",
                "options.intro", "ask.intro", "expect.reply_within", "invite.again", "sign.closing"):
        assert len(book.variants(key)) >= 2, (lang, key)


@pytest.mark.parametrize("lang,expected", [
    ("en", "22 November 2026"), ("zh", "2026年11月22日"), ("zh-Hant", "2026年11月22日"),
    ("de", "22. November 2026"), ("es", "22 de noviembre de 2026"), ("fr", "22 novembre 2026"),
    ("ru", "22 ноября 2026 г."), ("pt", "22 de novembro de 2026"), ("et", "22.11.2026"),
    ("lv", "2026. gada 22. novembrī"),
])
def test_long_dates(lang, expected):
    book = load_phrasebook_file(PHRASES_DIR / f"{lang}.yaml", lang)
    assert book.locale.format_date(date(2026, 11, 22)) == expected


@pytest.mark.parametrize("lang,expected", [
    ("en", "€1,234.50"), ("de", "1.234,50 €"), ("fr", "1 234,50 €"), ("es", "1234,50 €"),
    ("zh", "€1,234.50"), ("ru", "1 234,50 €"), ("lv", "1234,50 €"), ("et", "1234,50 €"),
    ("pt", "1234,50 €"),
])
def test_money(lang, expected):
    book = load_phrasebook_file(PHRASES_DIR / f"{lang}.yaml", lang)
    assert book.locale.format_money(Decimal("1234.5"), "EUR") == expected
