"""No blind resends: a sender that dies after the SMTP server accepted a reply, or a connection
that breaks while the server answers DATA, leaves the outbox row for resolution, never for a
second send. Real processes, a real aiosmtpd server and a real Dovecot (for the Sent folder)."""

from __future__ import annotations

import asyncio
import dataclasses
import email
import email.policy
import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from desk_fakes import msg
from servers import smtp_server
from tactful.desk.db import transaction
from tactful.desk.models import Draft, Message, Outbox, Ticket
from tactful.desk.outbox import EXIT_AFTER_ACCEPT, FAULT_ENV, approve
from tactful.samples import SHOP_DIR

TACTFUL = [sys.executable, "-c", "from tactful.cli.main import main; main()"]


class Server:
    """aiosmtpd handler: keeps what it accepted; may file it in an IMAP Sent folder (as Gmail or
    Exchange do for mail submitted over SMTP) or stall before answering DATA."""

    def __init__(self):
        self.accepted: list[bytes] = []
        self.file_in_sent = None           # callable(raw) or None
        self.stall_seconds = 0.0

    async def handle_DATA(self, server, session, envelope):
        self.accepted.append(envelope.original_content)
        if self.file_in_sent is not None:
            self.file_in_sent(envelope.original_content)
        if self.stall_seconds:
            await asyncio.sleep(self.stall_seconds)
        return "250 OK"


@pytest.fixture
def smtp():
    handler = Server()
    with smtp_server(handler) as port:
        yield handler, port


@pytest.fixture
def approved(desk, smtp, clock):
    """A reviewed reply approved for sending: ticket TF-000001."""
    desk.settings = dataclasses.replace(desk.settings, smtp_host="127.0.0.1", smtp_port=smtp[1], ack=False)
    desk.ingest(msg(msgid="<cr1@example.com>", subject="Size question", body="Which size fits me?"))
    desk.process()
    with transaction(desk.sessions) as s:
        approve(s, "TF-000001", actor="ann", now=clock())
    return desk


def cli(desk, db_url, *args, fault=False, extra_env=None):
    env = {**os.environ, "TACTFUL_DATABASE_URL": db_url[0], "TACTFUL_SHOP_DIR": str(SHOP_DIR),
           "TACTFUL_SMTP_HOST": "127.0.0.1", "TACTFUL_SMTP_PORT": str(desk.settings.smtp_port), **(extra_env or {})}
    if db_url[1]:
        env["TACTFUL_DATABASE_SCHEMA"] = db_url[1]
    env.pop(FAULT_ENV, None)
    if fault:
        env[FAULT_ENV] = EXIT_AFTER_ACCEPT
    return subprocess.run(TACTFUL + list(args), env=env, capture_output=True, text=True, timeout=120)


def outbox(desk) -> Outbox:
    with desk.session() as s:
        return s.scalars(select(Outbox)).one()


def crash_after_accept(desk, db_url, server, **kw):
    """`tactful send` dies right after the server's 250, before recording the send."""
    done = cli(desk, db_url, "send", fault=True, **kw)
    assert done.returncode == 70, done.stderr
    assert len(server.accepted) == 1                 # the customer has the reply ...
    row = outbox(desk)
    assert row.status == "sending" and row.sending_at is not None and row.sending_by   # ... we did not record it
    return row


def test_a_sender_killed_after_the_250_leaves_the_reply_unconfirmed_not_resent(approved, smtp, db_url):
    server, _port = smtp
    row = crash_after_accept(approved, db_url, server)
    again = cli(approved, db_url, "send")
    assert again.returncode == 0, again.stderr
    assert len(server.accepted) == 1                 # not sent a second time
    assert "1 sends UNCONFIRMED" in again.stdout
    assert outbox(approved).status == "unconfirmed"
    # Visible to the agent: the ticket list, the handover sheet and the outbox listing.
    listing = json.loads(cli(approved, db_url, "tickets", "--json").stdout)
    assert listing[0]["ref"] == "TF-000001" and listing[0]["send_unconfirmed"] is True
    assert "[SEND UNCONFIRMED]" in cli(approved, db_url, "tickets").stdout
    held = cli(approved, db_url, "send", "--unconfirmed").stdout
    assert f"outbox {row.id} (reply, TF-000001)" in held and "1 unconfirmed sends" in held
    # The agent checked with the customer: it arrived.
    done = cli(approved, db_url, "send", "--confirm", str(row.id), "--by", "ann")
    assert done.returncode == 0 and "recorded as sent" in done.stdout
    assert outbox(approved).status == "sent" and len(server.accepted) == 1
    with approved.session() as s:
        ticket = s.scalars(select(Ticket)).one()
        assert ticket.first_reply_at == row.sending_at and ticket.status in ("answered", "follow_up")
        assert s.scalars(select(Draft)).one().status == "sent"
        assert s.scalars(select(Message).where(Message.direction == "out")).one().message_id
    assert json.loads(cli(approved, db_url, "tickets", "--json", "--status", "answered", "--status",
                          "follow_up").stdout)[0]["send_unconfirmed"] is False


