"""OPTIONS: returns, wrong, damaged or missing items and lost parcels get 2-3 options to choose from."""

from tactful.review.rules._shopdata import ITEM_PROBLEMS, live_intents
from tactful.review.types import WARNING, Finding

name = "OPTIONS"
description = "Returns, wrong/damaged/missing items and lost parcels get 2-3 options."
severity = WARNING

OPTION_INTENTS = ITEM_PROBLEMS | {"return.request"}


def check(ctx) -> list[Finding]:
    intents = live_intents(ctx)
    lost = "delivery.not_received" in intents and ctx.has("lost")
    if not (intents & OPTION_INTENTS or lost):
        return []
    kinds = set()
    for lex in ctx.lexicons:
        for kind, pat in lex.group("options").items():
            if pat.search(ctx.body_text):
                kinds.add(kind)
    if len(kinds) >= 2:
        return []
    return [Finding(name, severity, ctx.body_end, ctx.body_end,
                    "Offer the customer a choice of two or three resolutions (e.g. replacement, "
                    "refund, or keeping the item with a partial refund).", ctx.lex.template("options"))]
