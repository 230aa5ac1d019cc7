"""READ-LANG: which language the customer wrote in, as an ISO 639-1 code with a confidence.

lingua (offline models shipped in its wheel) does the statistics over our served languages plus
common others, so any other language is still detected (and answered in English downstream).
Chinese is split into ``zh`` (Simplified) and ``zh-Hant`` (Traditional) by counting characters
that differ between the scripts. Texts of a few words get script and letter/word rules, where
n-gram statistics are unreliable (a one-line "Paldies!" is Latvian, not Lithuanian).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from tactful.understand.lexicon import DATA, read_yaml, zh_script

# Served languages first; the rest let us say "this is Italian" instead of guessing Spanish.
_LINGUA_NAMES = (
    "ENGLISH", "CHINESE", "SPANISH", "GERMAN", "FRENCH", "RUSSIAN", "PORTUGUESE", "ESTONIAN",
    "LATVIAN", "ITALIAN", "DUTCH", "POLISH", "JAPANESE", "KOREAN", "UKRAINIAN", "LITHUANIAN",
    "FINNISH", "SWEDISH", "DANISH", "BOKMAL", "CZECH", "TURKISH", "ARABIC", "HEBREW", "GREEK",
    "HUNGARIAN", "ROMANIAN", "VIETNAMESE", "THAI", "INDONESIAN", "HINDI", "BULGARIAN",
)

_detector = None
_lock = threading.Lock()

_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")

# Below this many letters lingua is unreliable between close languages; rules decide first.
SHORT_TEXT_LETTERS = 25


@dataclass(frozen=True)
class LanguageGuess:
    """A language code (ISO 639-1, or ``zh-Hant``) and how sure we are (0-1)."""

    code: str
    confidence: float


def _build():
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _LINGUA_NAMES if hasattr(Language, name)]
    # High-accuracy mode without preloading: ~0.6 ms per email and models load lazily, so a
    # CLI call on English mail does not pay for Thai (bench/bench_understand.py measures this).
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detector():
    """The lingua detector, built once per process (thread-safe lazy singleton)."""
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                _detector = _build()
    return _detector


@lru_cache(maxsize=None)
def _short_rules() -> dict:
    return read_yaml(DATA / "lang" / "short_text.yaml")


@lru_cache(maxsize=None)
def _script_sets() -> tuple[frozenset[str], frozenset[str]]:
    script = zh_script()
    pairs = [(s, t) for s, t in zip(script["simplified"], script["traditional"]) if s != t]
    simp = frozenset(s for s, _ in pairs) | frozenset(script["simplified_only"])
    trad = frozenset(t for _, t in pairs) | frozenset(script["traditional_only"])
    return simp, trad


def chinese_variant(text: str) -> tuple[str, float]:
    """``zh`` or ``zh-Hant`` by counting script-specific characters, with a confidence."""
    simp, trad = _script_sets()
    n_simp = sum(1 for ch in text if ch in simp)
    n_trad = sum(1 for ch in text if ch in trad)
    total = n_simp + n_trad
    if total == 0:
        return "zh", 0.6          # only shared characters: Simplified is far more common
    if n_trad > n_simp:
        return "zh-Hant", n_trad / total
    return "zh", n_simp / total


def _short_latin(text: str) -> LanguageGuess | None:
    rules = _short_rules()
    low = text.casefold()
    scores: dict[str, float] = {}
    for code, letters in rules["letters"].items():
        hits = sum(low.count(ch) for ch in letters)
        if hits:
            scores[code] = scores.get(code, 0.0) + 2.0 * hits
    words = _WORD.findall(low)
    for code, vocab in rules["words"].items():
        vocab_set = set(vocab)
        hits = sum(1 for w in words if w in vocab_set)
        if hits:
            scores[code] = scores.get(code, 0.0) + hits
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    return LanguageGuess(best, min(0.9, 0.5 + 0.4 * (top - second) / top))


def detect_language(text: str) -> LanguageGuess:
    """The language of ``text`` (READ-LANG); ``und`` with confidence 0 when there are no letters."""
    letters = _LETTER.findall(text)
    if not letters:
        return LanguageGuess("und", 0.0)
    n = len(letters)
    han = len(_HAN.findall(text))
    kana = len(_KANA.findall(text))
    hangul = len(_HANGUL.findall(text))
    # Script decides Chinese/Japanese/Korean outright: n-grams add nothing there.
    if kana and kana + han >= 0.3 * n:
        return LanguageGuess("ja", 0.95)
    if hangul >= 0.3 * n:
        return LanguageGuess("ko", 0.95)
    if han >= 0.3 * n:
        code, share = chinese_variant(text)
        return LanguageGuess(code, round(0.8 + 0.2 * share, 3))
    cyr = len(_CYRILLIC.findall(text))
    if n < SHORT_TEXT_LETTERS:
        if cyr >= 0.5 * n:
            low = text.casefold()
            if any(ch in low for ch in "іїєґ"):
                return LanguageGuess("uk", 0.8)
            return LanguageGuess("ru", 0.8)
        guess = _short_latin(text)
        if guess is not None:
            return guess
    values = detector().compute_language_confidence_values(text)
    if not values:
        return LanguageGuess("und", 0.0)
    top = values[0]
    code = top.language.iso_code_639_1.name.lower()
    if code == "nb":
        code = "no"
    if code == "zh":
        code, _ = chinese_variant(text)
    return LanguageGuess(code, float(top.value))
