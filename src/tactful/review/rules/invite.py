"""INVITE: the reply invites the customer to write again if the problem remains."""

from tactful.review.types import INFO, Finding

name = "INVITE"
description = "The reply invites the customer to write again if the problem remains."
severity = INFO


def check(ctx) -> list[Finding]:
    if ctx.has("invite"):
        return []
    return [Finding(name, severity, ctx.body_end, ctx.body_end,
                    "Invite the customer to write again if anything is still unresolved.",
                    ctx.lex.template("invite"))]
