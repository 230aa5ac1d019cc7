"""The 0-100 score of a review.

score = max(0, 100 - 20 x errors - 7 x warnings - 2 x infos), where each rule counts at most
twice, so one long paragraph problem repeated ten times does not drown everything else. A
reply with no findings scores 100; one error leaves at most 80; passing is "no error" alone.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from tactful.review.types import ERROR, INFO, WARNING, Finding

WEIGHTS = {ERROR: 20, WARNING: 7, INFO: 2}
MAX_PER_RULE = 2


def score(findings: Iterable[Finding]) -> int:
    per_rule: Counter = Counter()
    penalty = 0
    for f in findings:
        key = (f.rule, f.severity)
        if per_rule[key] < MAX_PER_RULE:
            per_rule[key] += 1
            penalty += WEIGHTS.get(f.severity, 0)
    return max(0, 100 - penalty)
