"""NO-DISPARAGE: Never belittles our own product, colleagues, other departments or the company."""

from tactful.review.rules._util import phrasing_findings
from tactful.review.types import ERROR, Finding

name = "NO-DISPARAGE"
description = "Never belittles our own product, colleagues, other departments or the company."
severity = ERROR


def check(ctx) -> list[Finding]:
    return phrasing_findings(ctx, name, severity, '"{phrase}" belittles our product, colleagues or company; state the facts instead.')
