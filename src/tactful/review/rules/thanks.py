"""THANKS: the reply thanks the customer (for the email, the order, their patience...)."""

from tactful.review.types import WARNING, Finding

name = "THANKS"
description = "The reply thanks the customer."
severity = WARNING


def check(ctx) -> list[Finding]:
    if ctx.has("thanks"):
        return []
    return [Finding(name, severity, ctx.body_start, ctx.body_start,
                    "The reply never thanks the customer; thank them for writing, their order, "
                    "their patience or the details they sent.", ctx.lex.template("thanks"))]
