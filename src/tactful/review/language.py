"""LANG: which language the reply is written in.

Uses the understand stage's detector (READ-LANG, lingua plus script rules that split ``zh`` from
``zh-Hant``) so the email and the reply are judged by the same yardstick; falls back to lingua
directly when that module is not installed.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def detect(text: str) -> tuple[str, float]:
    """(language code, confidence) of ``text``; ``("und", 0.0)`` when it has no letters."""
    try:
        from tactful.understand.language import detect_language
    except ImportError:        # understand not installed: plain lingua over served languages
        return _lingua(text)
    guess = detect_language(text)
    return guess.code, guess.confidence


_DETECTOR = None


def _lingua(text: str) -> tuple[str, float]:
    global _DETECTOR
    from lingua import Language, LanguageDetectorBuilder

    if _DETECTOR is None:
        _DETECTOR = LanguageDetectorBuilder.from_languages(
            Language.ENGLISH, Language.CHINESE, Language.SPANISH, Language.GERMAN, Language.FRENCH,
            Language.RUSSIAN, Language.PORTUGUESE, Language.ESTONIAN, Language.LATVIAN).build()
    values = _DETECTOR.compute_language_confidence_values(text)
    if not values or not any(ch.isalpha() for ch in text):
        return "und", 0.0
    code = values[0].language.iso_code_639_1.name.lower()
    if code == "zh":
        trad = sum(ch in "們這個來為會時說對過還發國見問題謝貨單號訂買賣寫請讓聯繫門東運費錢" for ch in text)
        simp = sum(ch in "们这个来为会时说对过还发国见问题谢货单号订买卖写请让联系门东运费钱" for ch in text)
        code = "zh-Hant" if trad > simp else "zh"
    return code, float(values[0].value)
