"""REFUSE: every "we cannot" comes with an apology or understanding, and an alternative or reason."""

from tactful.review.types import ERROR, Finding

name = "REFUSE"
description = "Every \"we cannot\" comes with apology/understanding and an alternative or reason."
severity = ERROR

# Sentences either side of the refusal that may carry the apology and the alternative.
WINDOW = 2
REASON_GAP = 40


def check(ctx) -> list[Finding]:
    out = []
    n = len(ctx.sentences)
    reasons = ctx.find("reason")
    for m in ctx.find("refusal"):
        i = ctx.sentence_of(m.start())
        # "..., because we cannot resell them" gives a reason; it refuses nothing.
        if any(ctx.sentences[i].start <= r.start() and 0 <= m.start() - r.end() <= REASON_GAP
               for r in reasons):
            continue
        lo, hi = max(0, i - WINDOW), min(n - 1, i + WINDOW)
        window = [ctx.sentences[k] for k in range(lo, hi + 1)]
        soft = any(ctx.match_in(c, s) for s in window for c in ("apology", "empathy"))
        way = any(ctx.match_in("alternative", s) for s in window)
        if soft and way:
            continue
        missing = " and ".join(x for x, ok in (("an apology or understanding", soft),
                                               ("an alternative or the reason", way)) if not ok)
        sent = ctx.sentences[i]
        out.append(Finding(name, severity, sent.start, sent.end,
                           f"This refusal lacks {missing}; say sorry, give the reason, and offer "
                           "what you can do instead.", ctx.lex.template("refuse")))
    return out
