"""Small helpers shared by rule modules (not a rule: the registry skips ``_`` modules)."""

from __future__ import annotations

from tactful.review.types import Finding


def short(text: str, limit: int = 70) -> str:
    """One line of at most ``limit`` characters, for quoting the customer in a message."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1].rstrip() + "…"


def phrasing_findings(ctx, rule: str, severity: str, message: str) -> list[Finding]:
    """Findings for every avoid-phrase of ``rule`` (PLAYBOOK §5 table) with its preferred form."""
    out: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for row, start, end, text in ctx.phrasing_hits:
        if row.rule != rule or any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        out.append(Finding(rule, severity, start, end, message.format(phrase=short(text, 50)),
                           row.prefer))
    return out
