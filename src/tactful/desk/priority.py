"""SLA-24 / ESCALATE: ticket priority from anger, reminders, repeats and deadlines (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tactful.desk.rules import complaint_intents, internal_fault_intents, workflow


@dataclass(frozen=True)
class Signals:
    """What raises a ticket's priority; built from its analyses and history."""

    anger: float = 0.0
    negative: bool = False
    complaint: bool = False
    reminders: int = 0
    repeats: int = 0
    deadlines: tuple[date, ...] = ()
    time_sensitive: bool = False
    internal_fault: bool = False


def signals_from_analysis(analysis, *, reminders: int = 0, repeats: int = 0) -> Signals:
    intents = set(analysis.intents)
    return Signals(
        anger=analysis.mood.anger,
        negative=analysis.mood.negative,
        complaint=analysis.mood.kind == "complaint" or bool(intents & complaint_intents()),
        reminders=reminders + (1 if ("followup.reminder" in intents or analysis.mood.kind == "reminder") else 0),
        repeats=repeats,
        deadlines=tuple(i.deadline for i in analysis.items if i.deadline),
        time_sensitive=any(i.time_sensitive for i in analysis.items),
        internal_fault=bool(intents & internal_fault_intents()),
    )


def score(signals: Signals, *, today: date) -> int:
    """0..100; higher is more urgent."""
    w = workflow()["priority"]
    value = float(w["base"])
    value += w["anger"] * max(0.0, min(1.0, signals.anger))
    value += w["negative"] if signals.negative else 0
    value += w["complaint"] if signals.complaint else 0
    value += w["reminder"] * min(signals.reminders, w["max_reminders"])
    value += w["repeat"] * min(signals.repeats, 3)
    horizon = today + timedelta(days=w["deadline_days"])
    if any(d <= horizon for d in signals.deadlines):
        value += w["deadline_soon"]
    value += w["time_sensitive"] if signals.time_sensitive else 0
    value += w["internal_fault"] if signals.internal_fault else 0
    return int(max(0, min(100, round(value))))


def label(priority: int) -> str:
    for name, floor in workflow()["priority"]["labels"].items():
        if priority >= floor:
            return name
    return "low"


def today_of(now: datetime) -> date:
    return now.date()
