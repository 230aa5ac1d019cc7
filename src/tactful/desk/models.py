"""The desk's tables (SQLAlchemy 2 ORM). Schema changes go through Alembic migrations.

TRACK: every customer and ticket has a unique id, every interaction hangs off its ticket, and
every change is written to ``audit_log``. Indexes are chosen for the paged ticket list at
1,000,000 tickets (status/queue/assignee filters, ordered by priority then SLA due time).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (JSON, BigInteger, Boolean, Date, Float, ForeignKey, Index, Integer,
                        LargeBinary, Numeric, String, Text, UniqueConstraint, false, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tactful.desk.timeutil import UTCDateTime

# BigInteger ids on PostgreSQL, plain INTEGER (rowid alias) on SQLite.
Id = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    pass


# Ticket statuses. "open" needs work; "answered" waits for the customer; "follow_up" waits for a
# scheduled FOLLOW check; "closed" is done.
NEW, OPEN, ANSWERED, FOLLOW_UP, CLOSED = "new", "open", "answered", "follow_up", "closed"
TICKET_STATUSES = (NEW, OPEN, ANSWERED, FOLLOW_UP, CLOSED)
OPEN_STATUSES = (NEW, OPEN, ANSWERED, FOLLOW_UP)


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    # PROFILE-5 extended: other contacts the customer chose to give (phone, messenger ...)
    extended: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    birthday: Mapped[date | None] = mapped_column(Date, nullable=True)
    purchase_count: Mapped[int] = mapped_column(Integer, default=0)
    total_spend: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    average_order: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    purchase_cycle_days: Mapped[float | None] = mapped_column(Float, nullable=True)
    currency: Mapped[str] = mapped_column(String(8), default="")
    derived: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    first_seen: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Incident(Base):
    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))           # "surge" | "fault"
    key: Mapped[str] = mapped_column(String(80))            # e.g. the intent that surged
    status: Mapped[str] = mapped_column(String(20), default="open")
    count: Mapped[int] = mapped_column(Integer, default=0)  # tickets / customers affected
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    __table_args__ = (Index("ix_incidents_kind_key_status", "kind", "key", "status"),)


class Ticket(Base):
    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    ref: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), nullable=True)
    subject: Mapped[str] = mapped_column(String(500), default="")
    thread_key: Mapped[str] = mapped_column(String(500), default="", index=True)
    status: Mapped[str] = mapped_column(String(20), default=NEW)
    complaint_stage: Mapped[str | None] = mapped_column(String(30), nullable=True)
    complaint_cause: Mapped[str | None] = mapped_column(String(40), nullable=True)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    intents: Mapped[list[str]] = mapped_column(JSON, default=list)
    primary_intent: Mapped[str] = mapped_column(String(40), default="")
    language: Mapped[str] = mapped_column(String(10), default="")
    queue: Mapped[str] = mapped_column(String(40), default="agents")
    assignee: Mapped[str | None] = mapped_column(String(80), nullable=True)
    reminders: Mapped[int] = mapped_column(Integer, default=0)
    repeats: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sla_due: Mapped[datetime] = mapped_column(UTCDateTime())
    first_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), nullable=True)
    escalation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    __table_args__ = (
        # The ticket list: filter by status (and queue/assignee), newest work first by priority/SLA.
        Index("ix_tickets_list", "status", text("priority DESC"), "sla_due", "id"),
        # The default list shows every ticket that is not closed: partial indexes in list order
        # let the database read the first page straight off the index at 1,000,000 tickets.
        Index("ix_tickets_open_list", text("priority DESC"), "sla_due", "id",
              postgresql_where=text("status <> 'closed'"), sqlite_where=text("status <> 'closed'")),
        Index("ix_tickets_open_queue", "queue", text("priority DESC"), "sla_due", "id",
              postgresql_where=text("status <> 'closed'"), sqlite_where=text("status <> 'closed'")),
        Index("ix_tickets_open_assignee", "assignee", text("priority DESC"), "sla_due", "id",
              postgresql_where=text("status <> 'closed'"), sqlite_where=text("status <> 'closed'")),
        Index("ix_tickets_sla", "first_reply_at", "sla_due"),
        Index("ix_tickets_customer", "customer_id"),
        Index("ix_tickets_received", "received_at"),
        Index("ix_tickets_intent_received", "primary_intent", "received_at"),
    )


class Message(Base):
    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), nullable=True)
    direction: Mapped[str] = mapped_column(String(3), default="in")    # "in" | "out"
    message_id: Mapped[str] = mapped_column(String(500), default="", index=True)
    in_reply_to: Mapped[str] = mapped_column(String(500), default="")
    thread_key: Mapped[str] = mapped_column(String(500), default="")
    # Idempotent import: sha256 over Message-ID and the body bytes (headers such as Received
    # differ between an mbox copy and an IMAP copy of the same mail; the body does not).
    dedupe_key: Mapped[str] = mapped_column(String(64), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64))               # sha256 of the raw bytes
    raw: Mapped[bytes] = mapped_column(LargeBinary)                     # secrets masked in place (H3)
    raw_masked: Mapped[int] = mapped_column(Integer, default=0)          # how many secrets were masked
    source: Mapped[str] = mapped_column(String(1000), default="")
    sender: Mapped[str] = mapped_column(String(320), default="")
    subject: Mapped[str] = mapped_column(String(1000), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    parsed: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    analysis: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # "new" -> "processing" -> "done"; "duplicate" (READ-DUP, not answered twice); "failed"
    status: Mapped[str] = mapped_column(String(20), default="new")
    malformed: Mapped[bool] = mapped_column(Boolean, default=False)
    defects: Mapped[list[str]] = mapped_column(JSON, default=list)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    lease_owner: Mapped[str | None] = mapped_column(String(120), nullable=True)   # which worker holds it
    process_runs: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (Index("ix_messages_status", "status", "received_at"),
                      Index("ix_messages_ticket", "ticket_id", "received_at"),
                      # READ-DUP history: a sender's recent mail, looked up for every processed message
                      Index("ix_messages_sender", "sender", "received_at"))


class Draft(Base):
    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    language: Mapped[str] = mapped_column(String(10), default="")
    subject: Mapped[str] = mapped_column(String(1000), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # "reviewed" -> "approved" -> "queued" -> "sent"; "rejected"
    status: Mapped[str] = mapped_column(String(20), default="reviewed")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    approved_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    forced: Mapped[bool] = mapped_column(Boolean, default=False)
    # VOLUME: written concise (no optional personal touches) because the desk was swamped
    concise: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    __table_args__ = (UniqueConstraint("message_id", name="uq_drafts_message"),)


class Review(Base):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    findings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Outbox(Base):
    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    # NULL for a NOTIFY notice, which belongs to an order rather than to a ticket.
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True, nullable=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))          # "reply" | "ack" | "follow_up" | "notice"
    to_addr: Mapped[str] = mapped_column(String(320))
    from_addr: Mapped[str] = mapped_column(String(320))
    message_id: Mapped[str] = mapped_column(String(500), unique=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)         # the complete RFC 5322 message
    # "queued" -> "sending" (committed before the SMTP talk) -> "sent"; "failed" after the last
    # retry (`tactful send --failed`); "unconfirmed" when a send was cut off after the mail may
    # have reached the server: held for an agent (`tactful send --unconfirmed`), never resent blindly
    status: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sending_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)   # this attempt began
    sending_by: Mapped[str | None] = mapped_column(String(120), nullable=True)          # host:pid sending it
    __table_args__ = (Index("ix_outbox_status", "status", "next_attempt_at"),)


class NoticeSent(Base):
    """NOTIFY: each proactive notice (by its stable key) is queued once."""

    __tablename__ = "notices_sent"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    order_id: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    to_addr: Mapped[str] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(10))
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(80), default="tactful")
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Id)
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)


class FollowUp(Base):
    __tablename__ = "follow_ups"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="pending")   # pending | done
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    outcome: Mapped[str] = mapped_column(Text, default="")


class HandoverNote(Base):
    __tablename__ = "handover_notes"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    author: Mapped[str] = mapped_column(String(80), default="")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ImapState(Base):
    __tablename__ = "imap_state"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    account: Mapped[str] = mapped_column(String(600), unique=True)   # user@host:port/folder
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class JobRun(Base):
    """Bookkeeping of background work: one row per job run (embedded or Procrastinate)."""

    __tablename__ = "job_runs"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    task: Mapped[str] = mapped_column(String(60))
    target_id: Mapped[int | None] = mapped_column(Id, nullable=True)
    worker: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(20), default="done")     # done | failed | skipped
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (Index("ix_job_runs_task_target", "task", "target_id"),)
