"""``tactful process``: analyse, draft and review stored messages (the pure pipeline over raw bytes).

Messages are claimed with a lease before work starts, so two workers never process the same
message and a worker killed mid-job leaves a lease that expires and lets another take over.
Reprocessing is re-running the pure pipeline over the stored (masked) bytes.

Work goes in batches (``process_batch``): one claim, one load of the messages, their tickets,
customers and READ-DUP history, the pure stages per message in date order, and one commit for
the batch. If anything in a batch fails, the batch is rolled back and each of its messages is
processed again on its own, so one bad message fails alone and the others still get drafts.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Sequence

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from tactful.desk.audit import audit
from tactful.desk.ids import norm_id
from tactful.desk.models import CLOSED, NEW, OPEN, Customer, Draft, JobRun, Message, Review, Ticket
from tactful.desk.workflow import (maybe_queue_ack, update_ticket_from_analysis, merge_into)

LEASE = timedelta(minutes=5)
HISTORY_LIMIT = 20          # READ-DUP: a sender's earlier messages analysed with a new one


@dataclass
class ProcessReport:
    processed: int = 0
    duplicates: int = 0
    drafted: int = 0
    failed: int = 0
    skipped: int = 0

    def add(self, other: "ProcessReport") -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def pending_ids(session: Session, *, now: datetime, limit: int | None = None) -> list[int]:
    """Messages waiting for analysis, oldest first (expired leases count as waiting)."""
    return [pk for pk, _sender in pending_rows(session, now=now, limit=limit)]


def claim_many(session: Session, message_pks: Sequence[int], *, now: datetime, lease: timedelta = LEASE,
               owner: str = "") -> list[int]:
    """Take every message of ``message_pks`` that is free (one statement, committed); returns the
    ids this worker now holds. Messages done or leased by someone else are left alone."""
    if not message_pks:
        return []
    claimable = or_(Message.status == "new", (Message.status == "processing") & (Message.lease_until < now))
    result = session.execute(
        update(Message).where(Message.id.in_(list(message_pks))).where(claimable)
        .values(status="processing", lease_until=now + lease, lease_owner=owner or None,
                process_runs=Message.process_runs + 1)
        .returning(Message.id))
    held = sorted(result.scalars())
    session.commit()
    return held


@dataclass
class Pipeline:
    """The pure stages the desk runs; defaults are the real ones, tests may pass fakes."""

    parse: Callable | None = None          # (raw, source) -> ParsedMessage
    analyze_many: Callable | None = None   # (messages, context) -> list[Analysis]
    compose: Callable | None = None        # (analysis, shop, *, now, history, ticket_ref) -> Draft
    review: Callable | None = None         # (reply, analysis, *, shop, sent_at, disabled) -> ReviewResult
    context: Any = None                    # AnalysisContext

    def resolved(self, shop) -> "Pipeline":
        parse, analyze_many, compose, review, context = (self.parse, self.analyze_many, self.compose,
                                                          self.review, self.context)
        if parse is None:
            from tactful.mail import parse_bytes as parse
        if analyze_many is None:
            from tactful.understand import analyze_many
        if compose is None:
            from tactful.compose import compose
        if review is None:
            from tactful.review import review
        if context is None:
            from tactful.compose import context_for
            context = context_for(shop)
        return ResolvedPipeline(parse, analyze_many, compose, review, context)


@dataclass
class ResolvedPipeline(Pipeline):
    """A pipeline with every stage and the shop's analysis context filled in (built once per shop
    and reused for every batch: ``context_for`` walks all of the shop's orders)."""

    def resolved(self, shop) -> "ResolvedPipeline":
        return self


REAL_STAGES = Pipeline()


def reparse(message: Message, parse: Callable):
    """The ParsedMessage of a stored message, from its (masked) raw bytes."""
    parsed = parse(message.raw, source=f"desk:{message.id}")
    return dataclasses.replace(parsed, source=f"desk:{message.id}")


def analysis_json(analysis) -> dict[str, Any]:
    """The analysis for storage: the JSON contract plus the masked text, never the raw text (H3)."""
    data = analysis.to_json()
    data["masked_text"] = analysis.masked_text
    data["subject"] = analysis.subject
    return data


