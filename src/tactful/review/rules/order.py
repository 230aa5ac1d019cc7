"""ORDER: the answers follow the order in which the customer asked."""

from tactful.review.rules._util import short
from tactful.review.types import WARNING, Finding

name = "ORDER"
description = "Answers follow the customer's order."
severity = WARNING


def check(ctx) -> list[Finding]:
    out = []
    for cov in ctx.coverage:
        if cov.answered and not cov.in_order:
            sent = ctx.sentences[cov.sentence]
            out.append(Finding(name, severity, sent.start, sent.end,
                               f"The answer to point {cov.index + 1} (\"{short(cov.item.text, 50)}\") "
                               "comes before the answer to an earlier point; answer in the "
                               "customer's order.", ""))
    return out
