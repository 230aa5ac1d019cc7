"""ORDER: the answers follow the order in which the customer asked."""

from tactful.review.rules._util import short
from tactful.review.types import WARNING, Finding

name = "ORDER"
description = "Answers follow the customer's order."
severity = WARNING


def check(ctx) -> list[Finding]:
    answered = [c for c in ctx.coverage if c.answered]
    out = []
    latest = -1
    for cov in answered:
        if cov.sentence < latest:
            sent = ctx.sentences[cov.sentence]
            out.append(Finding(name, severity, sent.start, sent.end,
                               f"The answer to point {cov.index + 1} (\"{short(cov.item.text, 50)}\") "
                               "comes before the answer to an earlier point; answer in the "
                               "customer's order.", ""))
        latest = max(latest, cov.sentence)
    return out