def process_one(session: Session, message_pk: int, *, shop, now: datetime, settings, worker: str = "",
                pipeline: Pipeline | None = None) -> ProcessReport:
    """Claim, analyse, draft and review one message; commits its own transactions."""
    return process_batch(session, [message_pk], shop=shop, now=now, settings=settings, worker=worker,
                         pipeline=pipeline)


def process_batch(session: Session, message_pks: Sequence[int], *, shop, now: datetime, settings,
                  worker: str = "", pipeline: Pipeline | None = None, concise: bool | None = None) -> ProcessReport:
    """Claim the free messages of ``message_pks``, then analyse, draft and review them in one
    transaction; commits. Messages another worker holds or that are done count as skipped.
    ``concise``: VOLUME drafts (None: measure the desk's volume now)."""
    report = ProcessReport()
    lease = timedelta(seconds=getattr(settings, "lease_seconds", LEASE.total_seconds()))
    held = claim_many(session, message_pks, now=now, lease=lease, owner=worker)
    report.skipped += len(set(message_pks)) - len(held)
    if not held:
        return report
    pipe = pipeline if isinstance(pipeline, ResolvedPipeline) else (pipeline or Pipeline()).resolved(shop)
    if concise is None:
        from tactful.desk.volume import measure
        concise = measure(session, settings).on
    batch = ProcessReport()
    try:
        _process_held(session, held, shop=shop, now=now, settings=settings, report=batch, pipe=pipe,
                      worker=worker, concise=concise)
        session.commit()
        report.add(batch)
        return report
    except Exception as exc:
        session.rollback()
        if len(held) == 1:
            _record_failure(session, held[0], exc, now=now, worker=worker)
            report.failed += 1
            return report
    # Something in the batch failed: each message again on its own (still ours: the claim holds),
    # so the failure stays with the message that caused it.
    for pk in held:
        alone = ProcessReport()
        try:
            _process_held(session, [pk], shop=shop, now=now, settings=settings, report=alone, pipe=pipe,
                          worker=worker, concise=concise)
            session.commit()
            report.add(alone)
        except Exception as exc:
            session.rollback()
            _record_failure(session, pk, exc, now=now, worker=worker)
            report.failed += 1
    return report


def _record_failure(session: Session, message_pk: int, exc: Exception, *, now: datetime, worker: str) -> None:
    session.execute(update(Message).where(Message.id == message_pk)
                    .values(status="failed", lease_until=None))  # kept; the error is in job_runs
    session.add(JobRun(task="process", target_id=message_pk, worker=worker, status="failed",
                       started_at=now, finished_at=now, detail=f"{type(exc).__name__}: {exc}"))
    audit(session, at=now, entity="message", entity_id=message_pk, action="process_failed",
          error=f"{type(exc).__name__}: {exc}")
    session.commit()


