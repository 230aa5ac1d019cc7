"""Background work as jobs: Procrastinate on PostgreSQL, the same functions in-process on SQLite.

Jobs: ``tactful.process_batch`` (analyse, draft, review a batch of messages in one transaction;
``tactful.process_message`` still runs jobs of one message queued by earlier versions),
``tactful.fetch`` (IMAP), ``tactful.send`` (outbox) and ``tactful.timers`` (every minute: send
what is due, re-queue messages whose worker died). Exactly-once processing rests on two locks:
Procrastinate hands a job to one worker, and the message lease (processing.claim_many) lets only
one worker draft a message even when a stalled job is retried or a message was queued twice. A
worker killed mid-job leaves leases that expire and a job with no heartbeat, which ``recover``
sends back to the queue.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from typing import Callable

from sqlalchemy import func, select

from tactful.desk.models import Message

log = logging.getLogger(__name__)
PROCESS, FETCH, SEND, TIMERS = "tactful.process_message", "tactful.fetch", "tactful.send", "tactful.timers"
PROCESS_BATCH = "tactful.process_batch"
TIMER_ALERTS = 10          # tickets named per SLA state in each timer run's log


class LeaseHeld(Exception):
    """Another worker holds this message's lease; Procrastinate retries the job later."""


def default_worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# --- the job functions (shared by both runners) ----------------------------------------------

def process_batch_job(desk, message_pks: list[int], *, worker: str) -> str:
    report = desk.process_batch(message_pks, worker=worker)
    if report.skipped:
        with desk.session() as s:
            held = s.scalar(select(func.count()).select_from(Message).where(
                Message.id.in_(message_pks), Message.status == "processing",
                Message.lease_owner != worker))
        if held:
            # Another worker holds some of them: try again later (if it died, its lease expires).
            raise LeaseHeld(f"{held} of {len(message_pks)} messages are leased by another worker")
    return f"{report.drafted} drafted, {report.duplicates} duplicates, {report.failed} failed, {report.skipped} skipped"


def process_message_job(desk, message_pk: int, *, worker: str) -> str:
    return process_batch_job(desk, [message_pk], worker=worker)


def expired_leases(desk) -> list[int]:
    with desk.session() as s:
        return list(s.scalars(select(Message.id).where(Message.status == "processing",
                                                       Message.lease_until < desk.clock())))


def run_timers(desk) -> list[str]:
    """Time-driven work: SLA-24 alerts before breaches happen (logged as warnings), NOTIFY notices
    (when ``notify`` is on) and FOLLOW mails that are due (when ``follow_up_email`` is on)."""
    from tactful.desk.queries import sla_counts, sla_watch

    with desk.session() as session:
        # A backlog can hold thousands of late tickets: totals, then the most urgent few by name.
        counts = sla_counts(session, now=desk.clock(), soon_hours=desk.settings.soon_hours)
        watch = sla_watch(session, now=desk.clock(), soon_hours=desk.settings.soon_hours, limit=TIMER_ALERTS)
    if counts["breached"] or counts["soon"]:
        log.warning("SLA-24: %d breached, %d due within %g h (`tactful sla` lists them all)",
                    counts["breached"], counts["soon"], desk.settings.soon_hours)
    for state in ("breached", "soon"):
        for row in watch.get(state, []):
            log.warning("SLA-24 %s: %s due %s (priority %s) %s", state, row.ref,
                        row.sla_due.strftime("%Y-%m-%d %H:%M"), row.priority, row.subject[:60])
    from tactful.desk.db import transaction

    done: list[str] = []
    if desk.settings.notify:
        from tactful.desk.notices import queue_notices
        with transaction(desk.sessions) as session:
            done += queue_notices(session, shop=desk.shop, now=desk.clock())
    if desk.settings.follow_up_email:
        from tactful.desk.workflow import send_due_follow_ups
        with transaction(desk.sessions) as session:
            done += send_due_follow_ups(session, shop=desk.shop, now=desk.clock())
    return done


# --- Procrastinate (PostgreSQL) ----------------------------------------------------------------

def conninfo(url: str) -> str:
    """libpq connection string from a SQLAlchemy URL."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return u.set(drivername="postgresql").render_as_string(hide_password=False)


def make_app(desk, *, worker_name: str | None = None):
    """A Procrastinate app bound to the desk's PostgreSQL database (and schema)."""
    import procrastinate

    settings = desk.settings
    kwargs: dict = {"conninfo": conninfo(settings.resolved_database_url)}
    schema = desk_schema(desk)
    if schema:
        kwargs["kwargs"] = {"options": f"-csearch_path={schema}"}
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(**kwargs))
    name = worker_name or default_worker_name()

    retry = procrastinate.RetryStrategy(max_attempts=20, wait=2, retry_exceptions={LeaseHeld})

    @app.task(name=PROCESS_BATCH, queue="process", retry=retry)
    def process_batch(message_pks: list[int]) -> str:
        return process_batch_job(desk, message_pks, worker=name)

    @app.task(name=PROCESS, queue="process", retry=retry)
    def process_message(message_pk: int) -> str:
        return process_message_job(desk, message_pk, worker=name)

    @app.task(name=FETCH, queue="mail")
    def fetch() -> int:
        from tactful.desk.imap import fetch_new
        report = fetch_new(desk)
        defer_pending(desk, app)
        return report.stored

    @app.task(name=SEND, queue="mail")
    def send() -> int:
        return desk.send().sent

    @app.periodic(cron="* * * * *")
    @app.task(name=TIMERS, queue="timers", queueing_lock="timers")
    def timers(timestamp: int) -> None:
        run_timers(desk)
        if desk.settings.smtp_host:
            desk.send()
        if expired_leases(desk):
            defer_pending(desk, app)

    app.desk_tasks = {"process": process_batch, "process_one": process_message, "fetch": fetch,  # type: ignore[attr-defined]
                      "send": send}
    return app


