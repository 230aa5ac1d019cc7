"""GREET: the reply opens with a greeting, with the customer's name when it is known."""

import re

from tactful.review.types import WARNING, Finding

name = "GREET"
description = "The reply opens with a greeting, with the customer's name when known."
severity = WARNING


def _name_parts(full: str) -> list[str]:
    parts = [p for p in re.split(r"[\s,.]+", full) if len(p) >= 2]
    if re.match(r"[\u4e00-\u9fff]", full.strip()):
        parts.append(full.strip()[0])       # a Chinese surname alone: 王女士, 王先生
    return parts


def check(ctx) -> list[Finding]:
    who = ctx.analysis.sender_name.strip()
    first = (who.split() or [""])[0]
    suggestion = ctx.lex.template("greet", name=first) if who else ctx.lex.template("greet_anonymous")
    if ctx.greeting is None:
        return [Finding(name, severity, 0, 0, "The reply has no greeting; open with one"
                        + (f" that uses the customer's name ({who})." if who else "."), suggestion)]
    line = ctx.greeting.text.lower()
    # Vocatives change the ending (Latvian "Jānis" → "Jāni"), so compare the stem.
    if who and not any(p.lower()[:max(2, len(p) - 2)] in line for p in _name_parts(who)):
        g = ctx.greeting
        return [Finding(name, severity, g.start, g.end,
                        f"The customer's name is known ({who}); greet them by name.", suggestion)]
    return []
