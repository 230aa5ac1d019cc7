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

from tactful.understand.lexicon import DATA, HAN, read_yaml, zh_script

# Served languages first; the rest let us say "this is Italian" instead of guessing Spanish.
_LINGUA_NAMES = (
    "ENGLISH", "CHINESE", "SPANISH", "GERMAN", "FRENCH", "RUSSIAN", "PORTUGUESE", "ESTONIAN",
    "LATVIAN", "ITALIAN", "DUTCH", "POLISH", "JAPANESE", "KOREAN", "UKRAINIAN", "LITHUANIAN",
    "FINNISH", "SWEDISH", "DANISH", "BOKMAL", "CZECH", "TURKISH", "ARABIC", "HEBREW", "GREEK",
    "HUNGARIAN", "ROMANIAN", "VIETNAMESE", "THAI", "INDONESIAN", "HINDI", "BULGARIAN",
)

_detector = None
_precise: dict[frozenset, object] = {}
_lock = threading.Lock()
# Stage 1 (low-accuracy mode, trigram models, ~0.3 ms and ~70 MB for all languages) settles
# long texts it is sure about; short or close calls go to stage 2, high-accuracy models over
# the few candidates stage 1 proposed (lingua caches models per language process-wide, so only
# languages that actually turn up in close calls are ever loaded in high accuracy).
SURE_LETTERS = 120
SURE_CONFIDENCE = 0.7
CANDIDATES = 3
# lingua's cost grows with length; the first part of an email says which language it is.
MAX_CHARS = 500

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
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detector():
    """The fast lingua detector over all languages, built once per process (thread-safe)."""
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                _detector = _build()
    return _detector


def _precise_detector(languages: frozenset):
    """A high-accuracy detector over a few candidate languages, built once per candidate set."""
    found = _precise.get(languages)
    if found is None:
        from lingua import LanguageDetectorBuilder

        with _lock:
            found = _precise.get(languages)
            if found is None:
                found = LanguageDetectorBuilder.from_languages(*languages).build()
                _precise[languages] = found
    return found


@lru_cache(maxsize=None)
def _served_lingua() -> frozenset:
    from lingua import Language

    return frozenset(getattr(Language, name) for name in _LINGUA_NAMES[:9])


def _lingua(text: str, letters: int):
    text = text[:MAX_CHARS]
    values = detector().compute_language_confidence_values(text)
    if not values:
        return None
    if letters >= SURE_LETTERS and values[0].value >= SURE_CONFIDENCE:
        return values[0]
    # Served languages are the close calls that matter; a foreign language joins only when it
    # won stage 1. This keeps the high-accuracy models in memory to about a dozen languages.
    served = _served_lingua()
    candidates = frozenset(v.language for i, v in enumerate(values[:CANDIDATES])
                           if v.value > 0.0 and (i == 0 or v.language in served))
    if len(candidates) < 2:
        return values[0]
    precise = _precise_detector(candidates).compute_language_confidence_values(text)
    return precise[0] if precise else values[0]


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
    han = len(HAN.findall(text))
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
    top = _lingua(text, n)
    if top is None:
        return LanguageGuess("und", 0.0)
    code = top.language.iso_code_639_1.name.lower()
    if code == "nb":
        code = "no"
    if code == "zh":
        code, _ = chinese_variant(text)
    return LanguageGuess(code, float(top.value))
