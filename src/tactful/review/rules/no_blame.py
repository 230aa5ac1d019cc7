"""NO-BLAME: Never says the customer is wrong, did it wrong, must do something, or always has problems."""

from tactful.review.rules._util import phrasing_findings
from tactful.review.types import ERROR, Finding

name = "NO-BLAME"
description = "Never says the customer is wrong, did it wrong, must do something, or always has problems."
severity = ERROR


def check(ctx) -> list[Finding]:
    return phrasing_findings(ctx, name, severity, '"{phrase}" blames or orders the customer; explain and recommend instead.')
