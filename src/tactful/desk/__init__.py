"""The desk: storage, tickets, SLA, workflow, IMAP/SMTP and background jobs (the I/O shell).

    Desk(settings)            one object over the database, shop and clock (app.py)
    load_settings()           TACTFUL_* env vars and ./tactful.toml (config.py)
    ingest(session, parsed)   idempotent, threaded, secret-masked storage of one mail (intake.py)
    process_pending(...)      analyse, draft, review waiting mail (processing.py)
    fetch_new(desk)           IMAP by UID (imap.py); deliver(...) SMTP outbox (outbox.py)
    run_worker(desk)          Procrastinate on PostgreSQL, in-process on SQLite (jobs.py)

Decisions live in small pure modules: sla, priority, complaint, surge, profile, masking, ack.
"""

from tactful.desk.app import Desk, ImportReport
from tactful.desk.config import Settings, load_settings
from tactful.desk.intake import IngestResult, ingest
from tactful.desk.processing import Pipeline, ProcessReport, process_pending

__all__ = ["Desk", "ImportReport", "IngestResult", "Pipeline", "ProcessReport", "Settings", "ingest",
           "load_settings", "process_pending"]
