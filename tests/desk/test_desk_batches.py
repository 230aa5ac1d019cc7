"""Processing in batches: one transaction per batch, a bad message fails alone, a sender's mail
stays together, and the work per batch needs a few queries rather than a few per message."""

from __future__ import annotations

import dataclasses

from sqlalchemy import event, func, select

from desk_fakes import fake_pipeline, msg
from tactful.desk.models import Draft, JobRun, Message, Review
from tactful.desk.processing import batches


def test_one_broken_message_fails_alone_and_the_rest_of_its_batch_is_drafted(desk):
    real = fake_pipeline()

    def compose(analysis, shop, **kw):
        if "explode" in analysis.text:
            raise RuntimeError("compose blew up on this one")
        return real.compose(analysis, shop, **kw)

    desk.import_messages([msg(sender=f"c{i}@x", msgid=f"<b{i}@x>", body="Which size? explode" if i == 3 else "Which size?")
                          for i in range(6)])
    report = desk.process(pipeline=dataclasses.replace(real, compose=compose))
    assert (report.drafted, report.failed) == (5, 1)
    with desk.session() as s:
        states = dict(s.execute(select(Message.message_id, Message.status)).all())
        assert states.pop("b3@x") == "failed" and set(states.values()) == {"done"}
        assert s.scalar(select(func.count()).select_from(Draft)) == 5
        assert s.scalar(select(func.count()).select_from(Review)) == 5
        failed = s.scalars(select(JobRun).where(JobRun.status == "failed")).one()
        assert "compose blew up" in failed.detail


def test_a_senders_waiting_mail_stays_in_one_batch_in_order():
    rows = [(1, "a@x"), (2, "b@x"), (3, "a@x"), (4, "c@x"), (5, ""), (6, "b@x"), (7, "d@x")]
    assert batches(rows, size=3) == [[1, 3], [2, 6, 4], [5, 7]]
    assert batches(rows, size=100) == [[1, 3, 2, 6, 4, 5, 7]]
    assert [pk for b in batches(rows, size=1) for pk in b] == [1, 3, 2, 6, 4, 5, 7]


def test_a_resent_mail_in_the_same_batch_is_answered_once(desk):
    desk.import_messages([msg(msgid="<r1@x>", body="Where is my parcel 12345?"),
                          msg(msgid="<r2@x>", body="Where is my parcel 12345?", date="Mon, 02 Mar 2026 08:05:00 +0000")])
    report = desk.process()
    assert (report.drafted, report.duplicates) == (1, 1)


def test_processing_a_backlog_needs_a_few_queries_per_batch(desk):
    desk.settings = dataclasses.replace(desk.settings, batch_size=50, ack=False)
    # Yesterday's mail (a backlog: no surge window to watch, see test_desk_workflow for surges)
    desk.import_messages([msg(sender=f"q{i}@x", msgid=f"<q{i}@x>", body=f"Which size, order {30000 + i}?",
                              date="Sun, 01 Mar 2026 08:00:00 +0000") for i in range(50)])
    statements = []
    listener = lambda *args: statements.append(args[2])     # noqa: E731 - (conn, cursor, statement, ...)
    event.listen(desk.engine, "before_cursor_execute", listener)
    try:
        report = desk.process()
    finally:
        event.remove(desk.engine, "before_cursor_execute", listener)
    assert report.drafted == 50
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # claim, messages, tickets, customers, history, surge window: not one query per message
    assert len(selects) <= 10, selects
    if desk.engine.dialect.name == "postgresql":
        assert len(statements) < 40, statements       # inserts and updates go out many rows at a time


def test_a_prolific_senders_history_is_capped_and_a_resend_is_still_found(desk):
    from tactful.desk.processing import HISTORY_LIMIT
    earlier = [msg(msgid=f"<p{i}@x>", body=f"Question number {i}: which size, order {40000 + i}?",
                   date=f"Sun, 01 Mar 2026 {i // 2:02d}:{(i % 2) * 30:02d}:00 +0000") for i in range(HISTORY_LIMIT + 10)]
    desk.import_messages(earlier)
    desk.process()
    last = earlier[-1]
    desk.ingest(msg(msgid="<p-again@x>", body=last.text, date="Sun, 01 Mar 2026 14:40:00 +0000"))
    report = desk.process()
    assert (report.duplicates, report.drafted) == (1, 0)
