"""REALISTIC: No promise the shop cannot keep (unconditional guarantees, "immediately" for slow processes)."""

from tactful.review.rules._util import phrasing_findings
from tactful.review.types import WARNING, Finding

name = "REALISTIC"
description = 'No promise the shop cannot keep (unconditional guarantees, "immediately" for slow processes).'
severity = WARNING


def check(ctx) -> list[Finding]:
    return phrasing_findings(ctx, name, severity,
                             '"{phrase}" promises more than the shop can be sure to keep; promise what you control.')
