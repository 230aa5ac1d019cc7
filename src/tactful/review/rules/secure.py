"""SECURE: never ask for a password, a full card number or a CVV; never repeat a secret sent to us."""

import re

from tactful.review.text import digits
from tactful.review.types import ERROR, Finding

name = "SECURE"
description = "Never asks for a password, a full card number or a CVV; never repeats one the customer sent."
severity = ERROR

_DIGIT_RUN = re.compile(r"\d[\d \-]*\d|\d")


def _echoes(ctx) -> list[Finding]:
    out = []
    text = ctx.analysis.text
    # The whole text: a card number in the quoted history below the reply is sent too.
    whole = ctx.full_reply
    runs = [(m.start(), m.end(), digits(m.group(0))) for m in _DIGIT_RUN.finditer(whole)]
    for secret in ctx.analysis.secrets:
        raw = text[secret.start:secret.end] if 0 <= secret.start < secret.end <= len(text) else ""
        value = digits(raw)
        hit = None
        if len(value) >= 3 and len(value) >= 0.6 * len(raw.replace(" ", "")):
            # Card numbers and CVVs compare as digits: "4111 1111" and "4111-1111" are one secret.
            hit = next(((s, e) for s, e, d in runs if (d == value if len(value) <= 4 else value in d)), None)
        elif len(raw.strip()) >= 4:
            pos = whole.find(raw.strip())
            hit = (pos, pos + len(raw.strip())) if pos >= 0 else None
        if hit:
            where = "quoted history below the reply" if hit[0] >= len(ctx.reply) else "reply"
            out.append(Finding(name, severity, hit[0], hit[1],
                               f"The {where} repeats the customer's {secret.kind.replace('_', ' ')}; "
                               "never echo a secret, at most the last four digits.",
                               ctx.lex.template("secure_echo")))
    return out


def check(ctx) -> list[Finding]:
    out = []
    for m in ctx.find("secret_request"):
        sent = ctx.sentences[ctx.sentence_of(m.start())]
        # "Please never send us your password" is the advice we want, not a request.
        if ctx.match_in("secret_warning", sent):
            continue
        out.append(Finding(name, severity, m.start(), m.end(),
                           "The reply asks for a password, a full card number or a security code; "
                           "never ask for these by email.", ctx.lex.template("secure_request")))
    return out + _echoes(ctx)
