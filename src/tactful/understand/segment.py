"""READ-SPLIT, first half: cut the new text into sentences with spans, and mark greetings and sign-offs.

Works for all served languages: Latin/Cyrillic sentences end at ``. ! ? …`` followed by space,
Chinese ones at ``。？！；`` with no space needed. Hard-wrapped lines (72-column mail) are joined
back into their paragraph; short lines and lines ending in punctuation stand alone (greetings,
list entries). Spans always index into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tactful.understand.lexicon import fold, is_spaced, load, normalize, phrase_pattern

ROLE_GREETING = "greeting"
ROLE_SIGNOFF = "signoff"
ROLE_TEXT = "text"


@dataclass(frozen=True)
class Sentence:
    """One sentence of the new text: its span, paragraph number and role."""

    text: str
    start: int
    end: int
    paragraph: int
    role: str = ROLE_TEXT


_CJK_END = re.compile(r"[。？！；?!]+[」』”\"')）]*")
_LATIN_END = re.compile(r"(?:[.!?…]+|[?!]+)[\"'»”)\]]*(?=\s)")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)]|[a-z][.)])\s+")
_NAMEWORD = r"[^\W\d_.,!?:;，！、。]+"
_GREETING_TAIL = re.compile(rf"[^\S\n]*(?:{_NAMEWORD})?(?:[^\S\n]+{_NAMEWORD}){{0,3}}[^\S\n]*[,!.:;，！。：、？?]*")
# Lines shorter than this are not hard-wrapped prose: a greeting, a list entry, a name.
_WRAP_MIN = 45


@dataclass(frozen=True)
class _Lexicon:
    greeting: re.Pattern[str] | None
    signoff: re.Pattern[str] | None
    abbreviations: frozenset[str]
    months: re.Pattern[str] | None


@lru_cache(maxsize=None)
def _lexicon(lang: str) -> _Lexicon:
    split = load("lexicon", lang).get("split", {})
    greet = phrase_pattern(split.get("greetings", []), lang)
    sign = phrase_pattern(split.get("signoffs", []), lang)
    return _Lexicon(
        greeting=greet,
        signoff=sign,
        abbreviations=frozenset(normalize(a).rstrip(".") for a in split.get("abbreviations", [])),
        months=phrase_pattern(split.get("months", []), lang),
    )


def _paragraphs(text: str) -> list[tuple[int, int, int]]:
    """Blocks of text that belong together, as (start, end, paragraph number).

    A newline ends a block when the line before ends in punctuation, is short, or the next line
    is blank or starts a list entry; otherwise it is a soft wrap inside a sentence.
    """
    blocks: list[tuple[int, int, int]] = []
    para = 0
    block_start = None
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            if block_start is not None:
                blocks.append((block_start, prev_end, para))
                block_start = None
            para += 1
            continue
        if block_start is None:
            block_start = start + (len(line) - len(line.lstrip()))
        prev_end = start + len(line.rstrip())
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        ends_here = (
            not nxt.strip()
            or len(stripped) < _WRAP_MIN
            or stripped[-1] in ".!?:;,。？！；：，…)"
            or bool(_BULLET.match(nxt))
        )
        if ends_here:
            blocks.append((block_start, prev_end, para))
            block_start = None
    if block_start is not None:
        blocks.append((block_start, prev_end, para))
    return blocks


def _split_block(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    chunk = text[start:end]
    cuts: list[int] = []
    abbreviations = _lexicon(lang).abbreviations
    for m in _CJK_END.finditer(chunk):
        if m.group()[0] in "。？！；" or not is_spaced(lang):
            cuts.append(m.end())
    for m in _LATIN_END.finditer(chunk):
        if m.group().startswith(".") and len(m.group()) == 1:
            word = re.search(r"([^\W\d_][\w.]*)$", chunk[:m.start()])
            # Single letters are not skipped: "size M." or "got an L." ends a sentence here
            # far more often than an initial does (initials live in signatures).
            if word and normalize(word.group(1)).rstrip(".") in abbreviations:
                continue
            if re.search(r"\d$", chunk[:m.start()]) and re.match(r"\s*\d", chunk[m.end():]):
                continue  # "Order no. 12. 3 items" is rare; "1. 2." list numbers are not sentences
            months = _lexicon(lang).months
            if months is not None and re.search(r"(?<!\d)\d{1,2}$", chunk[:m.start()]) and \
                    months.match(fold(chunk[m.end():]).lstrip()):
                continue  # an ordinal date: "am 28. Oktober", "5. novembrī", "3. mail"
        cuts.append(m.end())
    spans = []
    prev = 0
    for cut in sorted(set(cuts)) + [len(chunk)]:
        piece = chunk[prev:cut]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            s = start + prev + lead
            e = start + prev + len(piece.rstrip())
            spans.append((s, e))
        prev = cut
    return spans


def _is_greeting(sentence: str, lang: str) -> int:
    """Length of a greeting at the start of ``sentence`` (0 when none).

    "Hi Anna," and "Dear Sir or Madam," are greetings; "Hi, where is my parcel?" keeps its
    question once the greeting is cut off.
    """
    lex = _lexicon(lang)
    if lex.greeting is None:
        return 0
    folded = fold(sentence)
    offset = len(folded) - len(folded.lstrip())
    m = lex.greeting.match(folded, offset)
    if not m:
        return 0
    rest = sentence[m.end():]
    # A greeting is followed by at most a short name or title, then punctuation or the end.
    tail = _GREETING_TAIL.match(rest)
    after = rest[tail.end():]
    if not after.strip() or re.search(r"[,!:;，！：？?]\s*$", tail.group()):
        return m.end() + tail.end()
    return 0


def _is_signoff(sentence: str, lang: str) -> bool:
    lex = _lexicon(lang)
    if lex.signoff is None:
        return False
    return bool(lex.signoff.match(normalize(sentence.lstrip())))


def segment(text: str, lang: str) -> list[Sentence]:
    """The sentences of ``text`` in order, greetings and the sign-off block marked (READ-SPLIT)."""
    out: list[Sentence] = []
    signed_off = False
    for b_start, b_end, para in _paragraphs(text):
        for s, e in _split_block(text, b_start, b_end, lang):
            piece = text[s:e]
            if signed_off:
                out.append(Sentence(piece, s, e, para, ROLE_SIGNOFF))
                continue
            if _is_signoff(piece, lang):
                signed_off = True
                out.append(Sentence(piece, s, e, para, ROLE_SIGNOFF))
                continue
            opening = not out or all(x.role == ROLE_GREETING for x in out)
            while opening and s < e:
                # "Olá, boa tarde!" is two greetings in a row; cut them all off.
                cut = _is_greeting(text[s:e], lang)
                if not cut:
                    break
                greet = text[s:s + cut].rstrip()
                out.append(Sentence(greet, s, s + len(greet), para, ROLE_GREETING))
                s += cut
                while s < e and text[s].isspace():
                    s += 1
            if s < e:
                out.append(Sentence(text[s:e], s, e, para, ROLE_TEXT))
    return _name_line(_reopen_signoff(out), text)


_NAME_LINE = re.compile(r"^[-–—~\s]*[^\W\d_][^\W\d_.'’-]*(?:[\s.'’-]+[^\W\d_][^\W\d_.'’-]*){0,2}\.?$")


def _name_line(sentences: list[Sentence], text: str) -> list[Sentence]:
    """A last line that is only a name ("Dmitri", "刘洋", "— Anna K.") is the sign-off."""
    if len(sentences) < 2:
        return sentences
    last = sentences[-1]
    if last.role != ROLE_TEXT or "\n" not in text[sentences[-2].end:last.start]:
        return sentences
    text = last.text.strip()
    cjk = len(text) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in text)
    if cjk or (_NAME_LINE.match(text) and len(text) <= 30 and text[:1].isupper()):
        return sentences[:-1] + [Sentence(last.text, last.start, last.end, last.paragraph,
                                          ROLE_SIGNOFF)]
    return sentences


def _reopen_signoff(sentences: list[Sentence]) -> list[Sentence]:
    """A sign-off phrase followed by long text was not the end ("Thanks in advance. Also, ...")."""
    for i, sent in enumerate(sentences):
        if sent.role != ROLE_SIGNOFF:
            continue
        tail = sentences[i + 1:]
        if sum(len(t.text) for t in tail) > 120 or any(len(t.text) > 60 for t in tail):
            fixed = [sent] + [Sentence(t.text, t.start, t.end, t.paragraph, ROLE_TEXT) for t in tail]
            return sentences[:i] + [fixed[0]] + _reopen_signoff(fixed[1:])
        break
    return sentences
