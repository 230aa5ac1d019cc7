"""Plain data produced by ``tactful.review``: findings against PLAYBOOK §4 and a score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True)
class Finding:
    """One rule the reply breaks: rule ID (PLAYBOOK §4), severity, span in the reply, advice."""

    rule: str
    severity: str
    start: int
    end: int
    message: str
    suggestion: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "start": self.start,
                "end": self.end, "message": self.message, "suggestion": self.suggestion}


@dataclass(frozen=True)
class ReviewResult:
    """All findings for one reply, a 0-100 score, and pass/fail (no error finding)."""

    score: int
    findings: tuple[Finding, ...]

    @property
    def passed(self) -> bool:
        return not any(f.severity == ERROR for f in self.findings)

    def rules(self) -> set[str]:
        return {f.rule for f in self.findings}

    def to_json(self) -> dict[str, Any]:
        return {"score": self.score, "passed": self.passed,
                "findings": [f.to_json() for f in self.findings]}
