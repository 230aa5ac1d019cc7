"""``review()``: run every enabled rule over a reply and score the findings (pure)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Iterable

from tactful.review.context import ReviewContext
from tactful.review.registry import all_rules
from tactful.review.score import score
from tactful.review.types import ReviewResult

if TYPE_CHECKING:
    from tactful.shop.model import Shop
    from tactful.understand.types import Analysis


_QUOTE_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
# Quote headers carry a date or an address ("On 2 Mar 2026, Anna <a@b.c> wrote:"), separators
# are dashes or underscores: without any of these there is no history to split off.
_QUOTE_HINT = re.compile(r"^.*(?:\d|@).*[:：]\s*$|^\s*[-_]{5,}", re.MULTILINE)


def own_text(reply: str) -> str:
    """The reply without the quoted history below it, and with interleaved "> " lines blanked.

    Same offsets as ``reply`` (a prefix, blanks keep their length), so every span still points
    into the text the agent sees. The customer's quoted words must not count as ours: their
    "you must answer today!" is not our NO-BLAME. SECURE still reads the whole text, because a
    quoted card number goes out with the reply all the same.
    """
    if ">" not in reply and not _QUOTE_HINT.search(reply):
        return reply
    cut = len(reply)
    try:
        from tactful.mail import split_reply

        split = split_reply(reply)
    except Exception:  # noqa: BLE001 — finding the quote is a refinement, never a reason to fail
        split = None
    if split is not None and split.quote_kind and split.quoted_text.strip():
        first = split.quoted_text.strip().splitlines()[0]
        at = reply.find(first)
        if at > 0:
            cut = reply.rfind("\n", 0, at) + 1
    return _QUOTE_LINE.sub(lambda m: " " * len(m.group(0)), reply[:cut])


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
    own = own_text(reply)
    ctx = ReviewContext(own, analysis, shop=shop, sent_at=sent_at, subject=subject, full_reply=reply)
    findings = []
    for rule in all_rules():
        if rule.name in off:
            continue
        findings.extend(rule.check(ctx))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return ReviewResult(score=score(findings), findings=tuple(findings))