def desk_schema(desk) -> str | None:
    return getattr(desk, "schema", None) or desk.settings.database_schema or None


def ensure_schema(app, desk) -> None:
    """Install Procrastinate's tables once (they live beside the desk's tables)."""
    from sqlalchemy import inspect, text

    with desk.engine.connect() as conn:
        if inspect(conn).has_table("procrastinate_jobs"):
            return
        # Two workers starting together must not both install it: serialise on an advisory lock.
        conn.execute(text("SELECT pg_advisory_lock(hashtext('tactful.procrastinate_schema'))"))
        try:
            conn.commit()
            if not inspect(conn).has_table("procrastinate_jobs"):
                with app.open():
                    app.schema_manager.apply_schema()
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(hashtext('tactful.procrastinate_schema'))"))
            conn.commit()


def queued_message_ids(desk) -> set[int]:
    """Messages already in a process job that is waiting or running (Procrastinate's job table)."""
    from sqlalchemy import text

    with desk.engine.connect() as conn:
        return set(conn.execute(text(
            "SELECT (jsonb_array_elements_text(args->'message_pks'))::bigint FROM procrastinate_jobs "
            "WHERE task_name = :batch AND status IN ('todo', 'doing') "
            "UNION SELECT (args->>'message_pk')::bigint FROM procrastinate_jobs "
            "WHERE task_name = :one AND status IN ('todo', 'doing')"),
            {"batch": PROCESS_BATCH, "one": PROCESS}).scalars())


def defer_pending(desk, app=None) -> int:
    """Queue every waiting message that is not in a job yet, ``batch_size`` messages per job (one
    sender's messages in one job, see processing.batches); returns how many messages were queued.
    A message queued twice by a race is still processed once: the lease decides."""
    from tactful.desk.processing import batches, pending_rows

    app = app or make_app(desk)
    with desk.session() as s:
        rows = pending_rows(s, now=desk.clock())
    if not rows:
        return 0
    queued = queued_message_ids(desk)
    rows = [(pk, sender) for pk, sender in rows if pk not in queued]
    jobs = batches(rows, size=desk.settings.batch_size)
    with app.open():
        for start in range(0, len(jobs), 1000):
            app.configure_task(PROCESS_BATCH).batch_defer(*({"message_pks": pks} for pks in jobs[start:start + 1000]))
    return sum(len(pks) for pks in jobs)


async def recover(app, *, stalled_seconds: float) -> int:
    """Send jobs of dead workers (no heartbeat) back to the queue."""
    jobs = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_seconds)
    for job in jobs:
        log.warning("retrying stalled job %s (%s)", job.id, job.task_name)
        await app.job_manager.retry_job(job)
    return len(jobs)


def run_procrastinate(desk, *, concurrency: int = 1, burst: bool = False, name: str | None = None,
                      heartbeat: float = 5.0, stalled_seconds: float = 20.0, echo: Callable = print) -> None:
    name = name or default_worker_name()
    app = make_app(desk, worker_name=name)
    ensure_schema(app, desk)
    defer_pending(desk, app)

    async def main() -> None:
        async with app.open_async():
            async def recover_loop() -> None:
                while True:
                    await asyncio.sleep(max(1.0, heartbeat))
                    try:
                        await recover(app, stalled_seconds=stalled_seconds)
                    except Exception as exc:  # noqa: BLE001 - keep the worker alive, say why
                        log.error("stalled-job recovery failed: %s", exc)

            task = asyncio.create_task(recover_loop())
            try:
                await app.run_worker_async(name=name, concurrency=concurrency, wait=not burst,
                                           update_heartbeat_interval=heartbeat,
                                           stalled_worker_timeout=stalled_seconds,
                                           fetch_job_polling_interval=1.0)
            finally:
                task.cancel()

    echo(f"worker {name}: Procrastinate on PostgreSQL, concurrency {concurrency}")
    asyncio.run(main())


# --- embedded runner (SQLite, or PostgreSQL without workers) ---------------------------------

def run_embedded(desk, *, burst: bool = False, name: str | None = None, interval: float = 30.0,
                 echo: Callable = print) -> None:
    """The same jobs in this process: fetch, process, send, in a loop (one pass with ``burst``)."""
    name = name or default_worker_name()
    echo(f"worker {name}: in-process jobs on {desk.engine.dialect.name}")
    while True:
        if desk.settings.imap_host:
            from tactful.desk.imap import fetch_new
            fetch_new(desk)
        from tactful.desk.processing import batches, pending_rows
        with desk.session() as s:
            rows = pending_rows(s, now=desk.clock())
        for pks in batches(rows, size=desk.settings.batch_size):
            try:
                process_batch_job(desk, pks, worker=name)
            except LeaseHeld:
                pass
        run_timers(desk)
        if desk.settings.smtp_host:
            desk.send()
        if burst:
            return
        time.sleep(interval)


def run_worker(desk, *, concurrency: int = 1, burst: bool = False, name: str | None = None,
               echo: Callable = print) -> None:
    if desk.settings.is_postgres:
        hb = float(os.environ.get("TACTFUL_WORKER_HEARTBEAT", "5"))
        stalled = float(os.environ.get("TACTFUL_WORKER_STALLED_SECONDS", str(max(4 * hb, 4))))
        run_procrastinate(desk, concurrency=concurrency, burst=burst, name=name, heartbeat=hb,
                          stalled_seconds=stalled, echo=echo)
    else:
        run_embedded(desk, burst=burst, name=name, echo=echo)
