"""Which percentages of a reply are offered rates (POLICY-LIMIT, GROUNDED); not a rule.

A percentage is a discount, a refund share or compensation only when an offer cue stands next
to it: in the same clause, a few words away ("a 10% discount", "eine Erstattung von 20 %",
"给您订单金额20%的补偿"), or in a short lead-in that opens the sentence ("As compensation,
we ..."). "90% wool" in a sentence that also mentions a discount is a material, not an offer.
This is one rule for every language: the cues are the lexicons' ``offer_*`` categories, and
only clause punctuation and distance decide nearness.
"""

from __future__ import annotations

import re

from tactful.review.text import CJK_LANGS, Span

OFFER_CATEGORIES = ("offer_discount", "offer_compensation", "offer_refund")
# Clause punctuation; a colon stays inside ("Discount: 10%"), as does a decimal comma, which is
# part of the number itself.
_CLAUSE_BREAK = re.compile(r"[,;，；、]")
# How far a cue may stand from the rate it names: "a discount on your next order of 10%" (23
# characters between). Chinese packs the same into far fewer characters.
MAX_GAP, MAX_GAP_CJK = 24, 10
# A lead-in clause that opens the sentence and carries the cue: "As compensation,", "作为补偿，".
LEAD_IN_WORDS, LEAD_IN_CJK_CHARS = 4, 8


def _lead_in(text: str, cjk: bool) -> bool:
    text = text.strip()
    if cjk:
        return len(text) <= LEAD_IN_CJK_CHARS
    return len(text.split()) <= LEAD_IN_WORDS


def _near(ctx, sent: Span, cue: re.Match, start: int, end: int, cjk: bool) -> bool:
    cs, ce = cue.start(), cue.end()
    if cs < end and start < ce:
        return True                                     # "10% off": the rate is in the cue
    gap = ctx.reply[ce:start] if ce <= start else ctx.reply[end:cs]
    if not _CLAUSE_BREAK.search(gap):
        return len(gap.strip()) <= (MAX_GAP_CJK if cjk else MAX_GAP)
    if ce > start:
        return False
    first = _CLAUSE_BREAK.search(ctx.reply, sent.start, sent.end)
    return (first is not None and ce <= first.start()
            and _lead_in(ctx.reply[sent.start:first.start()], cjk))


def offer_kinds(ctx, sent: Span, start: int, end: int) -> set[str]:
    """The offer categories whose cue stands next to the percentage at ``start:end``."""
    cjk = ctx.expected in CJK_LANGS or any(lex.language in CJK_LANGS for lex in ctx.lexicons)
    kinds = set()
    for category in OFFER_CATEGORIES:
        for lex in ctx.lexicons:
            for cue in lex.pattern(category).finditer(ctx.reply, sent.start, sent.end):
                if _near(ctx, sent, cue, start, end, cjk):
                    kinds.add(category)
                    break
            if category in kinds:
                break
    return kinds
