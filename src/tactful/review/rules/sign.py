"""SIGN: the reply ends with a sign-off naming the agent or the shop."""

from tactful.review.types import WARNING, Finding

name = "SIGN"
description = "The reply ends with a sign-off (agent name and shop)."
severity = WARNING


def check(ctx) -> list[Finding]:
    if ctx.signoff is not None:
        return []
    shop = ctx.shop
    tail = ctx.reply[-120:].lower()
    if shop is not None and any(n and n.lower() in tail for n in (shop.agent_name, shop.name)):
        return []
    end = len(ctx.reply.rstrip())
    agent = (shop.agent_name or shop.sender_name) if shop else ""
    return [Finding(name, severity, end, end,
                    "The reply has no sign-off; close with a greeting and the agent's name and shop.",
                    ctx.lex.template("sign", agent=agent or "…").strip())]
