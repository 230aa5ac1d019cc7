"""COVER: every item the customer raised (READ-SPLIT) gets an answer in the reply."""

from tactful.review.rules._util import short
from tactful.review.types import ERROR, Finding

name = "COVER"
description = "Every item found by READ-SPLIT gets an answer."
severity = ERROR


def check(ctx) -> list[Finding]:
    out = []
    for cov in ctx.coverage:
        if cov.answered:
            continue
        topic = short(cov.item.text, 60)
        out.append(Finding(name, severity, ctx.body_end, ctx.body_end,
                           f"Point {cov.index + 1} of the email is not answered: \"{topic}\" "
                           f"({cov.item.intent}). Add an answer for it.",
                           ctx.lex.template("restate", topic=topic)))
    return out
