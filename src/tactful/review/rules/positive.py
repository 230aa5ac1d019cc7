"""POSITIVE: Negative or blaming phrasings are replaced by positive ones (PLAYBOOK §5)."""

from tactful.review.rules._util import phrasing_findings
from tactful.review.types import WARNING, Finding

name = "POSITIVE"
description = 'Negative or blaming phrasings are replaced by positive ones (PLAYBOOK §5).'
severity = WARNING


def check(ctx) -> list[Finding]:
    return phrasing_findings(ctx, name, severity,
                             '"{phrase}" sounds negative to a customer; use the positive wording instead.')
