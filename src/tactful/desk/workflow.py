"""PLAYBOOK §7 on stored tickets: priority, ESCALATE, surge incidents, COMPLAINT-4, ACK, FOLLOW.

Every function takes a session and changes rows in it, writing the audit log; the caller commits.
The decisions themselves are the pure functions in priority, complaint, surge and sla.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tactful.desk import complaint, priority, surge
from tactful.desk.audit import audit
from tactful.desk.models import (CLOSED, FOLLOW_UP, OPEN, OPEN_STATUSES, Customer, FollowUp, HandoverNote,
                                 Incident, Message, Ticket)
from tactful.desk.refs import format_ref
from tactful.desk.rules import complaint_cause, internal_fault_intents
from tactful.errors import InputError


class WorkflowError(InputError):
    """A desk action that the workflow does not allow (e.g. closing before the follow-up)."""


def merge_into(session: Session, message: Message, ticket_id: int, *, now: datetime, reason: str) -> None:
    """Move ``message`` to ``ticket_id``; a ticket left without messages is closed as merged."""
    old_id = message.ticket_id
    if old_id == ticket_id:
        return
    message.ticket_id = ticket_id
    session.flush()
    left = session.scalar(select(func.count()).select_from(Message).where(Message.ticket_id == old_id))
    target = session.get(Ticket, ticket_id)
    if old_id is not None and not left:
        old = session.get(Ticket, old_id)
        old.status = CLOSED
        old.closed_at = now
        old.escalation = {**(old.escalation or {}), "merged_into": target.ref, "reason": reason}
        audit(session, at=now, entity="ticket", entity_id=old.id, action="merged", into=target.ref,
              reason=reason)
    if message.received_at > target.last_message_at:
        target.last_message_at = message.received_at


def update_ticket_from_analysis(session: Session, ticket: Ticket, analysis, *, now: datetime, settings,
                                supplied_missing: bool = False, surge_possible: bool = True) -> None:
    """Fold one analysed message into its ticket: intents, language, priority, stage, escalation.
    ``surge_possible=False``: the caller knows fewer than ``surge_count`` tickets arrived in the
    surge window, so no surge check is needed."""
    before = {"priority": ticket.priority, "stage": ticket.complaint_stage, "queue": ticket.queue}
    intents = list(dict.fromkeys([*(ticket.intents or []), *analysis.intents]))
    ticket.intents = intents
    if not ticket.primary_intent and analysis.intents:
        ticket.primary_intent = analysis.intents[0]
    if analysis.language and not ticket.language:
        ticket.language = analysis.language
    is_reminder = "followup.reminder" in analysis.intents or analysis.mood.kind == "reminder"
    if is_reminder:
        ticket.reminders += 1
    signals = priority.signals_from_analysis(analysis, reminders=ticket.reminders - (1 if is_reminder else 0),
                                             repeats=ticket.repeats)
    ticket.priority = max(ticket.priority, priority.score(signals, today=now.date()))
    is_complaint = signals.complaint
    ticket.complaint_stage = complaint.after_customer_message(
        ticket.complaint_stage, is_complaint=is_complaint, supplied_missing=supplied_missing)
    if is_complaint and not ticket.complaint_cause:
        ticket.complaint_cause = complaint_cause(analysis.intents) or ("service" if analysis.mood.kind == "complaint" else None)
    if set(analysis.intents) & internal_fault_intents():
        escalate(session, ticket, analysis, now=now, settings=settings)
    if surge_possible:
        check_surge(session, ticket, now=now, settings=settings)
    after = {"priority": ticket.priority, "stage": ticket.complaint_stage, "queue": ticket.queue}
    if after != before:
        audit(session, at=now, entity="ticket", entity_id=ticket.id, action="updated",
              **{k: [before[k], after[k]] for k in after if after[k] != before[k]})


def escalate(session: Session, ticket: Ticket, analysis, *, now: datetime, settings) -> None:
    """ESCALATE: an internal fault goes to the supervisor queue with facts and customers affected."""
    fault = next(i for i in analysis.intents if i in internal_fault_intents())
    since = now - timedelta(days=7)
    session.flush()
    affected = session.scalar(
        select(func.count(func.distinct(Ticket.customer_id)))
        .where(Ticket.primary_intent == fault, Ticket.received_at >= since, Ticket.status.in_(OPEN_STATUSES)))
    facts = {name: analysis.facts.values(name) for name in ("order_numbers", "skus", "sizes", "colours",
                                                             "tracking_numbers") if analysis.facts.values(name)}
    ticket.queue = settings.supervisor
    ticket.escalation = {**(ticket.escalation or {}), "fault": fault, "facts": facts,
                         "customers_affected": int(affected or 1), "escalated_at": now.isoformat()}
    audit(session, at=now, entity="ticket", entity_id=ticket.id, action="escalated", fault=fault,
          customers_affected=int(affected or 1))


def check_surge(session: Session, ticket: Ticket, *, now: datetime, settings) -> Incident | None:
    """ESCALATE surge: N tickets with the same primary intent within the window open an incident."""
    if not ticket.primary_intent or ticket.primary_intent == "other":
        return None
    window_start = now - timedelta(minutes=settings.surge_window_minutes)
    session.flush()
    times = list(session.scalars(select(Ticket.received_at).where(
        Ticket.primary_intent == ticket.primary_intent, Ticket.received_at >= window_start,
        Ticket.received_at <= now)))
    if not surge.is_surge(times, now=now, count=settings.surge_count, window_minutes=settings.surge_window_minutes):
        return None
    incident = session.scalars(select(Incident).where(Incident.kind == "surge", Incident.key == ticket.primary_intent,
                                                      Incident.status == "open")).first()
    if incident is None:
        incident = Incident(kind="surge", key=ticket.primary_intent, status="open", count=len(times),
                            facts={"window_minutes": settings.surge_window_minutes}, opened_at=now, updated_at=now)
        session.add(incident)
        session.flush()
        audit(session, at=now, entity="incident", entity_id=incident.id, action="opened",
              key=incident.key, count=incident.count)
        # Earlier tickets of the surge belong to the incident too.
        for other in session.scalars(select(Ticket).where(Ticket.primary_intent == ticket.primary_intent,
                                                          Ticket.received_at >= window_start,
                                                          Ticket.incident_id.is_(None))):
            other.incident_id = incident.id
    ticket.incident_id = incident.id
    session.flush()
    incident.count = session.scalar(select(func.count()).select_from(Ticket).where(Ticket.incident_id == incident.id))
    incident.updated_at = now
    return incident


def maybe_queue_ack(session: Session, ticket: Ticket, message: Message, analysis, *, shop, now, settings) -> bool:
    """ACK: when enabled, acknowledge a new ticket once, in the customer's language."""
    if not settings.ack or ticket.acked_at is not None or ticket.first_reply_at is not None:
        return False
    parsed = message.parsed or {}
    if parsed.get("is_auto_reply"):
        return False   # never answer an auto-reply (mail loops)
    from tactful.desk.ack import render_ack
    from tactful.desk.outbox import queue_mail

    customer = session.get(Customer, ticket.customer_id) if ticket.customer_id else None
    if customer is None:
        return False
    hours = max(1, int(round((ticket.sla_due - now).total_seconds() / 3600))) if ticket.sla_due > now else shop.reply_hours
    text = render_ack(language=analysis.language or shop.default_language, ref=ticket.ref, hours=hours,
                      due=ticket.sla_due, name=analysis.sender_name or customer.name, shop=shop.name)
    queue_mail(session, ticket=ticket, kind="ack", to_addr=customer.email, from_name=shop.sender_name,
               from_addr=shop.sender_address, subject=text.subject, body=text.body, reply_to_message=message,
               now=now)
    ticket.acked_at = now
    return True


