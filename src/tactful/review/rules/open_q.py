"""OPEN-Q: clarifying questions are open ("Which size...?"), not yes/no ("Do you...?")."""

from tactful.review.rules._util import short
from tactful.review.types import INFO, Finding

name = "OPEN-Q"
description = "Clarifying questions are open, not yes/no."
severity = INFO


def check(ctx) -> list[Finding]:
    out = []
    for _, sent in ctx.body_sentences:
        if "?" not in sent.text and "？" not in sent.text:
            continue
        # "Could you send me a photo?" / "麻烦您发照片给我好吗？" is a polite request, not a yes/no.
        if ctx.match_in("request", sent):
            continue
        if any(lex.pattern("yes_no_question").match(ctx.reply, sent.start, sent.end)
               for lex in ctx.lexicons):
            out.append(Finding(name, severity, sent.start, sent.end,
                               f"\"{short(sent.text, 50)}\" can be answered with a bare yes or no; an "
                               "open question gets the details you need.", ctx.lex.template("open_q")))
    return out
