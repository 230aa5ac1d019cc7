"""Storage and import (TRACK, READ-DUP, H3) on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, inspect

from desk_fakes import eml, msg
from tactful.desk import db
from tactful.desk.models import AuditLog, Customer, Message, Ticket


def count(desk, model) -> int:
    with desk.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_migrations_create_every_table_and_are_idempotent(desk):
    db.upgrade(desk.engine)           # a second upgrade is a no-op
    assert db.current_revision(desk.engine) is not None
    tables = set(inspect(desk.engine).get_table_names())
    assert {"customers", "tickets", "messages", "drafts", "reviews", "outbox", "audit_log", "follow_ups",
            "handover_notes", "incidents", "imap_state", "job_runs"} <= tables


def test_import_is_idempotent_and_threads_replies(desk):
    first = msg(msgid="<a1@example.com>", subject="Where is my parcel", body="Where is order 12345?")
    reply = msg(msgid="<a2@example.com>", subject="Re: Where is my parcel", body="Any news?",
                in_reply_to="<a1@example.com>", references="<a1@example.com>",
                date="Mon, 02 Mar 2026 10:00:00 +0000")
    other = msg(sender="bob@example.org", name="Bob", msgid="<b1@example.org>", subject="Size", body="Which size?")
    report = desk.import_messages([first, reply, other])
    assert (report.stored, report.already) == (3, 0)
    again = desk.import_messages([first, reply, other])
    assert (again.stored, again.already) == (0, 3)
    assert count(desk, Message) == 3
    assert count(desk, Ticket) == 2          # the reply joined the first ticket
    assert count(desk, Customer) == 2
    with desk.session() as s:
        refs = {m.message_id: s.get(Ticket, m.ticket_id).ref for m in s.scalars(select(Message))}
    assert refs["a1@example.com"] == refs["a2@example.com"] == "TF-000001"
    assert refs["b1@example.org"] == "TF-000002"


def test_same_mail_with_other_transport_headers_is_not_stored_twice(desk):
    raw = eml(msgid="<x@example.com>", body="Hello, is the blue dress in stock?")
    desk.ingest(msg(msgid="<x@example.com>", body="Hello, is the blue dress in stock?"))
    # The IMAP copy carries a Received header the mbox copy did not have.
    from desk_fakes import parse
    copy = parse(b"Received: from mx.example.net by imap; Mon, 2 Mar 2026\r\n" + raw)
    result = desk.ingest(copy)
    assert not result.created
    assert count(desk, Message) == 1


def test_ticket_reference_in_subject_threads_without_headers(desk):
    desk.ingest(msg(msgid="<t1@example.com>", subject="Refund", body="Where is my refund?"))
    r = desk.ingest(msg(sender="ann.other@example.com", msgid="<t2@example.com>",
                        subject="Re: We have received your message [TF-000001]", body="Any update?"))
    assert r.ticket_ref == "TF-000001"


def test_secrets_are_masked_in_the_stored_raw_bytes(desk):
    card = "4111 1111 1111 1111"
    m = msg(msgid="<s1@example.com>", subject="Payment failed",
            body=f"My payment failed. My card is {card} and it expires 12/27.")
    result = desk.ingest(m)
    with desk.session() as s:
        stored = s.get(Message, result.message_pk)
        assert card.encode() not in stored.raw
        assert b"**** **** **** ****" in stored.raw
        assert len(stored.raw) == len(m.raw)          # masked in place: same length
        assert stored.raw_masked >= 1
        assert card not in str(stored.parsed)
        # Everything except the secret is kept byte for byte.
        assert stored.raw.replace(b"**** **** **** ****", card.encode()).startswith(m.raw[:40])


def test_base64_body_secret_is_masked_in_place(desk):
    import base64
    text = "Hello, my card number is 4111 1111 1111 1111, please charge it.\n"
    b64 = base64.encodebytes(text.encode()).decode()
    raw = ("From: Ann <ann@example.com>\r\nSubject: card\r\nMessage-ID: <b64@example.com>\r\n"
           "Date: Mon, 02 Mar 2026 08:00:00 +0000\r\nMIME-Version: 1.0\r\n"
           "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           + b64.replace("\n", "\r\n")).encode()
    from desk_fakes import parse
    result = desk.ingest(parse(raw))
    with desk.session() as s:
        stored = s.get(Message, result.message_pk).raw
    assert len(stored) == len(raw)
    decoded = parse(stored).text
    assert "4111" not in decoded and "my card number is" in decoded


def test_malformed_mail_is_stored_flagged_and_the_batch_goes_on(desk):
    from desk_fakes import parse
    broken = parse(b"this is not an email at all\r\n\x00\xff\xfe garbage", source="broken")
    good = msg(msgid="<ok@example.com>", body="Is this in stock?")
    report = desk.import_messages([broken, good])
    assert report.stored == 2 and report.malformed == 1
    with desk.session() as s:
        bad = s.scalars(select(Message).where(Message.malformed.is_(True))).one()
        assert bad.raw.startswith(b"this is not an email")
        assert bad.defects


def test_every_change_is_audited(desk):
    desk.ingest(msg(msgid="<au@example.com>", body="Hello"))
    with desk.session() as s:
        actions = {(a.entity, a.action) for a in s.scalars(select(AuditLog))}
    assert {("customer", "created"), ("ticket", "created"), ("message", "stored")} <= actions


def test_secret_in_the_subject_is_masked_everywhere(desk):
    card = "4111 1111 1111 1111"
    r = desk.ingest(msg(msgid="<subj@example.com>", subject=f"card {card} declined", body="Please help, payment failed."))
    with desk.session() as s:
        m = s.get(Message, r.message_pk)
        t = s.get(Ticket, m.ticket_id)
        assert card not in m.subject and card not in t.subject and card.encode() not in m.raw
        assert "declined" in t.subject


LIST_INDEXES = ("ix_tickets_list", "ix_tickets_open_list", "ix_tickets_open_queue", "ix_tickets_open_assignee")


def test_migrations_match_the_models_and_downgrade_cleanly(backend, tmp_path, request, pg_url):
    """Upgrading step by step gives exactly the tables the ORM expects; base <-> head round-trips."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine, text as sql

    from tactful.desk.db import make_engine, upgrade
    from tactful.desk.models import Base

    schema = None
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    else:
        request.getfixturevalue("pg_schema")          # fails clearly when PostgreSQL is down
        schema = f"tactful_mig_{tmp_path.name[-20:].replace('-', '_')}"
        with create_engine(pg_url).begin() as conn:
            conn.execute(sql(f'CREATE SCHEMA "{schema}"'))
        engine = make_engine(pg_url, schema=schema)
    try:
        for rev in ("0001", "0002", "head"):
            upgrade(engine, rev)
        with engine.connect() as conn:
            # Expression indexes cannot be compared by autogenerate: checked by name below.
            diffs = [d for d in compare_metadata(MigrationContext.configure(conn), Base.metadata)
                     if not (d[0] in ("add_index", "remove_index") and d[1].name in LIST_INDEXES)]
            if backend == "sqlite":
                names = set(conn.execute(sql("SELECT name FROM sqlite_master WHERE type = 'index'")).scalars())
            else:
                names = set(conn.execute(sql("SELECT indexname FROM pg_indexes WHERE schemaname = :s"),
                                         {"s": schema}).scalars())
        assert diffs == []
        assert set(LIST_INDEXES) <= names
        from alembic import command
        from tactful.desk.db import alembic_config
        command.downgrade(alembic_config(engine), "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        assert "tickets" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
        if schema:
            with create_engine(pg_url).begin() as conn:
                conn.execute(sql(f'DROP SCHEMA "{schema}" CASCADE'))


def test_nul_bytes_and_broken_headers_do_not_stop_the_batch(desk):
    from tactful.mail import parse_bytes
    weird = parse_bytes(b"From: \x00odd <a\x00b@example.com>\r\nSubject: bad\x00subject\r\n"
                        b"Message-ID: <nul@example.com>\r\n\r\nhello\x00world\r\n")
    good = msg(msgid="<after@example.com>", body="Is this in stock?")
    report = desk.import_messages([weird, good])
    assert report.stored == 2
    with desk.session() as s:
        stored = s.scalars(select(Message).where(Message.message_id == "nul@example.com")).one()
        assert b"\x00" in stored.raw                 # the original bytes are kept as they came


def test_the_same_mail_twice_in_one_batch_is_stored_once(desk):
    m = msg(msgid="<twice@example.com>", body="Is the scarf in stock?")
    report = desk.import_messages([m, m])
    assert (report.seen, report.stored, report.already) == (2, 1, 1)
    assert count(desk, Message) == 1 and count(desk, Ticket) == 1


def test_a_reply_in_the_same_batch_reopens_and_threads_like_one_by_one(desk):
    from tactful.desk.db import transaction
    from tactful.desk.workflow import close_ticket
    desk.ingest(msg(msgid="<c1@example.com>", subject="Parcel", body="Where is order 12345?"))
    with transaction(desk.sessions) as s:
        close_ticket(s, "TF-000001", actor="ann", now=desk.clock())
    report = desk.import_messages([
        msg(msgid="<c2@example.com>", subject="Re: Parcel", body="It still has not come.",
            in_reply_to="<c1@example.com>", date="Mon, 02 Mar 2026 10:00:00 +0000"),
        msg(msgid="<c3@example.com>", subject="Re: Parcel", body="Hello?", in_reply_to="<c2@example.com>",
            date="Mon, 02 Mar 2026 11:00:00 +0000"),
        msg(sender="new@example.com", msgid="<n1@example.com>", subject="Size", body="Which size?"),
        msg(sender="new@example.com", msgid="<n2@example.com>", subject="Re: Size", body="M or L?",
            in_reply_to="<n1@example.com>", date="Mon, 02 Mar 2026 08:30:00 +0000")])
    assert (report.stored, report.reopened) == (4, 1)
    with desk.session() as s:
        by_id = {m.message_id: s.get(Ticket, m.ticket_id) for m in s.scalars(select(Message))}
    assert by_id["c2@example.com"].ref == by_id["c3@example.com"].ref == "TF-000001"
    assert by_id["c3@example.com"].status == "open" and by_id["c3@example.com"].repeats == 1
    assert by_id["n1@example.com"].ref == by_id["n2@example.com"].ref == "TF-000002"
    assert count(desk, Customer) == 2


def test_import_needs_a_few_queries_per_batch_not_per_message(desk):
    from sqlalchemy import event
    statements = []
    listener = lambda *args: statements.append(args[2])     # noqa: E731 - (conn, cursor, statement, ...)
    mails = [msg(sender=f"c{i % 40}@example.com", msgid=f"<q{i}@example.com>", subject=f"Order {i}",
                 body=f"Where is my order {10000 + i}?") for i in range(200)]
    event.listen(desk.engine, "before_cursor_execute", listener)
    try:
        report = desk.import_messages(mails, batch=200)
    finally:
        event.remove(desk.engine, "before_cursor_execute", listener)
    assert report.stored == 200 and count(desk, Message) == 200
    # One lookup of each kind for the whole batch (one by one it was a dozen queries per mail).
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 6, statements
    if desk.engine.dialect.name == "postgresql":
        # ... and the inserts go out many rows per statement: 11 statements for 200 mails.
        assert len(statements) < 25, statements


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)   # SQLite has one writer at a time
def test_a_parallel_importer_storing_the_same_mail_first_costs_nothing(desk, monkeypatch):
    import tactful.desk.intake as intake
    from tactful.desk.db import transaction
    mails = [msg(msgid=f"<par{i}@example.com>", body=f"Where is order {20000 + i}?") for i in range(5)]
    real_prepare, raced = intake._prepare, []

    def prepare_while_another_importer_commits(index, parsed, *args, **kwargs):
        if not raced:                   # the other importer stores mail 2 between our lookup and insert
            raced.append(True)
            with transaction(desk.sessions) as other:
                intake.ingest(other, mails[2], now=desk.clock())
        return real_prepare(index, parsed, *args, **kwargs)

    monkeypatch.setattr(intake, "_prepare", prepare_while_another_importer_commits)
    report = desk.import_messages(mails)
    assert (report.stored, report.already) == (4, 1)
    assert count(desk, Message) == 5
