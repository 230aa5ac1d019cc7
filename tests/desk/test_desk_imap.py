"""IMAP in against a real Dovecot on loopback: UIDs, UIDVALIDITY, restarts, dropped links, IDLE."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import func, select

from desk_fakes import eml
from tactful.desk.imap import connect, fetch_new, select_folder, wait_idle
from tactful.desk.models import ImapState, Message

pytestmark = pytest.mark.imap


@pytest.fixture
def folder(dovecot, request):
    """A fresh folder per test, so tests do not see each other's mail."""
    name = f"T{abs(hash(request.node.nodeid)) % 10**8}"
    imap = dovecot.client()
    imap.delete(name)
    assert imap.create(name)[0] == "OK"
    imap.logout()
    return name


@pytest.fixture
def imap_desk(desk, dovecot, folder):
    desk.settings = dataclasses.replace(desk.settings, imap_host="127.0.0.1", imap_port=dovecot.port,
                                        imap_user=dovecot.user, imap_password=dovecot.password,
                                        imap_folder=folder)
    return desk


def mails(n, start=0):
    return [eml(sender=f"c{i}@example.com", msgid=f"<m{i}@example.com>", subject=f"Question {i}",
                body=f"Hello, where is my order {10000 + i}?") for i in range(start, start + n)]


def stored(desk) -> int:
    with desk.session() as s:
        return s.scalar(select(func.count()).select_from(Message))


def test_fetch_by_uid_remembers_progress(imap_desk, dovecot, folder):
    dovecot.append(mails(5), folder)
    r = fetch_new(imap_desk)
    assert (r.fetched, r.stored, r.last_uid) == (5, 5, 5)
    assert fetch_new(imap_desk).fetched == 0       # nothing new: nothing fetched again
    dovecot.append(mails(2, start=5), folder)
    r = fetch_new(imap_desk)
    assert (r.fetched, r.stored, r.last_uid) == (2, 2, 7)
    assert stored(imap_desk) == 7


def test_mail_already_imported_from_mbox_is_not_stored_again(imap_desk, dovecot, folder):
    from tactful.mail import parse_bytes
    raws = mails(3)
    imap_desk.import_messages([parse_bytes(r) for r in raws])
    dovecot.append(raws, folder)
    r = fetch_new(imap_desk)
    assert (r.fetched, r.stored, r.already) == (3, 0, 3)
    assert stored(imap_desk) == 3


def test_uidvalidity_change_refetches_without_duplicates(imap_desk, dovecot, folder):
    dovecot.append(mails(3), folder)
    fetch_new(imap_desk)
    imap = dovecot.client()
    imap.delete(folder)
    imap.create(folder)
    imap.logout()
    dovecot.append(mails(4), folder)      # the 3 old ones again (new UIDs) and one new
    r = fetch_new(imap_desk)
    assert r.uidvalidity_reset and (r.fetched, r.stored, r.already) == (4, 1, 3)
    assert stored(imap_desk) == 4


def test_dropped_connection_is_resumed_without_loss_or_duplicates(imap_desk, dovecot, folder, monkeypatch):
    import tactful.desk.imap as imapmod
    monkeypatch.setattr(imapmod, "BATCH", 4)      # several FETCH round trips, so a cut bites
    dovecot.append(mails(12), folder)
    drops = {"left": 2}
    live = {}

    real_connect = connect

    def on_message(uid):
        # Cut the TCP connection under the client twice, mid-batch.
        if uid in (3, 8) and drops["left"]:
            drops["left"] -= 1
            live["imap"].sock.shutdown(2)

    def tracking_connect(settings):
        live["imap"] = real_connect(settings)
        return live["imap"]

    imapmod.connect, saved = tracking_connect, imapmod.connect
    try:
        r = fetch_new(imap_desk, backoff=0.01, on_message=on_message)
    finally:
        imapmod.connect = saved
    assert r.reconnects == 2
    assert stored(imap_desk) == 12
    with imap_desk.session() as s:
        assert s.scalars(select(ImapState)).one().last_uid == 12


@pytest.mark.slow
def test_killed_fetch_process_resumes_with_the_same_result(imap_desk, dovecot, folder, db_url, tmp_path):
    n = 100
    dovecot.append(mails(n), folder)
    s = imap_desk.settings
    env = {**os.environ, "TACTFUL_DATABASE_URL": db_url[0], "TACTFUL_IMAP_HOST": "127.0.0.1",
           "TACTFUL_IMAP_PORT": str(dovecot.port), "TACTFUL_IMAP_USER": s.imap_user,
           "TACTFUL_IMAP_PASSWORD": s.imap_password, "TACTFUL_IMAP_FOLDER": folder}
    if db_url[1]:
        env["TACTFUL_DATABASE_SCHEMA"] = db_url[1]
    cmd = [sys.executable, "-c", "from tactful.cli.main import main; main()", "fetch"]
    proc = subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline and stored(imap_desk) < 10:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = stored(imap_desk)
    assert 0 < partial < n, f"kill came too late or too early ({partial})"
    done = subprocess.run(cmd, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert stored(imap_desk) == n
    with imap_desk.session() as sess:
        assert sess.scalar(select(func.count(func.distinct(Message.message_id)))) == n
        assert sess.scalars(select(ImapState)).one().last_uid == n


def test_idle_wakes_up_when_mail_arrives(imap_desk, dovecot, folder):
    imap = connect(imap_desk.settings)
    try:
        assert "IDLE" in imap.capabilities
        select_folder(imap, folder)
        timer = threading.Timer(0.5, lambda: dovecot.append(mails(1), folder))
        timer.start()
        started = time.time()
        assert wait_idle(imap, timeout=20) is True
        assert time.time() - started < 15
        timer.join()
    finally:
        imap.logout()
    assert fetch_new(imap_desk).stored == 1
