"""Store incoming mail: idempotent, threaded into tickets, secrets masked (TRACK, READ-DUP, H3).

``ingest`` is the one way a message enters the desk, whether it came from ``tactful import``
or from IMAP. It never drops a message: malformed mail is stored as received and flagged.
"""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tactful.desk import sla
from tactful.desk.audit import audit
from tactful.desk.ids import norm_id
from tactful.desk.masking import headers_only, mask_raw
from tactful.desk.models import CLOSED, NEW, OPEN, Customer, Message, Ticket
from tactful.desk.refs import find_ref, format_ref
from tactful.desk.timeutil import utc


@dataclass(frozen=True)
class IngestResult:
    message_pk: int
    ticket_ref: str
    created: bool          # False: this exact message was already stored (idempotent import)
    reopened: bool = False
    malformed: bool = False


def body_bytes(raw: bytes) -> bytes:
    for sep in (b"\r\n\r\n", b"\n\n"):
        if sep in raw:
            return raw.split(sep, 1)[1].replace(b"\r\n", b"\n")
    return raw


def dedupe_key(message_id: str, raw: bytes) -> str:
    """Message-ID plus a hash of the body: the same mail from mbox and from IMAP is one message."""
    message_id = norm_id(message_id)
    if message_id:
        payload = message_id.lower().encode("utf-8", "replace") + b"\0" + body_bytes(raw)
    else:
        payload = b"\0noid\0" + raw
    return hashlib.sha256(payload).hexdigest()


def thread_root(parsed) -> str:
    """The thread key: the mail stage's, else the first Reference, else In-Reply-To, else own id."""
    if parsed.thread_key:
        return parsed.thread_key
    if parsed.references:
        return norm_id(parsed.references[0])
    return norm_id(parsed.in_reply_to or parsed.message_id)


def secret_values(parsed) -> list[tuple[str, str]]:
    """READ-SECRET over every decoded text of the message (new text, quotes, signature, HTML)."""
    from tactful.understand.secrets import find_secrets

    out: list[tuple[str, str]] = []
    for text in {parsed.text, parsed.new_text, parsed.quoted_text, parsed.signature, parsed.html_sanitized,
                 parsed.subject}:
        if text:
            out.extend((s.kind, text[s.start:s.end]) for s in find_secrets(text))
    return out


def masked_json(parsed, secrets: list[tuple[str, str]]) -> dict[str, Any]:
    """The parsed form for storage with every secret value replaced (H3)."""
    data = parsed.to_json()
    values = sorted({v for _k, v in secrets if v.strip()}, key=len, reverse=True)

    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            for secret in values:
                value = value.replace(secret, "".join("*" if c not in " -./" else c for c in secret))
            return value
        if isinstance(value, list):
            return [scrub(v) for v in value]
        if isinstance(value, dict):
            return {k: scrub(v) for k, v in value.items()}
        return value

    return scrub(data)


def upsert_customer(session: Session, email: str, name: str, at: datetime) -> Customer | None:
    if not email:
        return None
    email = email.lower()
    customer = session.scalars(select(Customer).where(Customer.email == email)).first()
    if customer is None:
        customer = Customer(email=email, name=name, extended={}, derived={}, first_seen=at, last_seen=at)
        session.add(customer)
        session.flush()
        audit(session, at=at, entity="customer", entity_id=customer.id, action="created", email=email)
    else:
        if name and not customer.name:
            customer.name = name
        if customer.last_seen is None or at > customer.last_seen:
            customer.last_seen = at
    return customer


def find_ticket(session: Session, parsed, customer: Customer | None) -> Ticket | None:
    """TRACK threading: a ticket ref in the subject, then In-Reply-To/References, then thread key."""
    ref = find_ref(parsed.subject)
    if ref:
        ticket = session.scalars(select(Ticket).where(Ticket.ref == ref)).first()
        if ticket is not None:
            return ticket
    ids = [norm_id(i) for i in (parsed.in_reply_to, *reversed(parsed.references)) if norm_id(i)]
    if ids:
        row = session.execute(
            select(Message.ticket_id).where(Message.message_id.in_(ids), Message.ticket_id.is_not(None))
            .order_by(Message.received_at.desc()).limit(1)).first()
        if row:
            return session.get(Ticket, row[0])
    key = thread_root(parsed)
    if key and customer is not None:
        return session.scalars(select(Ticket).where(Ticket.thread_key == key, Ticket.customer_id == customer.id)
                               .order_by(Ticket.id.desc()).limit(1)).first()
    return None


def new_ticket(session: Session, *, customer: Customer | None, subject: str, thread_key: str,
               received: datetime, reply_hours: int, now: datetime) -> Ticket:
    # The ref derives from the row id, known only after the insert; a unique placeholder keeps
    # concurrent importers from waiting on each other's uncommitted "pending" row.
    ticket = Ticket(ref=f"TF-tmp-{uuid.uuid4().hex[:12]}", customer_id=customer.id if customer else None, subject=subject[:500],
                    thread_key=thread_key[:500], status=NEW, intents=[], escalation={},
                    received_at=received, sla_due=sla.due_at(received, reply_hours), last_message_at=received)
    session.add(ticket)
    session.flush()
    ticket.ref = format_ref(ticket.id)
    audit(session, at=now, entity="ticket", entity_id=ticket.id, action="created", ref=ticket.ref,
          sla_due=ticket.sla_due)
    return ticket