class _Batch:
    """What a batch loads once: its messages, their tickets and customers, the READ-DUP history of
    their senders, and each message parsed once (a message of the batch is history for the next)."""

    def __init__(self, session: Session, pks: Sequence[int], *, pipe: "ResolvedPipeline", now: datetime,
                 settings) -> None:
        self.session = session
        self.pipe = pipe
        self.messages = sorted(session.scalars(select(Message).where(Message.id.in_(list(pks)))),
                               key=lambda m: (m.received_at, m.id))
        ticket_ids = {m.ticket_id for m in self.messages if m.ticket_id is not None}
        # Held here: the session's identity map only keeps weak references, and session.get finds
        # these without a query as long as they live.
        self.tickets = list(session.scalars(select(Ticket).where(Ticket.id.in_(ticket_ids)))) if ticket_ids else []
        senders = {m.sender for m in self.messages if m.sender}
        self.customers: dict[str, Customer] = {}
        if senders:
            self.customers = {c.email: c for c in session.scalars(select(Customer).where(Customer.email.in_(senders)))}
        self.history: list[Message] = []
        if senders:
            self.history = self._load_history(session, senders, days=pipe.context.repeat_window_days)
        self._parsed: dict[int, Any] = {}
        # ESCALATE surge: tickets arrive at import, so the tickets received inside the window now
        # bound every intent's count for this batch; below the surge count no query is needed.
        window_start = now - timedelta(minutes=settings.surge_window_minutes)
        self.window_tickets = session.scalar(select(func.count()).select_from(Ticket).where(
            Ticket.received_at >= window_start, Ticket.received_at <= now)) or 0

    def _load_history(self, session: Session, senders: set[str], *, days: int) -> list[Message]:
        """The senders' analysed mail in the READ-DUP window: per sender the HISTORY_LIMIT most
        recent (plus one per message of theirs in this batch), so a mail loop cannot flood it."""
        per_sender: dict[str, int] = {}
        for m in self.messages:
            per_sender[m.sender] = per_sender.get(m.sender, 0) + 1
        rank = func.row_number().over(partition_by=Message.sender, order_by=Message.received_at.desc()).label("rank")
        ranked = (select(Message.id, rank)
                  .where(Message.sender.in_(senders), Message.direction == "in",
                         Message.status.in_(("done", "duplicate")),
                         Message.received_at >= min(m.received_at for m in self.messages) - timedelta(days=days),
                         Message.received_at <= max(m.received_at for m in self.messages))
                  .subquery())
        ids = select(ranked.c.id).where(ranked.c.rank <= HISTORY_LIMIT + max(per_sender.values()))
        own = {m.id for m in self.messages}
        return [h for h in session.scalars(select(Message).where(Message.id.in_(ids))) if h.id not in own]

    def parsed(self, message: Message):
        if message.id not in self._parsed:
            self._parsed[message.id] = reparse(message, self.pipe.parse)
        return self._parsed[message.id]

    def history_of(self, message: Message, *, days: int) -> list[Message]:
        """Earlier analysed messages of the same sender within ``days``, newest first, at most
        HISTORY_LIMIT, including the ones this batch has just processed (READ-DUP needs them)."""
        if not message.sender:
            return []
        since = message.received_at - timedelta(days=days)
        pool = [h for h in self.history if h.sender == message.sender and h.id != message.id
                and h.status in ("done", "duplicate") and since <= h.received_at <= message.received_at]
        pool.sort(key=lambda h: h.received_at, reverse=True)
        return pool[:HISTORY_LIMIT]


def _process_held(session: Session, pks: Sequence[int], *, shop, now, settings, report, pipe, worker,
                  concise: bool = False) -> None:
    """Process messages this worker holds; the caller commits (or rolls back) the lot."""
    batch = _Batch(session, pks, pipe=pipe, now=now, settings=settings)
    drafted: list[tuple[Draft, Any, Ticket]] = []
    for message in batch.messages:
        result = _process_message(session, message, batch, shop=shop, now=now, settings=settings, report=report,
                                  concise=concise)
        if result is not None:
            drafted.append(result)
        batch.history.append(message)     # history for the sender's later messages in this batch
    session.flush()                          # the drafts get their ids: reviews point at them
    for row, verdict, ticket in drafted:
        session.add(Review(draft_id=row.id, score=verdict.score, passed=verdict.passed,
                           findings=[f.to_json() for f in verdict.findings], created_at=now))
        audit(session, at=now, entity="draft", entity_id=row.id, action="drafted", ticket=ticket.ref,
              review_passed=verdict.passed, score=verdict.score, **({"concise": True} if row.concise else {}))
    for message in batch.messages:
        session.add(JobRun(task="process", target_id=message.id, worker=worker, status="done",
                           started_at=now, finished_at=now))


