"""Replies out: approve a reviewed draft, queue it in the persisted outbox, send with retries.

The outbox row is written first (with the complete RFC 5322 message), then delivery is tried;
a failed attempt is retried with exponential backoff and after the last retry stays visible as
``failed``. In-Reply-To/References point at the customer's message so their client threads it.

No blind resends: before talking SMTP the row is claimed as ``sending`` (time, host:pid) and
committed, so only one sender ever has it. If that sender dies between the server's "250" and
our commit, or the connection breaks while the server answers DATA, the row cannot tell whether
the customer got the mail. Such a row is resolved, not resent: found by its Message-ID in the
IMAP Sent folder (when IMAP is configured) it is recorded as sent; otherwise it is held as
``unconfirmed`` for an agent, who confirms it (`tactful send --confirm ID`) or resends it with
the same Message-ID (`--resend ID`; mail clients that got the first copy show one).
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from typing import Callable, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tactful.desk import complaint
from tactful.desk.audit import audit
from tactful.desk.ids import angle, norm_id
from tactful.desk.models import ANSWERED, Customer, Draft, Message, Outbox, Review, Ticket
from tactful.desk.workflow import WorkflowError, schedule_follow_up, ticket_by_ref
from tactful.errors import MailTransportError

log = logging.getLogger(__name__)
# Fault injection for the crash test: the process exits right after the SMTP server accepted a
# mail and before the outbox commit records it (tests/desk/test_desk_smtp.py).
FAULT_ENV = "TACTFUL_FAULT"
EXIT_AFTER_ACCEPT = "exit-after-smtp-accept"


class DeliveryUnknown(MailTransportError):
    """The server may or may not have accepted the mail (the connection broke during DATA)."""


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
        """smtplib's sendmail step by step, so a break while the server answers DATA (after the
        whole mail went out) is told apart as DeliveryUnknown from a plain, retryable failure."""
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.ehlo_or_helo_if_needed()
                options = [f"size={len(raw)}"] if smtp.does_esmtp and smtp.has_extn("size") else []
                code, reply = smtp.mail(from_addr, options)
                if code != 250:
                    raise smtplib.SMTPSenderRefused(code, reply, from_addr)
                refused = {}
                for to in to_addrs:
                    code, reply = smtp.rcpt(to)
                    if code not in (250, 251):
                        refused[to] = (code, reply)
                if len(refused) == len(to_addrs):
                    smtp.rset()
                    raise smtplib.SMTPRecipientsRefused(refused)
                try:
                    code, reply = smtp.data(raw)
                except (smtplib.SMTPServerDisconnected, OSError) as exc:
                    raise DeliveryUnknown(f"SMTP {self.host}:{self.port}: connection lost while the server "
                                          f"answered DATA ({exc}); it may have accepted the mail") from exc
                if code != 250:
                    raise smtplib.SMTPDataError(code, reply)
                if refused:
                    raise MailTransportError(f"recipients refused: {refused}")
        except DeliveryUnknown:
            raise
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
    unconfirmed: int = 0          # cut off after the mail may have reached the server: for an agent
    confirmed: int = 0            # a cut-off send found in the IMAP Sent folder: recorded as sent


def sender_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _sender_gone(row: Outbox, *, now: datetime, lease: timedelta) -> bool:
    """Has the process that claimed this row stopped? On this host we can ask the OS; elsewhere
    (or if the pid was reused) the claim lapses after ``lease``."""
    if row.sending_at is None or row.sending_at + lease < now:
        return True
    host, _, pid = (row.sending_by or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def resolve_interrupted(session: Session, *, now: datetime, settings, follow_up_days: int,
                        sent_lookup: Callable[[list[str]], set[str]] | None = None) -> tuple[int, int]:
    """Rows left ``sending`` by a sender that died: sent if the Sent folder has their Message-ID,
    else ``unconfirmed`` (never resent blindly). Returns (confirmed, unconfirmed)."""
    lease = timedelta(seconds=getattr(settings, "lease_seconds", 300))
    stuck = [row for row in session.scalars(select(Outbox).where(Outbox.status == "sending").order_by(Outbox.id))
             if _sender_gone(row, now=now, lease=lease)]
    if not stuck:
        return 0, 0
    found: set[str] | None = None
    if sent_lookup is not None:
        try:
            found = {norm_id(m) for m in sent_lookup([norm_id(r.message_id) for r in stuck])}
        except MailTransportError as exc:
            log.warning("cannot check the Sent folder for interrupted sends: %s", exc)
    confirmed = unconfirmed = 0
    for row in stuck:
        if found is not None and norm_id(row.message_id) in found:
            row.status = "sent"
            row.sent_at = row.sending_at or now
            row.last_error = ""
            _after_sent(session, row, now=row.sent_at, settings=settings, follow_up_days=follow_up_days,
                        confirmed_by="found in the IMAP Sent folder")
            confirmed += 1
        else:
            row.status = "unconfirmed"
            row.last_error = ("the sender stopped after handing the mail to the SMTP server, before recording "
                              "the result" + ("; not found in the Sent folder" if found is not None else "")
                              + ": check with the customer or the mail server, then --confirm or --resend")
            audit(session, at=now, entity="outbox", entity_id=row.id, action="unconfirmed", kind=row.kind,
                  attempt_at=row.sending_at, by=row.sending_by, sent_folder_checked=found is not None)
            unconfirmed += 1
    session.commit()
    return confirmed, unconfirmed


def deliver(session: Session, transport: Transport, *, now: datetime, settings, follow_up_days: int | None = None,
            only_due: bool = True, sent_lookup: Callable[[list[str]], set[str]] | None = None,
            sender: str | None = None) -> SendReport:
    """Resolve sends a dead sender left behind, then try every queued outbox row that is due.

    Each row is claimed (``queued`` -> ``sending``, with time and host:pid) and committed before
    the SMTP talk; the result is committed right after it."""
    report = SendReport()
    days = settings.follow_up_days if follow_up_days is None else follow_up_days
    report.confirmed, report.unconfirmed = resolve_interrupted(session, now=now, settings=settings,
                                                                follow_up_days=days, sent_lookup=sent_lookup)
    sender = sender or sender_name()
    q = select(Outbox.id).where(Outbox.status == "queued")
    if only_due:
        q = q.where(Outbox.next_attempt_at <= now)
    for pk in list(session.scalars(q.order_by(Outbox.id))):
        claimed = session.execute(update(Outbox).where(Outbox.id == pk, Outbox.status == "queued")
                                  .values(status="sending", sending_at=now, sending_by=sender,
                                          attempts=Outbox.attempts + 1))
        if claimed.rowcount != 1:          # another sender took it (or it was sent) meanwhile
            session.rollback()
            continue
        session.commit()
        row = session.get(Outbox, pk, populate_existing=True)
        try:
            transport.send(row.from_addr, [row.to_addr], row.raw)
        except DeliveryUnknown as exc:
            row.status = "unconfirmed"
            row.last_error = str(exc)
            report.unconfirmed += 1
            audit(session, at=now, entity="outbox", entity_id=row.id, action="unconfirmed", kind=row.kind,
                  error=str(exc))
            session.commit()
            continue
        except MailTransportError as exc:
            row.last_error = str(exc)
            if row.attempts >= settings.smtp_retries:
                row.status = "failed"
                report.failed += 1
                audit(session, at=now, entity="outbox", entity_id=row.id, action="failed", error=str(exc),
                      attempts=row.attempts)
            else:
                row.status = "queued"
                row.next_attempt_at = now + backoff(row.attempts, settings.smtp_backoff_seconds)
                report.retrying += 1
                audit(session, at=now, entity="outbox", entity_id=row.id, action="retry", error=str(exc),
                      attempts=row.attempts, next_attempt=row.next_attempt_at)
            session.commit()
            continue
        if os.environ.get(FAULT_ENV) == EXIT_AFTER_ACCEPT:
            os._exit(70)               # a crash between the server's "250" and our commit
        row.status = "sent"
        row.sent_at = now
        _after_sent(session, row, now=now, settings=settings, follow_up_days=days)
        session.commit()
        report.sent += 1
    return report


def unconfirmed(session: Session) -> list[Outbox]:
    return list(session.scalars(select(Outbox).where(Outbox.status == "unconfirmed").order_by(Outbox.id)))


def _held(session: Session, outbox_id: int) -> Outbox:
    row = session.get(Outbox, outbox_id)
    if row is None:
        raise WorkflowError(f"no outbox row {outbox_id}", field="id")
    if row.status != "unconfirmed":
        raise WorkflowError(f"outbox {outbox_id} is {row.status}, not unconfirmed", field="id")
    return row


def confirm_sent(session: Session, outbox_id: int, *, actor: str, now: datetime, settings) -> Outbox:
    """An agent checked (customer, mail server log) that an unconfirmed mail did go out."""
    row = _held(session, outbox_id)
    row.status = "sent"
    row.sent_at = row.sending_at or now
    row.last_error = ""
    audit(session, at=now, actor=actor, entity="outbox", entity_id=row.id, action="confirmed",
          message_id=row.message_id)
    _after_sent(session, row, now=row.sent_at, settings=settings, follow_up_days=settings.follow_up_days,
                confirmed_by=actor)
    return row


def resend(session: Session, outbox_id: int, *, actor: str, now: datetime) -> Outbox:
    """An agent decided an unconfirmed mail did not arrive: queue it again, same Message-ID."""
    row = _held(session, outbox_id)
    row.status = "queued"
    row.next_attempt_at = now
    audit(session, at=now, actor=actor, entity="outbox", entity_id=row.id, action="resend",
          message_id=row.message_id)
    return row


def _after_sent(session: Session, row: Outbox, *, now: datetime, settings, follow_up_days: int,
                confirmed_by: str = "") -> None:
    extra = {"confirmed_by": confirmed_by} if confirmed_by else {}
    if row.ticket_id is None:          # a NOTIFY notice: about an order, not a ticket
        audit(session, at=now, entity="outbox", entity_id=row.id, action="sent", kind=row.kind, **extra)
        return
    ticket = session.get(Ticket, row.ticket_id)
    # Our own message is stored so a customer's reply to it threads back into this ticket.
    from tactful.desk.intake import dedupe_key
    session.add(Message(ticket_id=ticket.id, customer_id=ticket.customer_id, direction="out",
                        message_id=norm_id(row.message_id), dedupe_key=dedupe_key(row.message_id, row.raw),
                        content_hash=dedupe_key("", row.raw), raw=row.raw, source=f"outbox:{row.id}",
                        sender=row.from_addr, subject="", received_at=now, parsed={}, status="sent",
                        defects=[]))
    audit(session, at=now, entity="outbox", entity_id=row.id, action="sent", ticket=ticket.ref, kind=row.kind,
          **extra)
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
