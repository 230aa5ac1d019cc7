"""Review any reply against the playbook (PLAYBOOK §4, §5) before it is sent."""

from tactful.review.engine import review
from tactful.review.registry import all_rules, rule_names
from tactful.review.types import ERROR, INFO, WARNING, Finding, ReviewResult

__all__ = ["ERROR", "INFO", "WARNING", "Finding", "ReviewResult", "all_rules", "review", "rule_names"]
