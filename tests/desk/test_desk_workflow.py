"""PLAYBOOK §7 workflow on stored tickets: READ-DUP, priority, ESCALATE, surge, ACK, SLA-24,
COMPLAINT-4, FOLLOW, approval and sending, HANDOVER, FEEDBACK. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from desk_fakes import msg
from tactful.desk import queries, workflow
from tactful.desk.db import transaction
from tactful.desk.models import Draft, Incident, Message, Outbox, Review, Ticket
from tactful.desk.outbox import approve


class FakeTransport:
    def __init__(self, fail_times: int = 0):
        self.sent: list[tuple[str, list[str], bytes]] = []
        self.fail_times = fail_times

    def send(self, from_addr, to_addrs, raw):
        from tactful.errors import MailTransportError
        if self.fail_times:
            self.fail_times -= 1
            raise MailTransportError("451 try again later")
        self.sent.append((from_addr, to_addrs, raw))


def ticket(desk, ref="TF-000001") -> Ticket:
    with desk.session() as s:
        return s.scalars(select(Ticket).where(Ticket.ref == ref)).one()


def test_process_drafts_and_reviews_each_message_once(desk):
    desk.import_messages([msg(msgid="<p1@x>", body="Which size should I take?"),
                          msg(sender="bob@x.org", msgid="<p2@x>", body="Can I cancel my order 12345?")])
    report = desk.process()
    assert (report.processed, report.drafted, report.failed) == (2, 2, 0)
    assert desk.process().processed == 0          # nothing left: never drafted twice
    with desk.session() as s:
        assert s.scalar(select(func.count()).select_from(Draft)) == 2
        assert s.scalar(select(func.count()).select_from(Review)) == 2
        m = s.scalars(select(Message).where(Message.message_id == "p2@x")).one()
        assert m.status == "done" and m.analysis["intents"] == ["order.cancel"]
    t = ticket(desk, "TF-000002")
    assert t.intents == ["order.cancel"] and t.status == "open"


def test_duplicates_are_attached_to_the_ticket_and_answered_once(desk, clock):
    desk.import_messages([msg(msgid="<d1@x>", body="Where is my parcel 12345?"),
                          msg(msgid="<d2@x>", body="Where is my parcel 12345?",
                              date="Mon, 02 Mar 2026 08:05:00 +0000")])
    report = desk.process()
    assert report.duplicates == 1 and report.drafted == 1
    with desk.session() as s:
        dup = s.scalars(select(Message).where(Message.message_id == "d2@x")).one()
        orig = s.scalars(select(Message).where(Message.message_id == "d1@x")).one()
        assert dup.status == "duplicate" and dup.duplicate_of_id == orig.id
        assert dup.ticket_id == orig.ticket_id
        assert s.scalar(select(func.count()).select_from(Draft)) == 1
        merged = s.scalars(select(Ticket).where(Ticket.ref == "TF-000002")).one()
        assert merged.status == "closed" and merged.escalation["merged_into"] == "TF-000001"


def test_repeat_reopens_the_closed_ticket_and_raises_priority(desk, clock):
    desk.ingest(msg(msgid="<r1@x>", body="Where is my refund for 12345?"))
    desk.process()
    before = ticket(desk).priority
    with transaction(desk.sessions) as s:
        workflow.close_ticket(s, "TF-000001", actor="agent", now=clock())
    clock.advance(days=3)
    desk.ingest(msg(msgid="<r2@x>", subject="Refund again", body="Still no refund for my order 12345.",
                    date="Thu, 05 Mar 2026 09:00:00 +0000"))
    desk.process()
    t = ticket(desk)
    assert t.status == "open" and t.repeats == 1 and t.priority > before
    with desk.session() as s:
        assert s.scalar(select(func.count()).select_from(Ticket).where(Ticket.status != "closed")) == 1


def test_priority_rises_with_anger_reminders_and_deadlines(desk):
    desk.import_messages([
        msg(sender="calm@x", msgid="<c@x>", body="Which size fits me?"),
        msg(sender="angry@x", msgid="<a@x>", body="I am angry!!! The item is broken. Order 55555."),
        msg(sender="hurry@x", msgid="<h@x>", body="Which size? I need it by tomorrow."),
    ])
    desk.process()
    with desk.session() as s:
        pr = {t.subject and s.get(Message, s.scalars(select(Message.id).where(Message.ticket_id == t.id)).first()).sender: t.priority
              for t in s.scalars(select(Ticket))}
    assert pr["angry@x"] > pr["hurry@x"] > pr["calm@x"]
    rows = queries.ticket_list(desk.session(), now=desk.clock())
    assert rows[0].customer == "angry@x"        # the list puts the most urgent first


def test_internal_fault_is_escalated_with_facts_and_customers_affected(desk):
    desk.import_messages([msg(sender=f"c{i}@x", msgid=f"<w{i}@x>", body=f"You sent the wrong item, order 1000{i}.")
                          for i in range(2)])
    desk.process()
    t = ticket(desk, "TF-000002")
    assert t.queue == "supervisor"
    assert t.escalation["fault"] == "delivery.wrong_item"
    assert t.escalation["facts"]["order_numbers"] == ["10001"]
    assert t.escalation["customers_affected"] == 2
    supervisor = queries.ticket_list(desk.session(), now=desk.clock(), queue="supervisor")
    assert {r.ref for r in supervisor} == {"TF-000001", "TF-000002"}


def test_surge_of_similar_tickets_opens_one_incident_with_its_count(desk, clock):
    # settings fixture: surge_count=3 within 60 minutes
    desk.import_messages([msg(sender=f"s{i}@x", msgid=f"<s{i}@x>", body=f"Where is my order 2000{i}?",
                              date=f"Mon, 02 Mar 2026 08:{10 * i:02d}:00 +0000") for i in range(4)])
    desk.process()
    with desk.session() as s:
        incidents = list(s.scalars(select(Incident)))
        assert len(incidents) == 1
        assert incidents[0].key == "shipping.status" and incidents[0].count == 4
        assert s.scalar(select(func.count()).select_from(Ticket).where(Ticket.incident_id == incidents[0].id)) == 4
        assert [i["key"] for i in queries.open_incidents(s)] == ["shipping.status"]


def test_no_incident_below_the_surge_threshold(desk):
    desk.import_messages([msg(sender=f"n{i}@x", msgid=f"<n{i}@x>", body="Where is my order 30001?") for i in range(2)])
    desk.process()
    with desk.session() as s:
        assert s.scalar(select(func.count()).select_from(Incident)) == 0


def test_ack_is_queued_once_in_the_customer_language_with_ref_and_due_time(desk):
    desk.ingest(msg(msgid="<g1@x>", subject="Frage", body="Hallo, welche Größe? size"))
    desk.process()
    desk.ingest(msg(msgid="<g2@x>", subject="Re: Frage", in_reply_to="<g1@x>", body="Hallo, noch da? size",
                    date="Mon, 02 Mar 2026 09:00:00 +0000"))
    desk.process()
    with desk.session() as s:
        acks = list(s.scalars(select(Outbox).where(Outbox.kind == "ack")))
    assert len(acks) == 1
    raw = acks[0].raw.decode()
    assert "TF-000001" in raw and "Auto-Submitted: auto-replied" in raw and "In-Reply-To: <g1@x>" in raw
    import email, email.policy
    body = email.message_from_bytes(acks[0].raw, policy=email.policy.default).get_content()
    assert "Referenznummer lautet TF-000001" in body and "2026-03-03 08:00 UTC" in body


def test_sla_watch_lists_breached_and_soon(desk, clock):
    desk.import_messages([msg(sender="old@x", msgid="<o@x>", body="size?", date="Sun, 01 Mar 2026 06:00:00 +0000"),
                          msg(sender="soon@x", msgid="<so@x>", body="size?", date="Sun, 01 Mar 2026 11:00:00 +0000"),
                          msg(sender="new@x", msgid="<nw@x>", body="size?", date="Mon, 02 Mar 2026 08:00:00 +0000")])
    watch = queries.sla_watch(desk.session(), now=clock(), soon_hours=4)
    assert [r.customer for r in watch["breached"]] == ["old@x"]
    assert [r.customer for r in watch["soon"]] == ["soon@x"]


def test_approve_needs_a_passed_review_unless_forced(desk, clock):
    desk.ingest(msg(msgid="<f1@x>", body="Which size? please fail"))
    desk.process()
    with pytest.raises(workflow.WorkflowError, match="did not pass review .*COVER"):
        with transaction(desk.sessions) as s:
            approve(s, "TF-000001", actor="ann", now=clock())
    with transaction(desk.sessions) as s:
        d = approve(s, "TF-000001", actor="ann", now=clock(), force=True)
        assert d.forced


def test_send_threads_reply_and_follow_up_keeps_ticket_open_until_done(desk, clock):
    desk.ingest(msg(msgid="<w@x>", subject="Wrong item", body="You sent the wrong item, order 12345."))
    desk.process()
    with transaction(desk.sessions) as s:
        approve(s, "TF-000001", actor="ann", now=clock())
    transport = FakeTransport()
    report = desk.send(transport)
    assert report.sent == 2            # the ACK and the reply
    reply = [raw for _f, _t, raw in transport.sent if b"auto-replied" not in raw][0].decode()
    assert "In-Reply-To: <w@x>" in reply and "References: <w@x>" in reply and "[TF-000001]" in reply
    t = ticket(desk)
    assert t.first_reply_at == clock() and t.status == "follow_up"
    assert t.complaint_stage == "solution_proposed"
    assert queries.follow_ups_due(desk.session(), now=clock()) == []
    due = [r for r, _d, _w in queries.follow_ups_due(desk.session(), now=clock() + timedelta(days=3))]
    assert due == ["TF-000001"]
    with pytest.raises(workflow.WorkflowError, match="pending follow-up"):
        with transaction(desk.sessions) as s:
            workflow.close_ticket(s, "TF-000001", actor="ann", now=clock())
    with transaction(desk.sessions) as s:
        workflow.complete_follow_up(s, "TF-000001", outcome="customer satisfied", actor="ann", now=clock())
    t = ticket(desk)
    assert t.status == "closed" and t.complaint_stage == "followed_up"
    # The customer answers our reply: it threads back into the same ticket and reopens it.
    sent_id = [line for line in reply.splitlines() if line.startswith("Message-ID:")][0].split(": ", 1)[1]
    r = desk.ingest(msg(msgid="<w2@x>", subject="Re: Wrong item", in_reply_to=sent_id, body="Thanks, all good now"))
    assert r.ticket_ref == "TF-000001" and r.reopened


def test_failed_sends_retry_with_backoff_then_stay_visible(desk, clock):
    desk.ingest(msg(msgid="<z@x>", body="Which size?"))
    desk.process()
    flaky = FakeTransport(fail_times=100)
    assert desk.send(flaky).retrying == 1         # the ACK, attempt 1
    assert desk.send(flaky).retrying == 0          # not due yet: backoff
    with desk.session() as s:
        row = s.scalars(select(Outbox)).one()
        first_wait = row.next_attempt_at - clock()
    for _ in range(10):
        clock.advance(hours=7)
        desk.send(flaky)
    with desk.session() as s:
        row = s.scalars(select(Outbox)).one()
        assert row.status == "failed" and row.attempts == desk.settings.smtp_retries and "451" in row.last_error
    assert first_wait == timedelta(seconds=desk.settings.smtp_backoff_seconds)


def test_handover_and_report(desk, clock):
    desk.import_messages([msg(msgid="<h1@x>", body="The item arrived broken, order 777777."),
                          msg(sender="de@x", msgid="<h2@x>", body="Hallo, welche size?")])
    desk.process()
    with transaction(desk.sessions) as s:
        workflow.add_note(s, "TF-000001", "Photo requested; waiting for the customer.", author="ann", now=clock())
    items = queries.handover(desk.session(), now=clock())
    notes = {i.ticket.ref: [n[2] for n in i.notes] for i in items}
    assert notes["TF-000001"] == ["Photo requested; waiting for the customer."]
    rep = queries.report(desk.session(), since=clock() - timedelta(days=1), until=clock() + timedelta(days=1))
    assert rep["tickets"] == 2
    assert rep["intents"] == {"delivery.damaged": 1, "product.size_advice": 1}
    assert rep["complaint_causes"] == {"product quality": 1}
    assert rep["languages"] == {"en": 1, "de": 1}
    assert rep["sla"]["replied"] == 0


def test_processing_keeps_the_customer_profile5_figures_current(desk, shop):
    from tactful.desk.models import Customer
    from tactful.shop import customer_stats
    email = max(sorted({o.customer_email for o in shop.orders}),
                key=lambda e: customer_stats(shop.orders_for(e)).purchase_count)
    desk.ingest(msg(sender=email, msgid="<pf@x>", body="Which size should I take?"))
    desk.process()
    expected = customer_stats(shop.orders_for(email))
    with desk.session() as s:
        c = s.scalars(select(Customer).where(Customer.email == email.lower())).one()
        assert c.purchase_count == expected.purchase_count >= 1
        assert c.total_spend == expected.total_spend and c.derived["segment"] in ("repeat", "first-time")


def test_a_more_complete_duplicate_replaces_the_unsent_draft(desk):
    desk.ingest(msg(msgid="<c1@x>", body="Where is my parcel?"))
    desk.process()
    desk.ingest(msg(msgid="<c2@x>", body="Where is my parcel? It is order 45678, sent to Berlin.",
                    date="Mon, 02 Mar 2026 08:10:00 +0000"))
    report = desk.process()
    assert report.drafted == 1
    with desk.session() as s:
        first = s.scalars(select(Message).where(Message.message_id == "c1@x")).one()
        second = s.scalars(select(Message).where(Message.message_id == "c2@x")).one()
        assert first.status == "duplicate" and first.duplicate_of_id == second.id
        assert second.ticket_id == first.ticket_id
        drafts = {d.message_id: d.status for d in s.scalars(select(Draft))}
    assert drafts == {first.id: "superseded", second.id: "reviewed"}


def test_a_more_complete_duplicate_after_the_reply_was_sent_is_not_answered_again(desk, clock):
    desk.settings = desk.settings.__class__(**{**desk.settings.__dict__, "ack": False})
    desk.ingest(msg(msgid="<e1@x>", body="Where is my parcel?"))
    desk.process()
    with transaction(desk.sessions) as s:
        approve(s, "TF-000001", actor="ann", now=clock())
    desk.send(FakeTransport())
    desk.ingest(msg(msgid="<e2@x>", body="Where is my parcel? It is order 45678, sent to Berlin.",
                    date="Mon, 02 Mar 2026 08:10:00 +0000"))
    report = desk.process()
    assert report.duplicates == 1 and report.drafted == 0


def test_auto_replies_are_kept_but_never_answered(desk):
    desk.ingest(msg(msgid="<oo@x>", subject="Out of office", body="I am away until Monday.",
                    extra="Auto-Submitted: auto-replied"))
    report = desk.process()
    assert report.processed == 1 and report.drafted == 0
    with desk.session() as s:
        assert s.scalar(select(func.count()).select_from(Draft)) == 0
        assert s.scalar(select(func.count()).select_from(Outbox)) == 0      # no ACK either


def test_failed_processing_is_visible_and_can_be_retried(desk):
    import dataclasses
    from desk_fakes import fake_pipeline
    from tactful.desk.processing import retry_failed

    def broken(*_a, **_k):
        raise RuntimeError("model file missing")
    desk.ingest(msg(msgid="<fx@x>", body="Which size?"))
    assert desk.process(pipeline=dataclasses.replace(fake_pipeline(), compose=broken)).failed == 1
    with desk.session() as s:
        assert s.scalars(select(Message)).one().status == "failed"
        assert retry_failed(s, now=desk.clock()) == 1
    assert desk.process().drafted == 1


def test_due_follow_up_asks_the_customer_in_their_language_and_completes_complaint4(desk, clock):
    from tactful.desk.workflow import send_due_follow_ups
    desk.settings = desk.settings.__class__(**{**desk.settings.__dict__, "ack": False})
    desk.ingest(msg(msgid="<fu@x>", subject="Falscher Artikel", body="Hallo, Sie haben mir den wrong Artikel geschickt, 12345."))
    desk.process()
    with transaction(desk.sessions) as s:
        approve(s, "TF-000001", actor="ann", now=clock())
    transport = FakeTransport()
    desk.send(transport)
    with transaction(desk.sessions) as s:
        assert send_due_follow_ups(s, shop=desk.shop, now=clock()) == []       # not due yet
    clock.advance(days=3, minutes=1)
    with transaction(desk.sessions) as s:
        assert send_due_follow_ups(s, shop=desk.shop, now=clock()) == ["TF-000001"]
    desk.send(transport)
    import email, email.policy
    mail = email.message_from_bytes(transport.sent[-1][2], policy=email.policy.default)
    assert mail["Subject"] == "Ist alles in Ordnung? [TF-000001]" and mail["In-Reply-To"] == "<fu@x>"
    assert "Sind Sie mit der Lösung zufrieden?" in mail.get_content()
    t = ticket(desk)
    assert t.complaint_stage == "followed_up" and t.status == "answered"
    with transaction(desk.sessions) as s:
        workflow.close_ticket(s, "TF-000001", actor="ann", now=clock())     # allowed now


def test_notify_notices_are_queued_once_and_sent(desk, shop):
    from datetime import datetime, timezone
    from tactful.desk.models import NoticeSent
    from tactful.desk.notices import pending_notices, queue_notices
    now = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)
    with transaction(desk.sessions) as s:
        due = pending_notices(s, shop=shop, now=now)
        keys = queue_notices(s, shop=shop, now=now)
    assert keys and keys == [n.key for n in due]
    with transaction(desk.sessions) as s:
        assert queue_notices(s, shop=shop, now=now) == []          # each notice once
        assert s.scalar(select(func.count()).select_from(NoticeSent)) == len(keys)
    transport = FakeTransport()
    desk.clock.now = now
    assert desk.send(transport).sent == len(keys)
    recipients = {to for _f, (to,), _raw in transport.sent}
    assert recipients == {n.to for n in due}
