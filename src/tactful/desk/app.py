"""``Desk``: one object that holds the database, the settings, the shop and the clock.

The CLI, the job workers and the tests all go through it, so they run the same code.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from tactful.desk import db
from tactful.desk.config import Settings, require
from tactful.desk.intake import IngestResult, ingest, ingest_many
from tactful.desk.timeutil import now_utc
from tactful.errors import ConfigError, MailInputError


VOLUME_TTL = 30.0     # seconds a worker reuses its VOLUME measurement


@dataclass
class ImportReport:
    seen: int = 0
    stored: int = 0
    already: int = 0
    malformed: int = 0
    reopened: int = 0
    tickets: set[str] = field(default_factory=set)


class Desk:
    """The desk over one database."""

    def __init__(self, settings: Settings, *, engine: Engine | None = None, schema: str | None = None,
                 clock: Callable[[], datetime] = now_utc, shop=None, migrate: bool = True,
                 pipeline=None) -> None:
        self.settings = settings
        self.schema = schema or settings.database_schema or None
        self.engine = engine or db.open_database(settings.resolved_database_url, schema=self.schema,
                                                 migrate=migrate)
        if engine is not None and migrate:
            db.upgrade(engine)
        self.sessions: sessionmaker[Session] = db.session_factory(self.engine)
        self.clock = clock
        self._shop = shop
        self.pipeline = pipeline     # processing.Pipeline; None = the real stages
        self._resolved = None        # (key, pipeline, its resolved form): see resolved_pipeline
        self._volume = None          # (monotonic time, volume.Volume): see volume

    # -- shop ------------------------------------------------------------------------------------
    @property
    def shop(self):
        if self._shop is None:
            require(self.settings, "shop_dir")
            from tactful.shop import load_shop
            self._shop = load_shop(Path(self.settings.shop_dir))
        return self._shop

    @property
    def reply_hours(self) -> int:
        if self._shop is not None or self.settings.shop_dir:
            return self.shop.reply_hours
        return 24

    def session(self) -> Session:
        return self.sessions()

    # -- import ----------------------------------------------------------------------------------
    def ingest(self, parsed, *, origin: str = "") -> IngestResult:
        with db.transaction(self.sessions) as session:
            return ingest(session, parsed, now=self.clock(), reply_hours=self.reply_hours, origin=origin)

    def import_messages(self, messages: Iterable, *, batch: int = 200) -> ImportReport:
        """Store every message (idempotent), ``batch`` messages per query round and commit, so a
        crash loses at most the batch in flight (and a rerun stores it)."""
        report = ImportReport()
        session = self.sessions()
        hours = self.reply_hours

        def store(chunk: list) -> None:
            for result in ingest_many(session, chunk, now=self.clock(), reply_hours=hours):
                report.seen += 1
                report.stored += result.created
                report.already += not result.created
                report.malformed += result.malformed
                report.reopened += result.reopened
                report.tickets.add(result.ticket_ref)
            session.commit()

        try:
            chunk: list = []
            for parsed in messages:
                chunk.append(parsed)
                if len(chunk) >= batch:
                    store(chunk)
                    chunk = []
            if chunk:
                store(chunk)
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        return report

    def import_paths(self, paths: Iterable[str | Path]) -> ImportReport:
        from tactful.mail import iter_messages

        paths = [Path(p) for p in paths]
        for p in paths:
            if not p.exists():
                raise MailInputError("no such file or folder", path=str(p))
        return self.import_messages(iter_messages(paths))

    # -- processing ------------------------------------------------------------------------------
    def resolved_pipeline(self, pipeline=None):
        """The pipeline with its stages and the shop's analysis context, built once per shop."""
        from tactful.desk.processing import REAL_STAGES

        chosen = pipeline or self.pipeline or REAL_STAGES
        key = (id(chosen), id(self.shop))       # the tuple below keeps both alive: ids stay unique
        if self._resolved is None or self._resolved[0] != key:
            self._resolved = (key, chosen, chosen.resolved(self.shop))
        return self._resolved[2]

    def volume(self, *, fresh: bool = False):
        """VOLUME: the desk's load now (measured at most every VOLUME_TTL seconds per process)."""
        from tactful.desk.volume import measure

        if fresh or self._volume is None or time.monotonic() - self._volume[0] > VOLUME_TTL:
            with self.sessions() as session:
                self._volume = (time.monotonic(), measure(session, self.settings))
        return self._volume[1]

    def process(self, *, limit: int | None = None, worker: str = "embedded", pipeline=None):
        from tactful.desk.processing import process_pending

        session = self.sessions()
        try:
            return process_pending(session, shop=self.shop, now=self.clock(), settings=self.settings,
                                   limit=limit, worker=worker, pipeline=self.resolved_pipeline(pipeline),
                                   concise=lambda: self.volume().on)
        finally:
            session.close()

    def process_batch(self, message_pks, *, worker: str = "", pipeline=None):
        from tactful.desk.processing import process_batch

        session = self.sessions()
        try:
            return process_batch(session, message_pks, shop=self.shop, now=self.clock(), settings=self.settings,
                                 worker=worker, pipeline=self.resolved_pipeline(pipeline),
                                 concise=self.volume().on)
        finally:
            session.close()

    def process_message(self, message_pk: int, *, worker: str = "", pipeline=None):
        return self.process_batch([message_pk], worker=worker, pipeline=pipeline)

    # -- sending ---------------------------------------------------------------------------------
    def transport(self):
        from tactful.desk.outbox import SmtpTransport

        require(self.settings, "smtp_host")
        s = self.settings
        return SmtpTransport(s.smtp_host, s.smtp_port, s.smtp_user, s.smtp_password, s.smtp_starttls,
                             timeout=s.smtp_timeout_seconds)

    def sent_lookup(self):
        """Message-IDs -> those found in the IMAP Sent folder; None when IMAP is not configured."""
        if not (self.settings.imap_host and self.settings.imap_user):
            return None
        from tactful.desk.imap import find_sent

        return lambda message_ids: find_sent(self.settings, message_ids)

    def send(self, transport=None, *, only_due: bool = True):
        from tactful.desk.outbox import deliver, queue_approved

        transport = transport or self.transport()
        with db.transaction(self.sessions) as session:
            queue_approved(session, shop=self.shop, now=self.clock())
        session = self.sessions()
        try:
            return deliver(session, transport, now=self.clock(), settings=self.settings, only_due=only_due,
                           sent_lookup=self.sent_lookup())
        finally:
            session.close()


def check_shop_dir(settings: Settings) -> None:
    if settings.shop_dir and not Path(settings.shop_dir).is_dir():
        raise ConfigError(f"shop_dir {settings.shop_dir!r} is not a folder", field="shop_dir")
