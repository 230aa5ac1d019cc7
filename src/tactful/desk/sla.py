"""SLA-24: first-reply due times and breach classification (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

BREACHED, SOON, OK, MET, MISSED = "breached", "soon", "ok", "met", "missed"


def due_at(received: datetime, reply_hours: int) -> datetime:
    """The first full reply is due ``reply_hours`` after the email arrived (shop.reply_hours)."""
    return received + timedelta(hours=reply_hours)


def state(*, due: datetime, first_reply: datetime | None, now: datetime, soon_hours: float) -> str:
    """``met``/``missed`` once replied; otherwise ``breached``, ``soon`` or ``ok`` at ``now``."""
    if first_reply is not None:
        return MET if first_reply <= due else MISSED
    if now > due:
        return BREACHED
    if now >= due - timedelta(hours=soon_hours):
        return SOON
    return OK


@dataclass(frozen=True)
class Compliance:
    replied: int
    met: int

    @property
    def percent(self) -> float | None:
        return round(100.0 * self.met / self.replied, 1) if self.replied else None
