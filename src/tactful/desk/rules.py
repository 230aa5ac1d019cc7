"""Load the desk's workflow data (``data/workflow.yaml``) once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def workflow() -> dict[str, Any]:
    with open(DATA / "workflow.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def internal_fault_intents() -> frozenset[str]:
    return frozenset(workflow()["internal_fault_intents"])


def complaint_intents() -> frozenset[str]:
    return frozenset(workflow()["complaint_intents"])


def complaint_cause(intents) -> str | None:
    """FEEDBACK: the complaint cause of a ticket, from its first intent that has one."""
    causes = workflow()["complaint_causes"]
    for intent in intents:
        if intent in causes:
            return causes[intent]
    return None
