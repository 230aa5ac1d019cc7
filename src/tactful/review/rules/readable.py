"""READABLE: short paragraphs, no shouting in capitals, no emoji, slang or unexplained jargon."""

import re
from functools import lru_cache

from tactful.review.lexicon import common
from tactful.review.types import INFO, Finding

name = "READABLE"
description = "Paragraphs of at most 3 sentences; no all-caps words except acronyms; no slang, emoji or jargon."
severity = INFO

MAX_SENTENCES = 3
SHOUT_LETTERS = 5
_CAPS = re.compile(r"(?<![^\W_])[A-ZÀ-ÞĀ-ŽА-ЯЁ]{3,}(?![^\W_])")
_LIST_ITEM = re.compile(r"\s*(?:\d{1,2}[.)、]|[-–•*·]|[a-z][)])\s")
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\U00002600-\U000027BF\U0001F1E6-\U0001F1FF\u2B50\u2B55]")


@lru_cache(maxsize=1)
def _acronyms() -> frozenset[str]:
    data = common()
    return frozenset(a.upper() for a in (data.get("acronyms") or []) + (data.get("carriers") or []))


def check(ctx) -> list[Finding]:
    out = []
    sents = ctx.body_sentences
    for para in ctx.paragraphs:
        # Lines of a numbered or bulleted list are not sentences of running text.
        inside = [s for _, s in sents if para.start <= s.start < para.end and not _LIST_ITEM.match(s.text)]
        if len(inside) > MAX_SENTENCES:
            out.append(Finding(name, severity, para.start, para.end,
                               f"This paragraph has {len(inside)} sentences; keep paragraphs to three "
                               "sentences or fewer so they are easy to scan.", ""))
    acronyms = _acronyms()
    caps = [m for m in _CAPS.finditer(ctx.reply) if m.group(0) not in acronyms]
    for k, m in enumerate(caps):
        # Short capitals are mostly acronyms we do not list (IGIC, NHS); shouting is a long word
        # or a run of capital words.
        near = any(abs(o.start() - m.end()) <= 2 or abs(m.start() - o.end()) <= 2
                   for o in caps[max(0, k - 1):k + 2] if o is not m)
        if len(m.group(0)) >= SHOUT_LETTERS or near:
            out.append(Finding(name, severity, m.start(), m.end(),
                               f"\"{m.group(0)}\" in capitals reads as shouting; write it in normal case.",
                               m.group(0).capitalize()))
    for m in _EMOJI.finditer(ctx.reply):
        out.append(Finding(name, severity, m.start(), m.end(),
                           "Emoji look unprofessional in a service email; say it in words.", ""))
    for m in ctx.find("slang"):
        out.append(Finding(name, severity, m.start(), m.end(),
                           f"\"{m.group(0)}\" is slang; write it out in plain words.", ""))
    for m in ctx.find("jargon"):
        out.append(Finding(name, severity, m.start(), m.end(),
                           f"\"{m.group(0)}\" is trade jargon the customer may not know; explain it.", ""))
    return out
