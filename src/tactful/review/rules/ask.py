"""ASK: each fact READ-MISSING found lacking is asked for by name (order number, photo...)."""

from tactful.review.rules._shopdata import live_missing
from tactful.review.types import ERROR, Finding

name = "ASK"
description = "Missing facts are asked for by name (order number, photo of the item, measurements...)."
severity = ERROR


def _is_request(ctx, sent) -> bool:
    return "?" in sent.text or "？" in sent.text or ctx.match_in("request", sent) is not None


def check(ctx) -> list[Finding]:
    out = []
    groups = [lex.group("ask") for lex in ctx.lexicons]
    for fact in live_missing(ctx):
        pats = [g[fact] for g in groups if fact in g]
        asked = any(p.search(ctx.reply, s.start, s.end) and _is_request(ctx, s)
                    for p in pats for s in ctx.sentences)
        if asked:
            continue
        what = ctx.lex.label("ask_names", fact)
        out.append(Finding(name, severity, ctx.body_end, ctx.body_end,
                           f"The email lacks {fact.replace('_', ' ')}, and the reply does not ask "
                           "for it by name; ask for exactly what you need.",
                           ctx.lex.template("ask", what=what)))
    return out