def test_an_unconfirmed_reply_resent_by_the_agent_keeps_its_message_id(approved, smtp, db_url):
    server, _port = smtp
    row = crash_after_accept(approved, db_url, server)
    cli(approved, db_url, "send")
    done = cli(approved, db_url, "send", "--resend", str(row.id))
    assert done.returncode == 0 and "queued again" in done.stdout and "sent 1" in done.stdout
    first, second = (email.message_from_bytes(raw, policy=email.policy.default) for raw in server.accepted)
    assert first["Message-ID"] == second["Message-ID"]          # clients that got both show one
    assert outbox(approved).status == "sent"


@pytest.mark.imap
def test_an_interrupted_send_found_in_the_sent_folder_is_recorded_as_sent(approved, smtp, db_url, dovecot):
    server, _port = smtp
    sent = f"Sent{os.getpid()}"
    imap = dovecot.client()
    imap.delete(sent)
    assert imap.create(sent)[0] == "OK"
    imap.logout()
    server.file_in_sent = lambda raw: dovecot.append([raw], sent)
    imap_env = {"TACTFUL_IMAP_HOST": "127.0.0.1", "TACTFUL_IMAP_PORT": str(dovecot.port),
                "TACTFUL_IMAP_USER": dovecot.user, "TACTFUL_IMAP_PASSWORD": dovecot.password,
                "TACTFUL_IMAP_SENT_FOLDER": sent}
    row = crash_after_accept(approved, db_url, server)
    again = cli(approved, db_url, "send", extra_env=imap_env)
    assert again.returncode == 0, again.stderr
    assert "1 interrupted sends found in the Sent folder" in again.stdout and "UNCONFIRMED" not in again.stdout
    assert len(server.accepted) == 1
    assert outbox(approved).status == "sent"
    with approved.session() as s:
        assert s.scalars(select(Ticket)).one().first_reply_at == row.sending_at


@pytest.mark.imap
def test_an_interrupted_send_missing_from_the_sent_folder_is_held(approved, smtp, db_url, dovecot):
    server, _port = smtp
    sent = f"Empty{os.getpid()}"
    imap = dovecot.client()
    imap.delete(sent)
    assert imap.create(sent)[0] == "OK"
    imap.logout()
    crash_after_accept(approved, db_url, server)       # this provider files nothing in Sent
    again = cli(approved, db_url, "send", extra_env={
        "TACTFUL_IMAP_HOST": "127.0.0.1", "TACTFUL_IMAP_PORT": str(dovecot.port), "TACTFUL_IMAP_USER": dovecot.user,
        "TACTFUL_IMAP_PASSWORD": dovecot.password, "TACTFUL_IMAP_SENT_FOLDER": sent})
    assert "1 sends UNCONFIRMED" in again.stdout and len(server.accepted) == 1
    row = outbox(approved)
    assert row.status == "unconfirmed" and "not found in the Sent folder" in row.last_error


def test_a_connection_lost_while_the_server_answers_data_is_unconfirmed(approved, smtp):
    server, _port = smtp
    server.stall_seconds = 3                           # the 250 comes after our 1 s timeout
    approved.settings = dataclasses.replace(approved.settings, smtp_timeout_seconds=1.0)
    report = approved.send()
    assert (report.sent, report.retrying, report.unconfirmed) == (0, 0, 1)
    row = outbox(approved)
    assert row.status == "unconfirmed" and "may have accepted" in row.last_error
    assert len(server.accepted) == 1
    assert approved.send().sent == 0 and len(server.accepted) == 1     # held, not retried


def test_a_send_still_in_flight_in_another_process_is_left_alone(approved, smtp, clock):
    """Two senders (a worker's timer and `tactful send`) never both send a row."""
    server, _port = smtp
    approved.send(transport=Refuse())                  # queue the reply; the first attempt is refused
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with transaction(approved.sessions) as s:
            row = s.scalars(select(Outbox)).one()
            row.status, row.sending_at = "sending", clock()
            row.sending_by = f"{__import__('socket').gethostname()}:{other.pid}"
        clock.advance(minutes=1)
        assert approved.send().sent == 0 and outbox(approved).status == "sending"
        other.kill()
        other.wait()
        assert approved.send().unconfirmed == 1        # its sender is gone: resolved, not resent
        assert not server.accepted
    finally:
        if other.poll() is None:
            other.kill()


class Refuse:
    def send(self, from_addr, to_addrs, raw):
        from tactful.errors import MailTransportError
        raise MailTransportError("451 try again later")
