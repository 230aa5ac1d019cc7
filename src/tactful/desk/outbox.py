"""Replies out: approve a reviewed draft, queue it in the persisted outbox, send with retries.

The outbox row is written first (with the complete RFC 5322 message), then delivery is tried;
a failed attempt is retried with exponential backoff and after the last retry stays visible as
``failed``. In-Reply-To/References point at the customer's message so their client threads it.
"""

from __future__ import annotations

import smtplib
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from tactful.desk import complaint
from tactful.desk.audit import audit
from tactful.desk.ids import angle, norm_id
from tactful.desk.models import ANSWERED, Customer, Draft, Message, Outbox, Review, Ticket
from tactful.desk.workflow import WorkflowError, schedule_follow_up, ticket_by_ref
from tactful.errors import MailTransportError


class Transport(Protocol):
    """Where the outbox delivers: SMTP in production, a fake in unit tests."""

    def send(self, from_addr: str, to_addrs: list[str], raw: bytes) -> None: ...


@dataclass
class SmtpTransport:
    host: str
    port: int = 25
    user: str = ""
    password: str = ""
    starttls: bool = False
    timeout: float = 30.0

    def send(self, from_addr: str, to_addrs: list[str], raw: bytes) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.user:
                    smtp.login(self.user, self.password)
                refused = smtp.sendmail(from_addr, to_addrs, raw)
                if refused:
                    raise MailTransportError(f"recipients refused: {refused}")
        except (smtplib.SMTPException, OSError, socket.timeout) as exc:
            raise MailTransportError(f"SMTP {self.host}:{self.port}: {exc}") from exc


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[1] if "@" in address else "tactful.invalid"


def build_mail(*, from_name: str, from_addr: str, to_addr: str, subject: str, body: str,
               in_reply_to: str = "", references: tuple[str, ...] = (), now: datetime,
               message_id: str | None = None, ref: str = "") -> EmailMessage:
    """A plain-text UTF-8 reply that threads under the customer's message (RFC 5322 §3.6.4)."""
    mail = EmailMessage()
    mail["From"] = formataddr((from_name, from_addr)) if from_name else from_addr
    mail["To"] = to_addr
    mail["Subject"] = subject
    mail["Date"] = format_datetime(now)
    mail["Message-ID"] = angle(message_id) if message_id else make_msgid(domain=_domain(from_addr))
    if norm_id(in_reply_to):
        parent = norm_id(in_reply_to)
        refs = [norm_id(r) for r in references if norm_id(r) and norm_id(r) != parent][-20:] + [parent]
        mail["In-Reply-To"] = angle(parent)
        mail["References"] = " ".join(angle(r) for r in refs)
    if ref:
        mail["X-Tactful-Ticket"] = ref
    mail["Auto-Submitted"] = "no"
    mail.set_content(body, charset="utf-8")
    return mail


def queue_mail(session: Session, *, ticket: Ticket, kind: str, to_addr: str, from_name: str, from_addr: str,
               subject: str, body: str, reply_to_message: Message | None, now: datetime,
               draft_id: int | None = None) -> Outbox:
    in_reply_to = reply_to_message.message_id if reply_to_message is not None else ""
    references = tuple((reply_to_message.parsed or {}).get("references", ())) if reply_to_message is not None else ()
    mail = build_mail(from_name=from_name, from_addr=from_addr, to_addr=to_addr, subject=subject, body=body,
                      in_reply_to=in_reply_to, references=references, now=now, ref=ticket.ref)
    if kind == "ack":
        mail.replace_header("Auto-Submitted", "auto-replied")   # RFC 3834: do not auto-answer an ACK
    row = Outbox(ticket_id=ticket.id, draft_id=draft_id, kind=kind, to_addr=to_addr, from_addr=from_addr,
                 message_id=mail["Message-ID"], raw=mail.as_bytes(), status="queued", attempts=0,
                 next_attempt_at=now, last_error="", created_at=now)
    session.add(row)
    session.flush()
    audit(session, at=now, entity="outbox", entity_id=row.id, action="queued", kind=kind, ticket=ticket.ref)
    return row


def latest_draft(session: Session, ticket: Ticket) -> Draft | None:
    return session.scalars(select(Draft).where(Draft.ticket_id == ticket.id)
                           .order_by(Draft.created_at.desc(), Draft.id.desc()).limit(1)).first()


def approve(session: Session, ref: str, *, actor: str, now: datetime, force: bool = False,
            body: str | None = None) -> Draft:
    """An agent approves the ticket's latest reviewed draft; a failed review needs ``force``."""
    ticket = ticket_by_ref(session, ref)
    draft = latest_draft(session, ticket)
    if draft is None:
        raise WorkflowError(f"ticket {ticket.ref} has no draft yet; run `tactful process` first", field="ref")
    if draft.status != "reviewed":
        raise WorkflowError(f"the draft of {ticket.ref} is already {draft.status}", field="ref")
    if body is not None:
        draft.body = body   # an edited reply is re-reviewed below before approval
    review = session.scalars(select(Review).where(Review.draft_id == draft.id)
                             .order_by(Review.id.desc()).limit(1)).first()
    if review is None or not review.passed:
        if not force:
            failing = ", ".join(sorted({f["rule"] for f in (review.findings if review else [])
                                        if f.get("severity") == "error"})) or "not reviewed"
            raise WorkflowError(f"the draft of {ticket.ref} did not pass review ({failing}); fix it or "
                                f"approve with --force", field="ref")
    draft.status = "approved"
    draft.approved_by = actor
    draft.approved_at = now
    draft.forced = bool(force and (review is None or not review.passed))
    audit(session, at=now, actor=actor, entity="draft", entity_id=draft.id, action="approved",
          ticket=ticket.ref, forced=draft.forced)
    return draft


