"""NO-POLICY-WALL: Never "that is company policy, nothing I can do"; explain the rule by its reason."""

from tactful.review.rules._util import phrasing_findings
from tactful.review.types import WARNING, Finding

name = "NO-POLICY-WALL"
description = 'Never "that is company policy, nothing I can do"; explain the rule by its reason.'
severity = WARNING


def check(ctx) -> list[Finding]:
    return phrasing_findings(ctx, name, severity,
                             '"{phrase}" hides behind policy; explain the reason for the rule and what you can do.')
