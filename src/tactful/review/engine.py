"""``review()``: run every enabled rule over a reply and score the findings (pure)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Iterable

from tactful.review.context import ReviewContext
from tactful.review.registry import all_rules
from tactful.review.score import score
from tactful.review.types import ReviewResult

if TYPE_CHECKING:
    from tactful.shop.model import Shop
    from tactful.understand.types import Analysis


def review(reply: str, analysis: "Analysis", *, shop: "Shop | None" = None,
           sent_at: datetime | None = None, disabled: Iterable[str] = (),
           subject: str | None = None) -> ReviewResult:
    """Check a reply to the analysed email against PLAYBOOK §4 and §5.

    ``disabled`` and ``shop.disabled_rules`` silence rules by ID; ``subject`` (the reply's
    subject line) enables SUBJECT. Findings come sorted by position in the reply.
    """
    off = {d.upper() for d in disabled}
    if shop is not None:
        off.update(d.upper() for d in shop.disabled_rules)
    ctx = ReviewContext(reply, analysis, shop=shop, sent_at=sent_at, subject=subject)
    findings = []
    for rule in all_rules():
        if rule.name in off:
            continue
        findings.extend(rule.check(ctx))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return ReviewResult(score=score(findings), findings=tuple(findings))
