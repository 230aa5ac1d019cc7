"""Background jobs: two real worker processes on PostgreSQL (Procrastinate) process every message
exactly once, also when one is killed mid-job; the embedded runner does the same work on SQLite."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from tactful.desk.models import Draft, JobRun, Message
from tactful.samples import INBOX_DIR, SHOP_DIR

WORKER = [sys.executable, "-c", "from tactful.cli.main import main; main()", "worker"]


def statuses(desk) -> dict[str, int]:
    with desk.session() as s:
        return dict(s.execute(select(Message.status, func.count()).group_by(Message.status)).all())


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)   # PostgreSQL: the two-worker test
def test_embedded_worker_processes_everything_once(desk):
    from tactful.desk.jobs import run_embedded
    from tactful.mail import iter_messages
    desk.import_messages(list(iter_messages([INBOX_DIR]))[:6])
    desk.pipeline = None                   # the real stages
    run_embedded(desk, burst=True, name="embedded-test", echo=lambda *_: None)
    run_embedded(desk, burst=True, name="embedded-test", echo=lambda *_: None)   # nothing left to do
    assert statuses(desk) == {"done": 6}
    with desk.session() as s:
        assert s.scalar(select(func.count()).select_from(Draft)) == 6
        assert s.scalar(select(func.count()).select_from(JobRun).where(JobRun.status == "done")) == 6


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)   # Procrastinate needs PostgreSQL
def test_two_workers_process_each_message_exactly_once_even_when_one_is_killed(desk, db_url, tmp_path):
    from tactful.mail import iter_messages
    messages = list(iter_messages([INBOX_DIR]))[:24]
    desk.import_messages(messages)
    env = {**os.environ, "TACTFUL_DATABASE_URL": db_url[0], "TACTFUL_DATABASE_SCHEMA": db_url[1],
           "TACTFUL_SHOP_DIR": str(SHOP_DIR), "TACTFUL_LEASE_SECONDS": "3", "TACTFUL_WORKER_HEARTBEAT": "1",
           "TACTFUL_WORKER_STALLED_SECONDS": "4"}
    logs = {n: open(tmp_path / f"{n}.log", "wb") for n in ("A", "B")}
    procs = {n: subprocess.Popen(WORKER + ["--name", n], env=env, cwd=tmp_path, stdout=logs[n],
                                 stderr=subprocess.STDOUT) for n in ("A", "B")}
    try:
        # Kill A while it holds a message: it has claimed it and not finished.
        deadline = time.time() + 90
        victim = None
        while time.time() < deadline and victim is None:
            with desk.session() as s:
                victim = s.scalar(select(Message.id).where(Message.status == "processing",
                                                           Message.lease_owner == "A").limit(1))
            time.sleep(0.01)
        assert victim is not None, (tmp_path / "A.log").read_text()
        procs["A"].send_signal(signal.SIGKILL)
        procs["A"].wait()
        deadline = time.time() + 120
        while time.time() < deadline:
            st = statuses(desk)
            if set(st) <= {"done", "duplicate", "failed"}:
                break
            time.sleep(0.5)
        assert set(statuses(desk)) <= {"done", "duplicate"}, (statuses(desk), (tmp_path / "B.log").read_text())
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    p.kill()
        for f in logs.values():
            f.close()
    with desk.session() as s:
        total = s.scalar(select(func.count()).select_from(Message))
        assert total == 24
        drafts = dict(s.execute(select(Draft.message_id, func.count()).group_by(Draft.message_id)).all())
        done = set(s.scalars(select(Message.id).where(Message.status == "done")))
        assert set(drafts) == done and set(drafts.values()) == {1}          # exactly once
        runs = dict(s.execute(select(JobRun.target_id, func.count()).where(JobRun.status == "done")
                              .group_by(JobRun.target_id)).all())
        assert set(runs) == done | set(s.scalars(select(Message.id).where(Message.status == "duplicate")))
        assert set(runs.values()) == {1}
        # The killed worker's message was taken over by B after its lease ran out.
        m = s.get(Message, victim)
        assert m.process_runs == 2 and m.lease_owner == "B"
        workers = set(s.scalars(select(JobRun.worker)))
        assert "B" in workers


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_timers_alert_before_the_sla_breach(desk, clock, caplog):
    from desk_fakes import msg
    from tactful.desk.jobs import run_timers
    desk.ingest(msg(msgid="<t@x>", subject="Soon due", body="Which size?", date="Sun, 01 Mar 2026 11:00:00 +0000"))
    with caplog.at_level("WARNING", logger="tactful.desk.jobs"):
        run_timers(desk)
    assert "SLA-24 soon: TF-000001" in caplog.text


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_waiting_mail_is_queued_in_batches_and_only_once(desk):
    import dataclasses
    from desk_fakes import msg
    from tactful.desk.jobs import PROCESS_BATCH, defer_pending, ensure_schema, make_app, queued_message_ids
    desk.settings = dataclasses.replace(desk.settings, batch_size=4)
    desk.import_messages([msg(sender=f"j{i % 5}@x", msgid=f"<j{i}@x>", body=f"Which size? {i}") for i in range(10)])
    app = make_app(desk)
    ensure_schema(app, desk)
    with desk.engine.begin() as conn:
        from sqlalchemy import text
        conn.execute(text("DELETE FROM procrastinate_jobs"))
    assert defer_pending(desk, app) == 10
    assert defer_pending(desk, app) == 0            # already in a waiting job: not queued again
    assert len(queued_message_ids(desk)) == 10
    with desk.engine.connect() as conn:
        from sqlalchemy import text
        jobs = [list(a["message_pks"]) for a in conn.execute(text(
            "SELECT args FROM procrastinate_jobs WHERE task_name = :t ORDER BY id"), {"t": PROCESS_BATCH}).scalars()]
    assert sorted(pk for job in jobs for pk in job) == list(range(1, 11))
    assert all(len(job) <= 4 for job in jobs) and len(jobs) == 3