def _process_message(session: Session, message: Message, batch: _Batch, *, shop, now, settings,
                     report, concise: bool = False) -> tuple[Draft, Any, Ticket] | None:
    """Analyse one held message with its history, fold it into its ticket, draft and review it.
    Returns the draft row (not yet flushed) with its review, or None when no draft is due."""
    pipe = batch.pipe
    context = pipe.context
    parsed = batch.parsed(message)
    history = batch.history_of(message, days=context.repeat_window_days)
    by_key: dict[str, Message] = {}
    analysed = [parsed]
    for old in history:
        analysed.append(batch.parsed(old))
        by_key[f"desk:{old.id}"] = old
        if old.message_id:
            by_key.setdefault(norm_id(old.message_id), old)
    analyses = pipe.analyze_many(analysed, context)
    analysis = next(a for a in analyses if a.source == f"desk:{message.id}")
    message.analysis = analysis_json(analysis)
    ticket = session.get(Ticket, message.ticket_id)

    original = _lookup(by_key, analysis.duplicate_of)
    if original is None:
        original = _supersede(session, message, analyses, by_key, now=now)
        ticket = session.get(Ticket, message.ticket_id)
    if original is not None and original.id != message.id:
        # READ-DUP: same content again: keep it on the original's ticket, answer once.
        message.status = "duplicate"
        message.duplicate_of_id = original.id
        message.lease_until = None
        merge_into(session, message, original.ticket_id, now=now, reason="duplicate")
        audit(session, at=now, entity="message", entity_id=message.id, action="duplicate",
              of_message=original.id)
        report.processed += 1
        report.duplicates += 1
        return None

    repeat = _lookup(by_key, analysis.repeat_of)
    if repeat is not None and repeat.ticket_id != message.ticket_id:
        merge_into(session, message, repeat.ticket_id, now=now, reason="repeat")
        ticket = session.get(Ticket, repeat.ticket_id)
    if repeat is not None:
        ticket.repeats += 1
        if ticket.status == CLOSED:
            ticket.status = OPEN
            ticket.closed_at = None
            audit(session, at=now, entity="ticket", entity_id=ticket.id, action="reopened", reason="repeat")

    if message.sender and hasattr(shop, "orders_for"):
        from tactful.desk.customers import refresh_profile
        refresh_profile(session, message.sender, shop=shop, now=now,   # PROFILE-5 from the orders
                        customer=batch.customers.get(message.sender.strip().lower()))
    if parsed.is_auto_reply:
        # An out-of-office or delivery report is kept on the ticket but never answered (mail loops).
        message.status = "done"
        message.lease_until = None
        audit(session, at=now, entity="message", entity_id=message.id, action="auto_reply_not_answered",
              ticket=ticket.ref)
        report.processed += 1
        return None
    ticket_history = [h for h in history if h.ticket_id == ticket.id]
    update_ticket_from_analysis(session, ticket, analysis, now=now, settings=settings,
                                supplied_missing=_supplied_missing(ticket_history, analysis),
                                surge_possible=batch.window_tickets >= settings.surge_count)
    maybe_queue_ack(session, ticket, message, analysis, shop=shop, now=now, settings=settings)

    history_analyses = [a for a in analyses if a.source != f"desk:{message.id}"
                        and by_key.get(a.source) is not None and by_key[a.source].ticket_id == ticket.id]
    draft = pipe.compose(analysis, shop, now=now, history=history_analyses, ticket_ref=ticket.ref, concise=concise)
    result = pipe.review(draft.body, analysis, shop=shop, sent_at=now, disabled=getattr(shop, "disabled_rules", ()))
    row = Draft(ticket_id=ticket.id, message_id=message.id, language=draft.language, subject=draft.subject,
                body=draft.body, plan=[s.to_json() for s in draft.plan], status="reviewed", created_at=now,
                concise=concise)
    session.add(row)
    if ticket.status == NEW:
        ticket.status = OPEN
    message.status = "done"
    message.lease_until = None
    report.processed += 1
    report.drafted += 1
    return row, result, ticket


def _lookup(by_key: dict[str, Message], key: str | None) -> Message | None:
    """The history message an analysis points at (READ-DUP ids are Message-IDs or our sources)."""
    if not key:
        return None
    return by_key.get(key) or by_key.get(norm_id(key))


