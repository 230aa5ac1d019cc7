"""Discovers the review rules: every module in ``tactful.review.rules`` is one rule.

Adding a rule is adding one module (``name``, ``description``, ``severity``, ``check(ctx)``)
plus its lexicon entries; nothing here needs to change.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from tactful.review import rules as _rules_pkg
from tactful.review.types import SEVERITIES

# PLAYBOOK §4 order, so findings and docs list rules the way the playbook does.
PLAYBOOK_ORDER = ("COVER", "ORDER", "RESTATE", "THANKS", "EMPATHY", "LATE", "NO-DEFLECT", "REFUSE",
                  "POSITIVE", "NO-BLAME", "NO-POLICY-WALL", "NO-DISPARAGE", "ASK", "OPEN-Q",
                  "EXPECT", "INVITE", "TRIAD", "OPTIONS", "GROUNDED", "POLICY-LIMIT", "SECURE",
                  "REALISTIC", "READABLE", "LANG", "GREET", "SIGN", "SUBJECT")


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    severity: str
    check: Callable


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every rule module found in the rules package, in playbook order."""
    found = []
    for info in pkgutil.iter_modules(_rules_pkg.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{_rules_pkg.__name__}.{info.name}")
        for attr in ("name", "description", "severity", "check"):
            if not hasattr(module, attr):
                raise TypeError(f"review rule module {info.name} lacks {attr!r}")
        if module.severity not in SEVERITIES:
            raise TypeError(f"review rule {module.name}: unknown severity {module.severity!r}")
        found.append(Rule(module.name, module.description, module.severity, module.check))
    rank = {n: i for i, n in enumerate(PLAYBOOK_ORDER)}
    found.sort(key=lambda r: (rank.get(r.name, len(rank)), r.name))
    return tuple(found)


def rule_names() -> tuple[str, ...]:
    return tuple(r.name for r in all_rules())