# --- agent actions -------------------------------------------------------------------------------

def ticket_by_ref(session: Session, ref: str) -> Ticket:
    ticket = session.scalars(select(Ticket).where(Ticket.ref == ref.strip().upper())).first()
    if ticket is None:
        raise WorkflowError(f"no ticket {ref!r}", field="ref")
    return ticket


def add_note(session: Session, ref: str, text: str, *, author: str, now: datetime) -> HandoverNote:
    """HANDOVER: a note for the next shift on an open ticket."""
    ticket = ticket_by_ref(session, ref)
    if not text.strip():
        raise WorkflowError("a handover note needs text", field="text")
    note = HandoverNote(ticket_id=ticket.id, author=author, text=text.strip(), created_at=now)
    session.add(note)
    session.flush()
    audit(session, at=now, actor=author, entity="ticket", entity_id=ticket.id, action="note", note=note.id)
    return note


def schedule_follow_up(session: Session, ticket: Ticket, *, now: datetime, days: int, reason: str) -> FollowUp:
    """FOLLOW: after a promised solution, check back; the ticket waits in ``follow_up``."""
    pending = session.scalars(select(FollowUp).where(FollowUp.ticket_id == ticket.id,
                                                     FollowUp.status == "pending")).first()
    if pending is not None:
        return pending
    follow = FollowUp(ticket_id=ticket.id, due_at=now + timedelta(days=days), reason=reason, status="pending")
    session.add(follow)
    session.flush()
    ticket.status = FOLLOW_UP
    audit(session, at=now, entity="ticket", entity_id=ticket.id, action="follow_up_scheduled",
          due=follow.due_at, reason=reason)
    return follow


