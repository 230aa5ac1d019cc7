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
from typing import Any, Sequence

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


def ingest(session: Session, parsed, *, now: datetime, reply_hours: int = 24, origin: str = "") -> IngestResult:
    """Store one parsed message (idempotent) and attach it to its ticket; the caller commits."""
    return ingest_many(session, [parsed], now=now, reply_hours=reply_hours, origins=[origin])[0]


def ingest_many(session: Session, messages: Sequence, *, now: datetime, reply_hours: int = 24,
                origins: Sequence[str] | None = None) -> list[IngestResult]:
    """Store a batch of parsed messages (idempotent, in order) with a handful of queries for the
    whole batch instead of a dozen per message; the caller commits.

    The batch runs in a savepoint. When a parallel importer stored one of the same mails (or
    created the same customer) first, the savepoint is rolled back and the batch is stored again
    one message at a time, so nothing is lost or stored twice.
    """
    messages = list(messages)
    origins = list(origins) if origins is not None else [""] * len(messages)
    if not messages:
        return []
    try:
        with session.begin_nested():
            return _store_batch(session, messages, origins, now=now, reply_hours=reply_hours)
    except IntegrityError:
        if len(messages) > 1:
            return [ingest(session, m, now=now, reply_hours=reply_hours, origin=o) for m, o in zip(messages, origins)]
    # One message collided with a concurrent importer: it stored this mail (we return its row),
    # or it created the same customer first (now committed: storing again finds it).
    key = dedupe_key(messages[0].message_id, messages[0].raw or b"")
    row = session.execute(select(Message.id, Message.ticket_id).where(Message.dedupe_key == key)).first()
    if row is not None:
        ticket_ref = session.scalar(select(Ticket.ref).where(Ticket.id == row[1])) or ""
        return [IngestResult(row[0], ticket_ref, created=False)]
    with session.begin_nested():
        return _store_batch(session, messages, origins, now=now, reply_hours=reply_hours)


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


@dataclass
class _Incoming:
    """One new message of a batch, prepared for storage (pure work done, no queries yet)."""

    index: int
    parsed: Any                      # the ParsedMessage with NULs replaced
    key: str
    content_hash: str
    origin: str
    stored_raw: bytes
    stored_json: dict[str, Any]
    masked: int
    defects: list[str]
    received: datetime
    email: str
    thread_key: str
    reply_ids: list[str]


def _prepare(index: int, parsed, key: str, origin: str, *, now: datetime) -> _Incoming:
    """Secrets masked (H3), defects collected, the dates checked: everything but the database."""
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
    received = utc(parsed.date) or now
    if received > now + timedelta(hours=1):   # a sender's clock in the future must not stretch the SLA
        defects.append(f"date {received.isoformat()} is in the future; using the time of import")
        received = now
    reply_ids = [norm_id(i) for i in (parsed.in_reply_to, *reversed(parsed.references)) if norm_id(i)]
    return _Incoming(index=index, parsed=parsed, key=key, content_hash=hashlib.sha256(raw).hexdigest(),
                     origin=origin, stored_raw=stored_raw,
                     stored_json=masked_json(parsed, secrets),    # H3: subject and texts with secrets masked
                     masked=masked.masked, defects=defects, received=received,
                     email=(parsed.sender or "").lower(), thread_key=thread_root(parsed), reply_ids=reply_ids)


