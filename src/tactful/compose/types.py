"""Plain data produced by ``tactful.compose``: the reply plan and the draft."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PlanSection:
    """One section of the reply plan (PLAYBOOK §3) with the rule IDs it serves and its text."""

    section: str                 # "greeting", "late", "thanks", "empathy", "secure", "answer",
                                 # "options", "refuse", "ask", "expect", "invite", "signoff"
    rules: tuple[str, ...]
    text: str
    item_index: int | None = None   # for "answer"/"options"/"refuse": which analysis item

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"section": self.section, "rules": list(self.rules), "text": self.text}
        if self.item_index is not None:
            out["item"] = self.item_index
        return out


@dataclass(frozen=True)
class Draft:
    """A reply ready for review: subject, body, the plan it came from and the facts it used."""

    language: str
    subject: str
    body: str
    plan: tuple[PlanSection, ...]
    facts_used: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()      # e.g. why the model polish was not used

    def to_json(self) -> dict[str, Any]:
        return {"language": self.language, "subject": self.subject, "body": self.body,
                "plan": [s.to_json() for s in self.plan], "facts_used": self.facts_used,
                "notes": list(self.notes)}
