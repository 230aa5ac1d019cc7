"""EMPATHY: a complaint or a negative mood gets an apology or empathy; at most two apologies."""

from tactful.review.types import ERROR, WARNING, Finding

name = "EMPATHY"
description = "Complaint or negative mood → apology or empathy present; not more than two apologies."
severity = ERROR

MAX_APOLOGIES = 2


def _needs_empathy(analysis) -> bool:
    mood = analysis.mood
    return (mood.negative or mood.kind == "complaint"
            or any(item.intent == "complaint.service" for item in analysis.items))


def check(ctx) -> list[Finding]:
    out = []
    apologies = ctx.find("apology")
    if _needs_empathy(ctx.analysis) and not apologies and not ctx.has("empathy"):
        out.append(Finding(name, ERROR, ctx.body_start, ctx.body_start,
                           "The customer is unhappy, but the reply shows no apology or understanding; "
                           "acknowledge how they feel before answering.", ctx.lex.template("empathy")))
    sentences = sorted({ctx.sentence_of(m.start()) for m in apologies})
    if len(sentences) > MAX_APOLOGIES:
        third = ctx.sentences[sentences[MAX_APOLOGIES]]
        out.append(Finding(name, WARNING, third.start, third.end,
                           f"The reply apologises {len(sentences)} times; more than two apologies "
                           "sound insincere. Keep one and replace the rest with what you will do.", ""))
    return out