def _store_batch(session: Session, messages: list, origins: list[str], *, now: datetime,
                 reply_hours: int) -> list[IngestResult]:
    """``ingest_many`` without the savepoint: look up everything the batch needs in one query per
    kind, decide each message's ticket in order (a reply may thread onto a ticket opened earlier
    in the same batch), then insert customers, tickets and messages, one flush each."""
    keys = [dedupe_key(m.message_id, m.raw or b"") for m in messages]
    stored = {k: (pk, tid) for k, pk, tid in session.execute(
        select(Message.dedupe_key, Message.id, Message.ticket_id).where(Message.dedupe_key.in_(set(keys))))}
    ticket_refs = dict(session.execute(select(Ticket.id, Ticket.ref).where(
        Ticket.id.in_({tid for _pk, tid in stored.values() if tid is not None}))).all()) if stored else {}

    incoming: list[_Incoming] = []
    first_of_key: dict[str, int] = {}
    for i, (parsed, key) in enumerate(zip(messages, keys)):
        if key in stored or key in first_of_key:
            continue
        first_of_key[key] = i
        incoming.append(_prepare(i, parsed, key, origins[i], now=now))

    # --- lookups for the whole batch -------------------------------------------------------------
    emails = {m.email for m in incoming if m.email}
    customers = {c.email: c for c in session.scalars(select(Customer).where(Customer.email.in_(emails)))} if emails else {}
    subject_refs = {r for r in (find_ref(m.parsed.subject) for m in incoming) if r}
    by_ref = {t.ref: t for t in session.scalars(select(Ticket).where(Ticket.ref.in_(subject_refs)))} if subject_refs else {}
    reply_ids = {i for m in incoming for i in m.reply_ids}
    replied: dict[str, list[tuple[datetime, int]]] = {}
    if reply_ids:
        for mid, tid, at in session.execute(select(Message.message_id, Message.ticket_id, Message.received_at).where(
                Message.message_id.in_(reply_ids), Message.ticket_id.is_not(None))):
            replied.setdefault(mid, []).append((at, tid))
    thread_keys = {m.thread_key for m in incoming if m.thread_key and m.email in customers}
    by_thread: dict[tuple[str, int], Ticket] = {}
    if thread_keys:
        for t in session.scalars(select(Ticket).where(
                Ticket.thread_key.in_(thread_keys),
                Ticket.customer_id.in_({customers[m.email].id for m in incoming if m.email in customers}))
                .order_by(Ticket.id)):
            by_thread[(t.thread_key, t.customer_id)] = t          # the newest ticket of a thread wins
    wanted = {tid for rows in replied.values() for _at, tid in rows}
    tickets = {t.id: t for t in [*by_ref.values(), *by_thread.values()]}
    missing = wanted - set(tickets)
    if missing:
        tickets.update({t.id: t for t in session.scalars(select(Ticket).where(Ticket.id.in_(missing)))})

    # --- customers (TRACK): new ones get their ids in one flush ------------------------------------
    new_customers = []
    for m in incoming:
        if not m.email:
            continue
        customer = customers.get(m.email)
        if customer is None:
            customer = Customer(email=m.email, name=m.parsed.from_.name, extended={}, derived={},
                                first_seen=m.received, last_seen=m.received)
            customers[m.email] = customer
            new_customers.append(customer)
            session.add(customer)
        else:
            if m.parsed.from_.name and not customer.name:
                customer.name = m.parsed.from_.name
            if customer.last_seen is None or m.received > customer.last_seen:
                customer.last_seen = m.received
    if new_customers:
        session.flush()
        for c in new_customers:
            audit(session, at=now, entity="customer", entity_id=c.id, action="created", email=c.email)

    # --- threading (TRACK), in order: earlier mail of the batch counts as stored -------------------
    placed: list[tuple[_Incoming, Ticket, bool]] = []
    new_tickets: list[Ticket] = []
    for m in incoming:
        customer = customers.get(m.email)
        ticket = _find_ticket(m, customer, by_ref, replied, tickets, by_thread)
        reopened = False
        if ticket is None:
            ticket = Ticket(ref=f"TF-tmp-{uuid.uuid4().hex[:12]}", customer_id=customer.id if customer else None,
                            subject=m.stored_json["subject"][:500], thread_key=m.thread_key[:500], status=NEW,
                            intents=[], escalation={}, received_at=m.received,
                            sla_due=sla.due_at(m.received, reply_hours), last_message_at=m.received)
            # The ref derives from the row id, known only after the insert; a unique placeholder
            # keeps concurrent importers from waiting on each other's uncommitted rows.
            session.add(ticket)
            new_tickets.append(ticket)
            if customer is not None and m.thread_key:
                by_thread[(m.thread_key, customer.id)] = ticket   # newer than any stored one
        elif ticket.status == CLOSED:
            # READ-DUP repeat: the customer is back on a closed matter; reopen with a fresh SLA.
            ticket.status = OPEN
            ticket.closed_at = None
            ticket.repeats += 1
            ticket.sla_due = sla.due_at(m.received, reply_hours)
            ticket.first_reply_at = None
            reopened = True
            audit(session, at=now, entity="ticket", entity_id=ticket.id, action="reopened",
                  by_message=m.parsed.message_id)
        if m.received > ticket.last_message_at:
            ticket.last_message_at = m.received
        if ticket.status not in (NEW, CLOSED) and not reopened:
            ticket.status = OPEN
        for mid in {norm_id(m.parsed.message_id)} - {""}:
            replied.setdefault(mid, []).append((m.received, ticket))
        placed.append((m, ticket, reopened))
    if new_tickets:
        session.flush()
        for t in new_tickets:
            t.ref = format_ref(t.id)
            audit(session, at=now, entity="ticket", entity_id=t.id, action="created", ref=t.ref, sla_due=t.sla_due)

    # --- the messages themselves ------------------------------------------------------------------
    rows: list[tuple[_Incoming, Message, Ticket, bool]] = []
    for m, ticket, reopened in placed:
        customer = customers.get(m.email)
        p = m.parsed
        row = Message(
            ticket_id=ticket.id, customer_id=customer.id if customer else None, direction="in",
            message_id=norm_id(p.message_id)[:500], in_reply_to=norm_id(p.in_reply_to)[:500],
            thread_key=m.thread_key[:500], dedupe_key=m.key, content_hash=m.content_hash,
            raw=m.stored_raw, raw_masked=m.masked, source=without_nul(m.origin or p.source)[:1000],
            sender=p.sender[:320], subject=m.stored_json["subject"][:1000], received_at=m.received,
            parsed=m.stored_json, analysis=None, status="new", malformed=bool(m.defects), defects=m.defects)
        session.add(row)
        rows.append((m, row, ticket, reopened))
    if rows:
        session.flush()
    results: dict[int, IngestResult] = {}
    for m, row, ticket, reopened in rows:
        audit(session, at=now, entity="message", entity_id=row.id, action="stored", ticket=ticket.ref,
              malformed=bool(m.defects), secrets_masked=m.masked)
        results[m.index] = IngestResult(row.id, ticket.ref, created=True, reopened=reopened,
                                        malformed=bool(m.defects))
    out = []
    for i, key in enumerate(keys):
        if i in results:
            out.append(results[i])
        elif key in stored:
            pk, tid = stored[key]
            out.append(IngestResult(pk, ticket_refs.get(tid, ""), created=False))
        else:                       # the same mail twice in one batch: the first copy is the one kept
            first = results[first_of_key[key]]
            out.append(IngestResult(first.message_pk, first.ticket_ref, created=False))
    return out


def _find_ticket(m: _Incoming, customer: Customer | None, by_ref: dict[str, Ticket],
                 replied: dict[str, list[tuple[datetime, Any]]], tickets: dict[int, Ticket],
                 by_thread: dict[tuple[str, int], Ticket]) -> Ticket | None:
    """TRACK threading: a ticket ref in the subject, then In-Reply-To/References (the most recent
    message they name), then the thread key of the same customer."""
    ref = find_ref(m.parsed.subject)
    if ref and ref in by_ref:
        return by_ref[ref]
    candidates = [hit for i in m.reply_ids for hit in replied.get(i, ())]
    if candidates:
        _at, target = max(candidates, key=lambda hit: hit[0])
        return target if isinstance(target, Ticket) else tickets.get(target)
    if m.thread_key and customer is not None and customer.id is not None:
        return by_thread.get((m.thread_key, customer.id))
    return None
