"""LANG: which of the served languages the reply is written in.

The question here is narrower than READ-LANG's ("which of 30 languages is this email?"): is
the reply in the customer's language? So the script decides first (Han, Cyrillic, Latin),
Simplified and Traditional Chinese are told apart by the understand stage's character tables
(``tactful.understand.language.chinese_variant``), and only Latin-script text goes to lingua,
restricted to the seven Latin-script served languages — about ten times faster than the full
READ-LANG detector, which keeps a review well under two milliseconds (bench/bench_review.py).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]")
_KANA = re.compile(r"[\u3040-\u30ff]")

_LATIN_SERVED = ("ENGLISH", "SPANISH", "GERMAN", "FRENCH", "PORTUGUESE", "ESTONIAN", "LATVIAN")
_detector = None
_lock = threading.Lock()


def _latin_detector():
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                from lingua import Language, LanguageDetectorBuilder
                _detector = LanguageDetectorBuilder.from_languages(
                    *(getattr(Language, n) for n in _LATIN_SERVED)).with_low_accuracy_mode().build()
    return _detector


def _chinese_variant(text: str) -> tuple[str, float]:
    try:
        from tactful.understand.language import chinese_variant
    except ImportError:        # understand not installed: a small built-in character sample
        trad = sum(ch in "們這個來為會時說對過還發國見問題謝貨單號訂買賣寫請讓聯繫門東運費錢" for ch in text)
        simp = sum(ch in "们这个来为会时说对过还发国见问题谢货单号订买卖写请让联系门东运费钱" for ch in text)
        return ("zh-Hant", 0.9) if trad > simp else ("zh", 0.9 if simp else 0.6)
    return chinese_variant(text)


@lru_cache(maxsize=4096)
def detect(text: str) -> tuple[str, float]:
    """(language code, confidence) of a reply; ``("und", 0.0)`` when it has no letters."""
    han = len(_HAN.findall(text))
    cyr = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    total = han + cyr + latin
    if total == 0:
        return "und", 0.0
    if _KANA.search(text) and han:
        return "ja", 0.9
    # Han characters carry a word each, Latin letters a fraction of one: weigh them alike.
    if han * 3 >= max(cyr, latin):
        code, share = _chinese_variant(text)
        return code, round(0.8 + 0.2 * share, 3)
    if cyr >= latin:
        return ("uk" if re.search(r"[іїєґІЇЄҐ]", text) else "ru"), 0.95
    values = _latin_detector().compute_language_confidence_values(text)
    if not values:
        return "und", 0.0
    top = values[0]
    return top.language.iso_code_639_1.name.lower(), float(top.value)