def complete_follow_up(session: Session, ref: str, *, outcome: str, actor: str, now: datetime,
                       close: bool = True) -> Ticket:
    """The customer was asked whether they are satisfied: COMPLAINT-4 'followed up'; then close."""
    ticket = ticket_by_ref(session, ref)
    pending = list(session.scalars(select(FollowUp).where(FollowUp.ticket_id == ticket.id,
                                                          FollowUp.status == "pending")))
    if not pending:
        raise WorkflowError(f"ticket {ticket.ref} has no pending follow-up", field="ref")
    for follow in pending:
        follow.status = "done"
        follow.done_at = now
        follow.outcome = outcome
    if ticket.complaint_stage is not None:
        ticket.complaint_stage = complaint.advance(ticket.complaint_stage, complaint.FOLLOWED_UP)
    audit(session, at=now, actor=actor, entity="ticket", entity_id=ticket.id, action="followed_up",
          outcome=outcome)
    if close:
        close_ticket(session, ticket.ref, actor=actor, now=now)
    else:
        ticket.status = OPEN
    return ticket


def send_due_follow_ups(session: Session, *, shop, now: datetime) -> list[str]:
    """FOLLOW / COMPLAINT-4: for every follow-up that is due, queue the mail asking the customer
    whether they are satisfied; the follow-up is then done and the ticket waits for the answer."""
    from tactful.desk.ack import render_follow_up
    from tactful.desk.models import ANSWERED
    from tactful.desk.outbox import queue_mail

    refs = []
    due = list(session.scalars(select(FollowUp).where(FollowUp.status == "pending", FollowUp.due_at <= now)
                               .order_by(FollowUp.due_at)))
    for follow in due:
        ticket = session.get(Ticket, follow.ticket_id)
        customer = session.get(Customer, ticket.customer_id) if ticket.customer_id else None
        if customer is None:
            continue
        last = session.scalars(select(Message).where(Message.ticket_id == ticket.id, Message.direction == "in")
                               .order_by(Message.received_at.desc()).limit(1)).first()
        text = render_follow_up(language=ticket.language or shop.default_language, ref=ticket.ref,
                                name=customer.name, shop=shop.name)
        queue_mail(session, ticket=ticket, kind="follow_up", to_addr=customer.email, from_name=shop.sender_name,
                   from_addr=shop.sender_address, subject=text.subject, body=text.body, reply_to_message=last,
                   now=now)
        follow.status = "done"
        follow.done_at = now
        follow.outcome = "customer asked by email whether satisfied"
        if ticket.complaint_stage is not None:
            ticket.complaint_stage = complaint.advance(ticket.complaint_stage, complaint.FOLLOWED_UP)
        ticket.status = ANSWERED
        audit(session, at=now, entity="ticket", entity_id=ticket.id, action="followed_up", by="email")
        refs.append(ticket.ref)
    return refs


def close_ticket(session: Session, ref: str, *, actor: str, now: datetime, force: bool = False) -> Ticket:
    """Close a ticket; FOLLOW forbids it while a follow-up is pending (unless forced)."""
    ticket = ticket_by_ref(session, ref)
    pending = session.scalar(select(func.count()).select_from(FollowUp).where(
        FollowUp.ticket_id == ticket.id, FollowUp.status == "pending"))
    if pending and not force:
        raise WorkflowError(f"ticket {ticket.ref} has a pending follow-up (FOLLOW); complete it with "
                            f"`tactful follow-up {ticket.ref} --done` or close with --force", field="ref")
    ticket.status = CLOSED
    ticket.closed_at = now
    audit(session, at=now, actor=actor, entity="ticket", entity_id=ticket.id, action="closed", forced=force)
    return ticket


def assign(session: Session, ref: str, assignee: str, *, actor: str, now: datetime) -> Ticket:
    ticket = ticket_by_ref(session, ref)
    previous = ticket.assignee
    ticket.assignee = assignee or None
    audit(session, at=now, actor=actor, entity="ticket", entity_id=ticket.id, action="assigned",
          assignee=[previous, ticket.assignee])
    return ticket


__all__ = ["WorkflowError", "add_note", "assign", "check_surge", "close_ticket", "complete_follow_up",
           "send_due_follow_ups",
           "escalate", "format_ref", "maybe_queue_ack", "merge_into", "schedule_follow_up", "ticket_by_ref",
           "update_ticket_from_analysis"]