def ingest(session: Session, parsed, *, now: datetime, reply_hours: int = 24, origin: str = "") -> IngestResult:
    """Store one parsed message (idempotent) and attach it to its ticket; the caller commits."""
    raw = parsed.raw or b""
    key = dedupe_key(parsed.message_id, raw)
    existing = session.execute(select(Message.id, Message.ticket_id).where(Message.dedupe_key == key)).first()
    if existing:
        ticket_ref = session.scalar(select(Ticket.ref).where(Ticket.id == existing[1])) or ""
        return IngestResult(existing[0], ticket_ref, created=False)
    try:
        # A savepoint: when a parallel importer stores the same mail first, nothing of ours stays.
        with session.begin_nested():
            return _store(session, parsed, key=key, now=now, reply_hours=reply_hours, origin=origin)
    except IntegrityError:
        row = session.execute(select(Message.id, Message.ticket_id).where(Message.dedupe_key == key)).first()
        if row is None:
            raise
        ticket_ref = session.scalar(select(Ticket.ref).where(Ticket.id == row[1])) or ""
        return IngestResult(row[0], ticket_ref, created=False)


def without_nul(value: Any) -> Any:
    """NUL characters (seen in broken mail) cannot be stored in PostgreSQL text: show them as U+FFFD.
    The raw bytes keep the original."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, tuple):
        return tuple(without_nul(v) for v in value)
    if isinstance(value, dict):
        return {k: without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_nul(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: without_nul(getattr(value, f.name)) for f in dataclasses.fields(value)
                   if isinstance(getattr(value, f.name), (str, tuple)) or
                   dataclasses.is_dataclass(getattr(value, f.name))}
        return dataclasses.replace(value, **changes)
    return value


def _store(session: Session, parsed, *, key: str, now: datetime, reply_hours: int, origin: str) -> IngestResult:
    raw = parsed.raw or b""
    parsed = without_nul(parsed)
    defects = list(parsed.errors)
    detection_failed = False
    try:
        secrets = secret_values(parsed)
    except ImportError:
        raise
    except Exception as exc:  # a crash in detection must not lose the mail: keep it, flagged and safe
        secrets, detection_failed = [], True
        defects.append(f"secret detection failed: {type(exc).__name__}: {exc}")
    masked = mask_raw(raw, secrets)
    stored_raw = masked.raw
    if detection_failed:
        stored_raw = headers_only(raw)
    elif masked.unfound:
        stored_raw = headers_only(raw)
        defects.append("raw body withheld: secret(s) " + ", ".join(masked.unfound) + " could not be masked in place")

    stored_json = masked_json(parsed, secrets)     # H3: subject and texts with secrets masked
    received = utc(parsed.date) or now
    if received > now + timedelta(hours=1):   # a sender's clock in the future must not stretch the SLA
        defects.append(f"date {received.isoformat()} is in the future; using the time of import")
        received = now
    customer = upsert_customer(session, parsed.sender, parsed.from_.name, received)
    ticket = find_ticket(session, parsed, customer)
    reopened = False
    if ticket is None:
        ticket = new_ticket(session, customer=customer, subject=stored_json["subject"], thread_key=thread_root(parsed),
                            received=received, reply_hours=reply_hours, now=now)
    elif ticket.status == CLOSED:
        # READ-DUP repeat: the customer is back on a closed matter; reopen with a fresh SLA.
        ticket.status = OPEN
        ticket.closed_at = None
        ticket.repeats += 1
        ticket.sla_due = sla.due_at(received, reply_hours)
        ticket.first_reply_at = None
        reopened = True
        audit(session, at=now, entity="ticket", entity_id=ticket.id, action="reopened",
              by_message=parsed.message_id)
    if received > ticket.last_message_at:
        ticket.last_message_at = received
    if ticket.status not in (NEW, CLOSED) and not reopened:
        ticket.status = OPEN
    message = Message(
        ticket_id=ticket.id, customer_id=customer.id if customer else None, direction="in",
        message_id=norm_id(parsed.message_id)[:500], in_reply_to=norm_id(parsed.in_reply_to)[:500],
        thread_key=thread_root(parsed)[:500], dedupe_key=key, content_hash=hashlib.sha256(raw).hexdigest(),
        raw=stored_raw, raw_masked=masked.masked, source=without_nul(origin or parsed.source)[:1000],
        sender=parsed.sender[:320], subject=stored_json["subject"][:1000], received_at=received,
        parsed=stored_json, analysis=None, status="new",
        malformed=bool(defects), defects=defects)
    session.add(message)
    session.flush()
    audit(session, at=now, entity="message", entity_id=message.id, action="stored", ticket=ticket.ref,
          malformed=bool(defects), secrets_masked=masked.masked)
    return IngestResult(message.id, ticket.ref, created=True, reopened=reopened, malformed=bool(defects))