def queue_approved(session: Session, *, shop, now: datetime) -> list[Outbox]:
    """Put every approved draft into the outbox (once)."""
    rows = []
    for draft in session.scalars(select(Draft).where(Draft.status == "approved").order_by(Draft.id)):
        ticket = session.get(Ticket, draft.ticket_id)
        message = session.get(Message, draft.message_id)
        customer = session.get(Customer, ticket.customer_id) if ticket.customer_id else None
        reply_to = (message.parsed or {}).get("reply_to") or []
        to_addr = (reply_to[0].get("address") if reply_to and reply_to[0].get("address") else
                   (customer.email if customer else message.sender))
        subject = draft.subject or f"Re: {ticket.subject}"
        if ticket.ref not in subject:
            subject = f"{subject} [{ticket.ref}]"
        rows.append(queue_mail(session, ticket=ticket, kind="reply", to_addr=to_addr, from_name=shop.sender_name,
                               from_addr=shop.sender_address, subject=subject, body=draft.body,
                               reply_to_message=message, now=now, draft_id=draft.id))
        draft.status = "queued"
    return rows


def backoff(attempt: int, base_seconds: float) -> timedelta:
    """Exponential backoff: base, 2*base, 4*base ... capped at 6 hours."""
    return timedelta(seconds=min(base_seconds * (2 ** max(0, attempt - 1)), 6 * 3600))


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def deliver(session: Session, transport: Transport, *, now: datetime, settings, follow_up_days: int | None = None,
            only_due: bool = True) -> SendReport:
    """Try every queued outbox row that is due; commits after each row so no send is repeated."""
    report = SendReport()
    q = select(Outbox.id).where(Outbox.status == "queued")
    if only_due:
        q = q.where(Outbox.next_attempt_at <= now)
    for pk in list(session.scalars(q.order_by(Outbox.id))):
        row = session.get(Outbox, pk)
        row.attempts += 1
        try:
            transport.send(row.from_addr, [row.to_addr], row.raw)
        except MailTransportError as exc:
            row.last_error = str(exc)
            if row.attempts >= settings.smtp_retries:
                row.status = "failed"
                report.failed += 1
                audit(session, at=now, entity="outbox", entity_id=row.id, action="failed", error=str(exc),
                      attempts=row.attempts)
            else:
                row.next_attempt_at = now + backoff(row.attempts, settings.smtp_backoff_seconds)
                report.retrying += 1
                audit(session, at=now, entity="outbox", entity_id=row.id, action="retry", error=str(exc),
                      attempts=row.attempts, next_attempt=row.next_attempt_at)
            session.commit()
            continue
        row.status = "sent"
        row.sent_at = now
        _after_sent(session, row, now=now, settings=settings,
                    follow_up_days=settings.follow_up_days if follow_up_days is None else follow_up_days)
        session.commit()
        report.sent += 1
    return report


def _after_sent(session: Session, row: Outbox, *, now: datetime, settings, follow_up_days: int) -> None:
    if row.ticket_id is None:          # a NOTIFY notice: about an order, not a ticket
        audit(session, at=now, entity="outbox", entity_id=row.id, action="sent", kind=row.kind)
        return
    ticket = session.get(Ticket, row.ticket_id)
    # Our own message is stored so a customer's reply to it threads back into this ticket.
    from tactful.desk.intake import dedupe_key
    session.add(Message(ticket_id=ticket.id, customer_id=ticket.customer_id, direction="out",
                        message_id=norm_id(row.message_id), dedupe_key=dedupe_key(row.message_id, row.raw),
                        content_hash=dedupe_key("", row.raw), raw=row.raw, source=f"outbox:{row.id}",
                        sender=row.from_addr, subject="", received_at=now, parsed={}, status="sent",
                        defects=[]))
    audit(session, at=now, entity="outbox", entity_id=row.id, action="sent", ticket=ticket.ref, kind=row.kind)
    if row.kind != "reply":
        return
    draft = session.get(Draft, row.draft_id) if row.draft_id else None
    if draft is not None:
        draft.status = "sent"
    if ticket.first_reply_at is None:
        ticket.first_reply_at = now
    ticket.status = ANSWERED
    sections = {s.get("section") for s in (draft.plan if draft else [])}
    proposes = bool(sections & {"options", "expect"})
    asks = "ask" in sections
    ticket.complaint_stage = complaint.after_reply(ticket.complaint_stage, proposes_solution=proposes,
                                                   asks_missing=asks)
    if proposes and (ticket.complaint_stage is not None or "expect" in sections):
        schedule_follow_up(session, ticket, now=now, days=follow_up_days,
                           reason="solution proposed" if "options" in sections else "promised next step")


def failed(session: Session) -> list[Outbox]:
    return list(session.scalars(select(Outbox).where(Outbox.status == "failed").order_by(Outbox.id)))


def retry_failed(session: Session, *, now: datetime) -> int:
    rows = failed(session)
    for row in rows:
        row.status = "queued"
        row.attempts = 0
        row.next_attempt_at = now
        audit(session, at=now, entity="outbox", entity_id=row.id, action="requeued")
    return len(rows)
