"""Plain-text helpers of the review: sentences, paragraphs, tokens and numbers with spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

CJK_LANGS = frozenset({"zh", "zh-Hant"})

_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
# A sentence ends at . ! ? followed by space/end, at a CJK full stop, or at a line break.
# Decimals ("2.5"), URLs and "e.g." stay whole because a space must follow the Latin stop.
# A dot after a one- or two-digit number is an ordinal date ("am 4. März", "4. märtsil").
_SENTENCE_END = re.compile(r"(?<=[.!?…])(?<!\b\d\.)(?<!\b\d\d\.)(?:[\"'”»)]*)\s+|(?<=[。！？])|\n+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'）)]+", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    """A piece of the reply with its position: ``text == reply[start:end]``."""

    start: int
    end: int
    text: str


def _spans(text: str, breaks: re.Pattern, offset: int = 0) -> list[Span]:
    out: list[Span] = []
    pos = 0
    for m in breaks.finditer(text):
        _add(out, text, pos, m.start(), offset)
        pos = m.end()
    _add(out, text, pos, len(text), offset)
    return out


def _add(out: list[Span], text: str, start: int, end: int, offset: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    out.append(Span(offset + s, offset + s + len(stripped), stripped))


def sentences(text: str) -> list[Span]:
    """Sentences of ``text`` (line breaks end a sentence too: salutations stand alone)."""
    return _spans(text, _SENTENCE_END)


def paragraphs(text: str) -> list[Span]:
    """Blocks separated by a blank line."""
    return _spans(text, _PARAGRAPH_BREAK)


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def content_tokens(text: str, language: str, stopwords: frozenset[str]) -> set[str]:
    """Topic-bearing tokens: crude stems of longer words, or Han character bigrams.

    A five-letter prefix is a language-neutral stand-in for a stemmer: it joins "delivery" and
    "delivered", "Lieferung" and "Lieferzeit", "доставка" and "доставки".
    """
    low = text.lower()
    out: set[str] = set()
    if language in CJK_LANGS or has_han(low):
        han = "".join(ch if _HAN.match(ch) else " " for ch in low)
        for run in han.split():
            for i in range(len(run) - 1):
                bigram = run[i:i + 2]
                if bigram not in stopwords:
                    out.add(bigram)
    for word in _WORD.findall(low):
        if _HAN.search(word) or len(word) < 4 or word in stopwords or word.isdigit():
            continue
        out.add(word[:5])
    return out


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def norm_code(text: str) -> str:
    """An order or tracking number compared without spaces, dashes, '#' or case."""
    return re.sub(r"[\s\-#№]", "", text).upper()
