"""EXPECT: when something is pending on our side, say what happens next and by when."""

from tactful.review.rules._shopdata import live_intents, live_missing
from tactful.review.types import WARNING, Finding

name = "EXPECT"
description = "When something is pending, the reply says what happens next and when."
severity = WARNING

# Items that leave work on the shop's side after the reply.
PENDING_INTENTS = frozenset({
    "order.cancel", "order.change", "order.combine", "delivery.not_received", "delivery.wrong_item",
    "delivery.missing_item", "delivery.damaged", "return.request", "refund.status",
    "complaint.service",
})


def check(ctx) -> list[Finding]:
    pending = bool(live_intents(ctx) & PENDING_INTENTS) or bool(live_missing(ctx))
    if not pending or ctx.has("timeframe"):
        return []
    return [Finding(name, severity, ctx.body_end, ctx.body_end,
                    "Something is still pending, but the reply does not say what happens next and "
                    "by when (e.g. \"within 24 hours\").", ctx.lex.template("expect"))]
