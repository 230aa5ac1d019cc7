"""VOLUME (PLAYBOOK §7): "when volume is very high, speed of a correct answer comes before
personal touches".

The desk is in VOLUME mode while the open tickets nobody has answered yet, or the messages
waiting to be analysed, reach their configured thresholds (``volume_open_tickets``,
``volume_waiting_messages``; 0 turns a trigger off). Drafts written then are concise
(``tactful.compose`` with ``concise=True``: every part the review requires, no optional
personal touches), and the ticket list, SLA view, handover sheet and web view say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tactful.desk.models import NEW, OPEN, Message, Ticket


@dataclass(frozen=True)
class Volume:
    open_unanswered: int          # open tickets without a first reply
    waiting: int                  # incoming messages not analysed yet
    open_threshold: int           # 0: this trigger is off
    waiting_threshold: int

    @property
    def on(self) -> bool:
        return is_high(self.open_unanswered, self.waiting, open_threshold=self.open_threshold,
                       waiting_threshold=self.waiting_threshold)

    def describe(self) -> str:
        """One line for the agent, e.g. for the top of the ticket list."""
        if not self.on:
            return ""
        why = []
        if self.open_threshold and self.open_unanswered >= self.open_threshold:
            why.append(f"{self.open_unanswered:,} open tickets unanswered (threshold {self.open_threshold:,})")
        if self.waiting_threshold and self.waiting >= self.waiting_threshold:
            why.append(f"{self.waiting:,} messages waiting (threshold {self.waiting_threshold:,})")
        return f"VOLUME mode on: {' and '.join(why)}; new drafts are concise (no optional personal touches)"

    def to_json(self) -> dict:
        return {"on": self.on, "open_unanswered": self.open_unanswered, "waiting": self.waiting,
                "open_threshold": self.open_threshold, "waiting_threshold": self.waiting_threshold}


def is_high(open_unanswered: int, waiting: int, *, open_threshold: int, waiting_threshold: int) -> bool:
    """Either trigger at or above its threshold (a threshold of 0 never triggers)."""
    return bool((open_threshold and open_unanswered >= open_threshold) or
                (waiting_threshold and waiting >= waiting_threshold))


def measure(session: Session, settings) -> Volume:
    """The two counts VOLUME watches (indexed: ix_tickets_sla, ix_messages_status)."""
    open_unanswered = session.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.first_reply_at.is_(None), Ticket.status.in_((NEW, OPEN)))) or 0
    waiting = session.scalar(select(func.count()).select_from(Message).where(
        Message.status.in_(("new", "processing")), Message.direction == "in")) or 0
    return Volume(int(open_unanswered), int(waiting), settings.volume_open_tickets,
                  settings.volume_waiting_messages)
