"""``tactful process``: analyse, draft and review stored messages (the pure pipeline over raw bytes).

A message is claimed with a lease before work starts, so two workers never process the same
message and a worker killed mid-job leaves a lease that expires and lets another take over.
Reprocessing is re-running the pure pipeline over the stored (masked) bytes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Sequence

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from tactful.desk.audit import audit
from tactful.desk.ids import norm_id
from tactful.desk.models import (CLOSED, NEW, OPEN, Draft, JobRun, Message, Review, Ticket)
from tactful.desk.workflow import (maybe_queue_ack, update_ticket_from_analysis, merge_into)

LEASE = timedelta(minutes=5)


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
    q = (select(Message.id).where(Message.direction == "in")
         .where(or_(Message.status == "new",
                    (Message.status == "processing") & (Message.lease_until < now)))
         .order_by(Message.received_at, Message.id))
    if limit:
        q = q.limit(limit)
    return list(session.scalars(q))


def claim(session: Session, message_pk: int, *, now: datetime, lease: timedelta = LEASE, owner: str = "") -> bool:
    """Take the message for processing; False when someone else holds it or it is done."""
    result = session.execute(
        update(Message)
        .where(Message.id == message_pk)
        .where(or_(Message.status == "new", (Message.status == "processing") & (Message.lease_until < now)))
        .values(status="processing", lease_until=now + lease, lease_owner=owner or None,
                process_runs=Message.process_runs + 1))
    session.commit()
    return result.rowcount == 1


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
        return Pipeline(parse, analyze_many, compose, review, context)


def reparse(message: Message, parse: Callable):
    """The ParsedMessage of a stored message, from its (masked) raw bytes."""
    parsed = parse(message.raw, source=f"desk:{message.id}")
    return dataclasses.replace(parsed, source=f"desk:{message.id}")


def history_messages(session: Session, message: Message, *, days: int) -> list[Message]:
    """Earlier analysed messages of the same sender (READ-DUP needs them to find dups/repeats)."""
    if not message.sender:
        return []
    since = message.received_at - timedelta(days=days)
    return list(session.scalars(
        select(Message).where(Message.sender == message.sender, Message.id != message.id,
                              Message.direction == "in", Message.status.in_(("done", "duplicate")),
                              Message.received_at >= since, Message.received_at <= message.received_at)
        .order_by(Message.received_at.desc()).limit(20)))


def analysis_json(analysis) -> dict[str, Any]:
    """The analysis for storage: the JSON contract plus the masked text, never the raw text (H3)."""
    data = analysis.to_json()
    data["masked_text"] = analysis.masked_text
    data["subject"] = analysis.subject
    return data


def process_one(session: Session, message_pk: int, *, shop, now: datetime, settings, worker: str = "",
                pipeline: Pipeline | None = None) -> ProcessReport:
    """Claim, analyse, draft and review one message; commits its own transactions."""
    report = ProcessReport()
    lease = timedelta(seconds=getattr(settings, "lease_seconds", LEASE.total_seconds()))
    if not claim(session, message_pk, now=now, lease=lease, owner=worker):
        report.skipped += 1
        return report
    started = now
    try:
        _process_claimed(session, message_pk, shop=shop, now=now, settings=settings, report=report,
                         pipe=(pipeline or Pipeline()).resolved(shop))
        session.add(JobRun(task="process", target_id=message_pk, worker=worker, status="done",
                           started_at=started, finished_at=now))
        session.commit()
    except Exception as exc:
        session.rollback()
        session.execute(update(Message).where(Message.id == message_pk)
                        .values(status="failed", lease_until=None))  # kept; the error is in job_runs
        session.add(JobRun(task="process", target_id=message_pk, worker=worker, status="failed",
                           started_at=started, finished_at=now, detail=f"{type(exc).__name__}: {exc}"))
        audit(session, at=now, entity="message", entity_id=message_pk, action="process_failed",
              error=f"{type(exc).__name__}: {exc}")
        session.commit()
        report.failed += 1
    return report


def _process_claimed(session: Session, message_pk: int, *, shop, now, settings, report, pipe: Pipeline) -> None:
    context = pipe.context

    message = session.get(Message, message_pk)
    parsed = reparse(message, pipe.parse)
    history = history_messages(session, message, days=context.repeat_window_days)
    by_key: dict[str, Message] = {}
    batch = [parsed]
    for old in history:
        batch.append(reparse(old, pipe.parse))
        by_key[f"desk:{old.id}"] = old
        if old.message_id:
            by_key.setdefault(norm_id(old.message_id), old)
    analyses = pipe.analyze_many(batch, context)
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
        return

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
        refresh_profile(session, message.sender, shop=shop, now=now)   # PROFILE-5 from the orders
    if parsed.is_auto_reply:
        # An out-of-office or delivery report is kept on the ticket but never answered (mail loops).
        message.status = "done"
        message.lease_until = None
        audit(session, at=now, entity="message", entity_id=message.id, action="auto_reply_not_answered",
              ticket=ticket.ref)
        report.processed += 1
        return
    ticket_history = [h for h in history if h.ticket_id == ticket.id]
    update_ticket_from_analysis(session, ticket, analysis, now=now, settings=settings,
                                supplied_missing=_supplied_missing(ticket_history, analysis))
    maybe_queue_ack(session, ticket, message, analysis, shop=shop, now=now, settings=settings)

    history_analyses = [a for a in analyses if a.source != f"desk:{message.id}"
                        and by_key.get(a.source) is not None and by_key[a.source].ticket_id == ticket.id]
    draft = pipe.compose(analysis, shop, now=now, history=history_analyses, ticket_ref=ticket.ref)
    result = pipe.review(draft.body, analysis, shop=shop, sent_at=now, disabled=getattr(shop, "disabled_rules", ()))
    row = Draft(ticket_id=ticket.id, message_id=message.id, language=draft.language, subject=draft.subject,
                body=draft.body, plan=[s.to_json() for s in draft.plan], status="reviewed", created_at=now)
    session.add(row)
    session.flush()
    session.add(Review(draft_id=row.id, score=result.score, passed=result.passed,
                       findings=[f.to_json() for f in result.findings], created_at=now))
    audit(session, at=now, entity="draft", entity_id=row.id, action="drafted", ticket=ticket.ref,
          review_passed=result.passed, score=result.score)
    if ticket.status == NEW:
        ticket.status = OPEN
    message.status = "done"
    message.lease_until = None
    report.processed += 1
    report.drafted += 1


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
                    worker: str = "embedded", pipeline: Pipeline | None = None) -> ProcessReport:
    """The embedded runner: process every waiting message in this process."""
    report = ProcessReport()
    for pk in pending_ids(session, now=now, limit=limit):
        report.add(process_one(session, pk, shop=shop, now=now, settings=settings, worker=worker,
                                      pipeline=pipeline))
    return report
