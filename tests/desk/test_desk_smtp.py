"""SMTP out against a real aiosmtpd server on loopback: outbox first, threading headers, retries."""

from __future__ import annotations

import dataclasses
import email
import email.policy

import pytest
from sqlalchemy import select

from desk_fakes import msg
from servers import free_port, smtp_server
from tactful.desk.db import transaction
from tactful.desk.models import Outbox, Ticket
from tactful.desk.outbox import approve


class Inbox:
    def __init__(self):
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.refuse = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 try again later"
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


@pytest.fixture
def smtp():
    handler = Inbox()
    with smtp_server(handler) as port:
        yield handler, port


@pytest.fixture
def smtp_desk(desk, smtp):
    desk.settings = dataclasses.replace(desk.settings, smtp_host="127.0.0.1", smtp_port=smtp[1],
                                        smtp_backoff_seconds=60, ack=False)
    return desk


def test_reply_is_sent_through_smtp_and_threads_under_the_customer_mail(smtp_desk, smtp, clock):
    inbox, _port = smtp
    smtp_desk.ingest(msg(msgid="<q1@example.com>", subject="Size question", body="Which size fits me?"))
    smtp_desk.ingest(msg(msgid="<q2@example.com>", subject="Re: Size question", body="Also: did you get my mail?",
                         in_reply_to="<q1@example.com>", references="<q1@example.com>",
                         date="Mon, 02 Mar 2026 08:30:00 +0000"))
    smtp_desk.process()
    with transaction(smtp_desk.sessions) as s:
        approve(s, "TF-000001", actor="ann", now=clock())
    report = smtp_desk.send()
    assert report.sent == 1
    mail_from, rcpt, raw = inbox.messages[0]
    assert mail_from == smtp_desk.shop.sender_address and rcpt == ["ann@example.com"]
    sent = email.message_from_bytes(raw, policy=email.policy.default)
    assert sent["In-Reply-To"] == "<q2@example.com>"
    assert sent["References"].split() == ["<q1@example.com>", "<q2@example.com>"]
    assert "[TF-000001]" in sent["Subject"]
    with smtp_desk.session() as s:
        row = s.scalars(select(Outbox)).one()
        assert row.status == "sent" and row.message_id == sent["Message-ID"]
        assert s.scalars(select(Ticket)).one().first_reply_at == clock()


def test_temporary_smtp_failure_is_retried_with_backoff(smtp_desk, smtp, clock):
    inbox, _port = smtp
    inbox.refuse = 1
    smtp_desk.ingest(msg(msgid="<r1@example.com>", body="Which size fits me?"))
    smtp_desk.process()
    with transaction(smtp_desk.sessions) as s:
        approve(s, "TF-000001", actor="ann", now=clock())
    first = smtp_desk.send()
    assert (first.sent, first.retrying) == (0, 1) and not inbox.messages
    with smtp_desk.session() as s:
        row = s.scalars(select(Outbox)).one()
        assert "451" in row.last_error and row.status == "queued"
    assert smtp_desk.send().sent == 0                 # backoff: not yet due
    clock.advance(seconds=61)
    assert smtp_desk.send().sent == 1 and len(inbox.messages) == 1


def test_unreachable_smtp_server_leaves_a_visible_failed_send(smtp_desk, clock):
    smtp_desk.settings = dataclasses.replace(smtp_desk.settings, smtp_port=free_port(), smtp_retries=2)
    smtp_desk.ingest(msg(msgid="<u1@example.com>", body="Which size fits me?"))
    smtp_desk.process()
    with transaction(smtp_desk.sessions) as s:
        approve(s, "TF-000001", actor="ann", now=clock())
    smtp_desk.send()
    clock.advance(minutes=5)
    assert smtp_desk.send().failed == 1
    with smtp_desk.session() as s:
        row = s.scalars(select(Outbox)).one()
        assert row.status == "failed" and row.attempts == 2 and "Connection refused" in row.last_error
        assert s.scalars(select(Ticket)).one().first_reply_at is None


def test_customer_answer_to_our_reply_threads_back_with_the_real_parser(smtp_desk, smtp, clock):
    from desk_fakes import eml
    from tactful.mail import parse_bytes
    inbox, _port = smtp
    smtp_desk.ingest(parse_bytes(eml(msgid="<real1@example.com>", subject="Size", body="Which size fits me?")))
    smtp_desk.process()
    with transaction(smtp_desk.sessions) as s:
        approve(s, "TF-000001", actor="ann", now=clock(), force=True)
    smtp_desk.send()
    sent = email.message_from_bytes(inbox.messages[0][2], policy=email.policy.default)
    assert sent["In-Reply-To"] == "<real1@example.com>"          # angle brackets in the header
    answer = parse_bytes(eml(msgid="<real2@example.com>", subject="Re: Size", body="Thanks! And in blue?",
                             in_reply_to=sent["Message-ID"], references=f"<real1@example.com> {sent['Message-ID']}",
                             date="Mon, 02 Mar 2026 12:00:00 +0000"))
    assert smtp_desk.ingest(answer).ticket_ref == "TF-000001"
