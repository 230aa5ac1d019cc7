"""LATE: a reply sent more than a day (or the shop's reply hours) after the email apologises first."""

from tactful.review.types import ERROR, Finding

name = "LATE"
description = "Sent over 24 h after receipt → the first sentence apologises for the delay."
severity = ERROR


def check(ctx) -> list[Finding]:
    delay = ctx.delay
    if delay is None or delay.total_seconds() <= ctx.reply_hours * 3600:
        return []
    first = [s for _, s in ctx.body_sentences[:1]]
    if ctx.greeting is not None:
        first.insert(0, ctx.greeting)      # "Hi Anna, sorry for the slow reply." is one line
    if any(ctx.match_in("late_apology", s) for s in first):
        return []
    hours = int(delay.total_seconds() // 3600)
    span = first[-1] if first else None
    return [Finding(name, severity, span.start if span else 0, span.end if span else 0,
                    f"This reply goes out {hours} hours after the email arrived (limit "
                    f"{ctx.reply_hours} h); its first sentence should apologise for the late reply.",
                    ctx.lex.template("late"))]
