"""Read-only views: the ticket list, SLA-24 watch list, HANDOVER sheet and FEEDBACK report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tactful.desk import sla
from tactful.desk.models import (OPEN_STATUSES, Customer, FollowUp, HandoverNote, Incident, Message, Outbox,
                                 Ticket)
from tactful.desk.priority import label


@dataclass(frozen=True)
class TicketRow:
    ref: str
    status: str
    priority: int
    subject: str
    customer: str
    language: str
    intents: tuple[str, ...]
    sla_due: datetime
    sla_state: str
    queue: str
    assignee: str | None
    complaint_stage: str | None
    send_unconfirmed: bool = False     # a reply may or may not have reached the customer (outbox)

    def to_json(self) -> dict[str, Any]:
        return {"ref": self.ref, "status": self.status, "priority": self.priority,
                "priority_label": label(self.priority), "subject": self.subject, "customer": self.customer,
                "language": self.language, "intents": list(self.intents), "sla_due": self.sla_due.isoformat(),
                "sla": self.sla_state, "queue": self.queue, "assignee": self.assignee,
                "complaint_stage": self.complaint_stage, "send_unconfirmed": self.send_unconfirmed}


def ticket_list_query(*, status: tuple[str, ...] | None = OPEN_STATUSES, queue: str | None = None,
                      assignee: str | None = None, page: int = 1, per_page: int = 50):
    """The paged ticket list: most urgent first, then the earliest SLA due.

    The page is cut from ``tickets`` alone (read in index order, see the ix_tickets_*list
    indexes) and only then joined to customers, so a deep page does not join rows it skips.
    """
    page_q = select(Ticket.id)
    if status and set(status) == set(OPEN_STATUSES):
        page_q = page_q.where(Ticket.status != "closed")      # matches the partial list indexes
    elif status:
        page_q = page_q.where(Ticket.status.in_(status))
    if queue:
        page_q = page_q.where(Ticket.queue == queue)
    if assignee:
        page_q = page_q.where(Ticket.assignee == assignee)
    order = (Ticket.priority.desc(), Ticket.sla_due.asc(), Ticket.id.asc())
    page_ids = page_q.order_by(*order).limit(per_page).offset(max(0, page - 1) * per_page).subquery()
    return (select(Ticket.ref, Ticket.status, Ticket.priority, Ticket.subject, Customer.email, Ticket.language,
                   Ticket.intents, Ticket.sla_due, Ticket.first_reply_at, Ticket.queue, Ticket.assignee,
                   Ticket.complaint_stage)
            .join(page_ids, page_ids.c.id == Ticket.id)
            .outerjoin(Customer, Customer.id == Ticket.customer_id)
            .order_by(*order))


def ticket_list(session: Session, *, now: datetime, soon_hours: float = 4.0, **filters) -> list[TicketRow]:
    page = list(session.execute(ticket_list_query(**filters)))
    held = unconfirmed_refs(session, [r.ref for r in page])
    return [TicketRow(r.ref, r.status, r.priority, r.subject, r.email or "", r.language,
                      tuple(r.intents or ()), r.sla_due,
                      sla.state(due=r.sla_due, first_reply=r.first_reply_at, now=now, soon_hours=soon_hours),
                      r.queue, r.assignee, r.complaint_stage, r.ref in held) for r in page]


def unconfirmed_refs(session: Session, refs: list[str]) -> set[str]:
    """Which of these tickets have a send held as unconfirmed (see outbox.resolve_interrupted)."""
    if not refs:
        return set()
    return set(session.scalars(select(Ticket.ref).join(Outbox, Outbox.ticket_id == Ticket.id)
                               .where(Outbox.status == "unconfirmed", Ticket.ref.in_(refs))))


def sla_watch(session: Session, *, now: datetime, soon_hours: float,
              limit: int | None = None) -> dict[str, list[TicketRow]]:
    """SLA-24: open tickets without a first reply that are breached or due within ``soon_hours``,
    earliest due first; ``limit``: at most that many of each (see ``sla_counts`` for the totals)."""
    horizon = now + timedelta(hours=soon_hours)
    q = (select(Ticket.ref, Ticket.status, Ticket.priority, Ticket.subject, Customer.email, Ticket.language,
                Ticket.intents, Ticket.sla_due, Ticket.first_reply_at, Ticket.queue, Ticket.assignee,
                Ticket.complaint_stage)
         .outerjoin(Customer, Customer.id == Ticket.customer_id)
         .where(Ticket.first_reply_at.is_(None), Ticket.status.in_(OPEN_STATUSES), Ticket.sla_due <= horizon)
         .order_by(Ticket.sla_due.asc()))
    if limit is None:
        rows = list(session.execute(q))
    else:     # breached (due before now) and soon, each cut at ``limit``
        rows = [*session.execute(q.where(Ticket.sla_due < now).limit(limit)),
                *session.execute(q.where(Ticket.sla_due >= now).limit(limit))]
    out: dict[str, list[TicketRow]] = {sla.BREACHED: [], sla.SOON: []}
    for r in rows:
        state = sla.state(due=r.sla_due, first_reply=None, now=now, soon_hours=soon_hours)
        out.setdefault(state, []).append(TicketRow(r.ref, r.status, r.priority, r.subject, r.email or "",
                                                   r.language, tuple(r.intents or ()), r.sla_due, state,
                                                   r.queue, r.assignee, r.complaint_stage))
    return out


def sla_counts(session: Session, *, now: datetime, soon_hours: float) -> dict[str, int]:
    """How many open tickets without a first reply are breached, and due within ``soon_hours``."""
    horizon = now + timedelta(hours=soon_hours)
    breached, soon = session.execute(
        select(func.count().filter(Ticket.sla_due < now), func.count().filter(Ticket.sla_due >= now))
        .where(Ticket.first_reply_at.is_(None), Ticket.status.in_(OPEN_STATUSES), Ticket.sla_due <= horizon)).one()
    return {sla.BREACHED: int(breached or 0), sla.SOON: int(soon or 0)}


@dataclass
class HandoverItem:
    ticket: TicketRow
    notes: list[tuple[datetime, str, str]] = field(default_factory=list)
    follow_up_due: datetime | None = None
    escalation: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {**self.ticket.to_json(),
                "notes": [{"at": at.isoformat(), "author": a, "text": t} for at, a, t in self.notes],
                "follow_up_due": self.follow_up_due.isoformat() if self.follow_up_due else None,
                "escalation": self.escalation}


def handover(session: Session, *, now: datetime, soon_hours: float = 4.0, limit: int = 500) -> list[HandoverItem]:
    """HANDOVER: every open ticket, most urgent first, with its notes and pending follow-up."""
    tickets = list(session.scalars(select(Ticket).where(Ticket.status.in_(OPEN_STATUSES))
                                   .order_by(Ticket.priority.desc(), Ticket.sla_due.asc()).limit(limit)))
    ids = [t.id for t in tickets]
    notes: dict[int, list] = {}
    for n in session.scalars(select(HandoverNote).where(HandoverNote.ticket_id.in_(ids))
                             .order_by(HandoverNote.created_at)):
        notes.setdefault(n.ticket_id, []).append((n.created_at, n.author, n.text))
    follows = {f.ticket_id: f.due_at for f in session.scalars(
        select(FollowUp).where(FollowUp.ticket_id.in_(ids), FollowUp.status == "pending"))}
    emails = {c.id: c.email for c in session.scalars(
        select(Customer).where(Customer.id.in_({t.customer_id for t in tickets if t.customer_id})))}
    held = unconfirmed_refs(session, [t.ref for t in tickets])
    out = []
    for t in tickets:
        row = TicketRow(t.ref, t.status, t.priority, t.subject, emails.get(t.customer_id, ""), t.language,
                        tuple(t.intents or ()), t.sla_due,
                        sla.state(due=t.sla_due, first_reply=t.first_reply_at, now=now, soon_hours=soon_hours),
                        t.queue, t.assignee, t.complaint_stage, t.ref in held)
        out.append(HandoverItem(row, notes.get(t.id, []), follows.get(t.id), dict(t.escalation or {})))
    return out


def report(session: Session, *, since: datetime, until: datetime) -> dict[str, Any]:
    """FEEDBACK: intents, complaint causes, SLA-24 compliance and languages for tickets received in
    [since, until)."""
    tickets = list(session.execute(
        select(Ticket.intents, Ticket.complaint_cause, Ticket.language, Ticket.sla_due, Ticket.first_reply_at,
               Ticket.status, Ticket.escalation)
        .where(Ticket.received_at >= since, Ticket.received_at < until)))
    intents: Counter[str] = Counter()
    causes: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    replied = met = 0
    merged = 0
    for r in tickets:
        if (r.escalation or {}).get("merged_into"):
            merged += 1
            continue
        intents.update(r.intents or ["(not analysed)"])
        if r.complaint_cause:
            causes[r.complaint_cause] += 1
        languages[r.language or "(unknown)"] += 1
        if r.first_reply_at is not None:
            replied += 1
            met += r.first_reply_at <= r.sla_due
    compliance = sla.Compliance(replied, met)
    breached_open = sum(1 for r in tickets if r.first_reply_at is None and r.sla_due < until
                        and not (r.escalation or {}).get("merged_into") and r.status != "closed")
    incidents = session.execute(select(Incident.kind, Incident.key, Incident.count, Incident.opened_at)
                                .where(Incident.opened_at >= since, Incident.opened_at < until)).all()
    messages = session.scalar(select(func.count()).select_from(Message).where(
        Message.direction == "in", Message.received_at >= since, Message.received_at < until))
    duplicates = session.scalar(select(func.count()).select_from(Message).where(
        Message.status == "duplicate", Message.received_at >= since, Message.received_at < until))
    failed_sends = session.scalar(select(func.count()).select_from(Outbox).where(Outbox.status == "failed"))
    unconfirmed_sends = session.scalar(select(func.count()).select_from(Outbox).where(Outbox.status == "unconfirmed"))
    return {
        "since": since.isoformat(), "until": until.isoformat(),
        "tickets": len(tickets) - merged, "messages": messages, "duplicates": duplicates,
        "intents": dict(intents.most_common()), "complaint_causes": dict(causes.most_common()),
        "languages": dict(languages.most_common()),
        "sla": {"replied": replied, "met": met, "compliance_percent": compliance.percent,
                "unanswered_breached": breached_open},
        "incidents": [{"kind": k, "key": key, "count": c, "opened_at": at.isoformat()} for k, key, c, at in incidents],
        "failed_sends": failed_sends,
        "unconfirmed_sends": unconfirmed_sends,
    }


def follow_ups_due(session: Session, *, now: datetime, soon_hours: float = 0.0) -> list[tuple[str, datetime, str]]:
    """FOLLOW: pending follow-ups due by ``now + soon_hours``, earliest first (ref, due, reason)."""
    horizon = now + timedelta(hours=soon_hours)
    return [(ref, due, reason) for ref, due, reason in session.execute(
        select(Ticket.ref, FollowUp.due_at, FollowUp.reason).join(Ticket, Ticket.id == FollowUp.ticket_id)
        .where(FollowUp.status == "pending", FollowUp.due_at <= horizon).order_by(FollowUp.due_at))]


def open_incidents(session: Session) -> list[dict[str, Any]]:
    """ESCALATE: incidents still open (a surge or a fault), newest first."""
    return [{"id": i.id, "kind": i.kind, "key": i.key, "count": i.count, "opened_at": i.opened_at.isoformat()}
            for i in session.scalars(select(Incident).where(Incident.status == "open")
                                     .order_by(Incident.opened_at.desc()))]
