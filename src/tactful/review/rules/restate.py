"""RESTATE: with two or more items, each answer opens with a short restatement of the point."""

from tactful.review.rules._util import short
from tactful.review.types import WARNING, Finding

name = "RESTATE"
description = "With two or more items, each answer opens with a short restatement."
severity = WARNING


def check(ctx) -> list[Finding]:
    if len(ctx.analysis.items) < 2:
        return []
    out = []
    for cov in ctx.coverage:
        if not cov.answered:
            continue
        sent = ctx.sentences[cov.sentence]
        # The restatement may be the answer's own opening or the sentence just before it.
        start = ctx.sentences[cov.sentence - 1].start if cov.sentence > 0 else sent.start
        if any(start <= m.start() < sent.end for m in ctx.find("restate")):
            continue
        if cov.sentence in ctx.restate_starts or (cov.sentence - 1) in ctx.restate_starts:
            continue
        topic = short(cov.item.text, 50)
        out.append(Finding(name, severity, sent.start, sent.end,
                           f"Open the answer to point {cov.index + 1} with a short restatement of "
                           f"what was asked (\"{topic}\"), so the customer sees which point it answers.",
                           ctx.lex.template("restate", topic=topic)))
    return out
