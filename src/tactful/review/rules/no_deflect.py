"""NO-DEFLECT: never only send the customer to a phone line or another channel without answering."""

from tactful.review.rules._util import short
from tactful.review.types import ERROR, Finding

name = "NO-DEFLECT"
description = "Never only tells the customer to call or use another channel without answering."
severity = ERROR

# Sentences that carry no answer of their own.
_FILLER = ("greeting", "thanks", "invite", "apology", "empathy", "signoff", "deflect")


def check(ctx) -> list[Finding]:
    deflections = ctx.find("deflect")
    if not deflections:
        return []
    deflecting = {ctx.sentence_of(m.start()) for m in deflections}
    others = [(i, s) for i, s in ctx.body_sentences if i not in deflecting]
    if ctx.analysis.items:
        answered = any(ctx.answer_score(item, others)[0] >= 0 for item in ctx.analysis.items)
    else:
        answered = any(not any(ctx.match_in(c, s) for c in _FILLER) for _, s in others)
    if answered:
        return []
    m = deflections[0]
    return [Finding(name, severity, m.start(), m.end(),
                    f"The reply only sends the customer elsewhere (\"{short(m.group(0), 40)}\") "
                    "without answering; answer here, and offer the other channel only as an extra.",
                    ctx.lex.template("deflect"))]
