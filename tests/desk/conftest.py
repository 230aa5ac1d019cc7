"""Desk test fixtures: every desk test runs on SQLite and on the local PostgreSQL.

``TACTFUL_TEST_DB=sqlite`` or ``=postgres`` narrows the run to one database (default: both).
PostgreSQL is 127.0.0.1:5432, database ``test``, trust auth (override with TACTFUL_TEST_PG_URL);
each test session works in its own schema, dropped at the end, so parallel runs never collide.
When PostgreSQL is unreachable the postgres tests FAIL with the reason; they are never skipped.
"""

from __future__ import annotations

import os
import shutil
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tactful.desk.config import Settings
from tactful.desk.db import make_engine, upgrade

PG_URL = os.environ.get("TACTFUL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_choice = os.environ.get("TACTFUL_TEST_DB", "both").lower()
BACKENDS = ["sqlite", "postgres"] if _choice == "both" else [_choice]
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)   # a Monday morning


class Clock:
    """A settable clock so SLA and follow-up tests do not depend on the wall clock."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> datetime:
        from datetime import timedelta
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture(scope="session")
def pg_schema():
    """A fresh schema for this test session, upgraded once; dropped afterwards."""
    schema = f"tactful_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - report any connection problem plainly
        pytest.fail(f"PostgreSQL at {PG_URL} is unreachable ({type(exc).__name__}: {exc}). The desk tests "
                    f"run on PostgreSQL too; start it, or set TACTFUL_TEST_DB=sqlite to run SQLite only.",
                    pytrace=False)
    engine = make_engine(PG_URL, schema=schema)
    upgrade(engine)
    engine.dispose()
    yield schema
    with admin.begin() as conn:
        # Connections a killed worker left behind would block the drop; end them first.
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE pid <> pg_backend_pid() AND query ILIKE :s"), {"s": f"%{schema}%"})
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("desk-template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


TABLES = ("audit_log", "job_runs", "notices_sent", "imap_state", "handover_notes", "follow_ups", "outbox", "reviews",
          "drafts", "messages", "tickets", "incidents", "customers")


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The PostgreSQL URL the desk tests use (a fixture: ``conftest`` is not importable by name
    when the whole suite runs, since several test folders have one)."""
    return PG_URL


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def db_url(backend, request, tmp_path):
    """(url, schema) of an empty, migrated database of the requested backend."""
    if backend == "sqlite":
        path = tmp_path / "desk.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}", None
    else:
        schema = request.getfixturevalue("pg_schema")
        engine = make_engine(PG_URL, schema=schema)
        with engine.begin() as conn:
            conn.execute(text("TRUNCATE " + ", ".join(TABLES) + " RESTART IDENTITY CASCADE"))
        engine.dispose()
        yield PG_URL, schema


@pytest.fixture(scope="module")
def dovecot():
    """A private Dovecot IMAP server on loopback (tests/desk/servers.py)."""
    import tempfile

    from servers import Dovecot
    # Not under pytest's tmp dir: that is 0700 root-only and Dovecot's own users must read it.
    root = Path(tempfile.mkdtemp(prefix="tactful-dovecot-"))
    root.chmod(0o755)
    server = Dovecot(root)
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings(db_url) -> Settings:
    return Settings(database_url=db_url[0], surge_count=3, surge_window_minutes=60, ack=True)


@pytest.fixture(scope="session")
def shop():
    from tactful.samples import SHOP_DIR
    from tactful.shop import load_shop
    return load_shop(SHOP_DIR)


@pytest.fixture
def desk(db_url, settings, clock, shop):
    from tactful.desk.app import Desk
    from desk_fakes import fake_pipeline

    d = Desk(settings, schema=db_url[1], clock=clock, shop=shop, pipeline=fake_pipeline())
    yield d
    from sqlalchemy.orm import close_all_sessions
    close_all_sessions()     # a test that left a session open must not block the schema drop
    d.engine.dispose()