def _supersede(session: Session, message: Message, analyses, by_key: dict[str, Message], *,
               now: datetime) -> Message | None:
    """READ-DUP keeps the most complete mail: when this one supersedes an earlier duplicate, the
    earlier one stops being answered (its unsent draft is superseded). If the earlier answer is
    already on its way, this mail is the duplicate instead: never answer twice. Returns the
    message this one duplicates, if any."""
    own = {f"desk:{message.id}", norm_id(message.message_id)} - {""}
    for other in analyses:
        if other.source == f"desk:{message.id}" or norm_id(other.duplicate_of or "") not in own:
            continue
        old = by_key.get(other.source)
        if old is None or old.status == "duplicate":
            continue
        old_draft = session.scalars(select(Draft).where(Draft.message_id == old.id)).first()
        if old_draft is not None and old_draft.status not in ("reviewed", "approved"):
            return old
        if old_draft is not None:
            old_draft.status = "superseded"
        old.status = "duplicate"
        old.duplicate_of_id = message.id
        merge_into(session, message, old.ticket_id, now=now, reason="more complete duplicate")
        audit(session, at=now, entity="message", entity_id=old.id, action="duplicate",
              of_message=message.id, superseded_draft=old_draft.id if old_draft else None)
    return None


def _supplied_missing(history: Sequence[Message], analysis) -> bool:
    """COMPLAINT-4 'clarified': an earlier message lacked facts this one now gives."""
    asked = set()
    for old in history:
        if old.analysis:
            asked |= set(old.analysis.get("missing", []))
    if not asked:
        return False
    return not (asked & set(analysis.missing))


def retry_failed(session: Session, *, now: datetime) -> int:
    """Put messages whose processing failed back in the queue (after the cause was fixed)."""
    ids = list(session.scalars(select(Message.id).where(Message.status == "failed")))
    if ids:
        session.execute(update(Message).where(Message.id.in_(ids)).values(status="new", lease_until=None))
        for pk in ids:
            audit(session, at=now, entity="message", entity_id=pk, action="requeued")
        session.commit()
    return len(ids)


def process_pending(session: Session, *, shop, now: datetime, settings, limit: int | None = None,
                    worker: str = "embedded", pipeline: Pipeline | None = None,
                    concise: Callable[[], bool] | bool | None = None) -> ProcessReport:
    """The embedded runner: process every waiting message in this process, batch by batch
    (``concise``: VOLUME, asked again before each batch when it is a function)."""
    report = ProcessReport()
    rows = pending_rows(session, now=now, limit=limit)
    for pks in batches(rows, size=getattr(settings, "batch_size", 20)):
        report.add(process_batch(session, pks, shop=shop, now=now, settings=settings, worker=worker,
                                 pipeline=pipeline, concise=concise() if callable(concise) else concise))
    return report


def pending_rows(session: Session, *, now: datetime, limit: int | None = None) -> list[tuple[int, str]]:
    """(id, sender) of the messages waiting for analysis, oldest first."""
    q = (select(Message.id, Message.sender).where(Message.direction == "in")
         .where(or_(Message.status == "new",
                    (Message.status == "processing") & (Message.lease_until < now)))
         .order_by(Message.received_at, Message.id))
    if limit:
        q = q.limit(limit)
    return [(pk, sender) for pk, sender in session.execute(q)]


MAX_SENDER_BATCH = 200


def batches(rows: Sequence[tuple[int, str]], *, size: int) -> list[list[int]]:
    """Waiting messages (oldest first) cut into batches of about ``size``. One sender's messages
    stay in one batch, in order (up to MAX_SENDER_BATCH), so READ-DUP sees a resent mail right
    after the first copy instead of in a parallel worker's transaction."""
    size = max(1, size)
    groups: dict[str, list[int]] = {}
    order: list[list[int]] = []
    for pk, sender in rows:
        key = (sender or "").lower()
        group = groups.get(key) if key else None
        if group is None or len(group) >= MAX_SENDER_BATCH:
            group = []
            order.append(group)
            if key:
                groups[key] = group
        group.append(pk)
    out: list[list[int]] = []
    current: list[int] = []
    for group in order:
        if current and len(current) + len(group) > size:
            out.append(current)
            current = []
        current.extend(group)
    if current:
        out.append(current)
    return out
