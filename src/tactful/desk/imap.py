"""Mail in over IMAP (imaplib): fetch by UID, honour UIDVALIDITY, resume after restarts, IDLE.

Each fetched batch of messages is stored and the folder's progress (last UID) is advanced in the
SAME transaction, so a crash or a dropped connection can neither lose a message (progress only moves
after the message is stored) nor duplicate one (a refetch is caught by the idempotent import).
Messages are fetched with BODY.PEEK[] so the mailbox's \\Seen flags stay as the seller left them.
"""

from __future__ import annotations

import imaplib
import re
import socket
import time
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import select

from tactful.desk.audit import audit
from tactful.desk.config import require
from tactful.desk.ids import angle, norm_id
from tactful.desk.intake import ingest_many
from tactful.desk.models import ImapState
from tactful.errors import ConfigError, MailTransportError

BATCH = 50
_UID = re.compile(rb"UID (\d+)")


@dataclass
class FetchReport:
    fetched: int = 0
    stored: int = 0
    already: int = 0
    last_uid: int = 0
    reconnects: int = 0
    uidvalidity_reset: bool = False


def account_key(settings) -> str:
    return f"{settings.imap_user}@{settings.imap_host}:{settings.imap_port}/{settings.imap_folder}"


def connect(settings) -> imaplib.IMAP4:
    require(settings, "imap_host", "imap_user")
    try:
        cls = imaplib.IMAP4_SSL if settings.imap_ssl else imaplib.IMAP4
        imap = cls(settings.imap_host, settings.imap_port, timeout=60)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailTransportError(f"cannot connect to IMAP {settings.imap_host}:{settings.imap_port}: {exc}") from exc
    try:
        imap.login(settings.imap_user, settings.imap_password)
    except imaplib.IMAP4.error as exc:
        raise ConfigError(f"IMAP login as {settings.imap_user!r} refused: {exc}", field="imap_password") from exc
    return imap


def select_folder(imap: imaplib.IMAP4, folder: str) -> int:
    """Select ``folder`` and return its UIDVALIDITY."""
    typ, data = imap.select(_quote(folder), readonly=True)
    if typ != "OK":
        raise ConfigError(f"IMAP folder {folder!r} cannot be selected: {data}", field="imap_folder")
    value = imap.response("UIDVALIDITY")[1]
    if not value or value[0] is None:
        raise MailTransportError(f"IMAP server gave no UIDVALIDITY for {folder!r}")
    return int(value[0])


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_uids(imap: imaplib.IMAP4, last_uid: int) -> list[int]:
    typ, data = imap.uid("SEARCH", None, f"UID {last_uid + 1}:*")
    if typ != "OK":
        raise MailTransportError(f"IMAP UID SEARCH failed: {data}")
    # "n:*" always matches the highest UID, even when it is <= n (RFC 3501 §6.4.8): filter.
    return sorted(u for u in (int(x) for x in (data[0] or b"").split()) if u > last_uid)


def fetch_raw(imap: imaplib.IMAP4, uids: list[int]) -> list[tuple[int, bytes]]:
    typ, data = imap.uid("FETCH", ",".join(map(str, uids)), "(UID BODY.PEEK[])")
    if typ != "OK":
        raise MailTransportError(f"IMAP UID FETCH failed: {data}")
    out = []
    for part in data:
        if isinstance(part, tuple):
            match = _UID.search(part[0])
            if match:
                out.append((int(match.group(1)), part[1]))
    return sorted(out)


def _state(session, key: str) -> ImapState | None:
    return session.scalars(select(ImapState).where(ImapState.account == key)).first()


def fetch_once(desk, imap: imaplib.IMAP4, report: FetchReport,
               on_message: Callable[[int], None] | None = None) -> None:
    from tactful.mail import parse_bytes

    settings = desk.settings
    key = account_key(settings)
    validity = select_folder(imap, settings.imap_folder)
    with desk.sessions() as session:
        state = _state(session, key)
        now = desk.clock()
        if state is None:
            state = ImapState(account=key, uidvalidity=validity, last_uid=0, updated_at=now)
            session.add(state)
            session.commit()
        elif state.uidvalidity != validity:
            # The server renumbered the folder: old UIDs mean nothing now. Start again from 0;
            # the idempotent import keeps every message we already have from being stored twice.
            audit(session, at=now, entity="imap", entity_id=state.id, action="uidvalidity_changed",
                  old=state.uidvalidity, new=validity)
            state.uidvalidity, state.last_uid = validity, 0
            session.commit()
            report.uidvalidity_reset = True
        last = state.last_uid
    uids = new_uids(imap, last)
    hours = desk.reply_hours
    for start in range(0, len(uids), BATCH):
        fetched = fetch_raw(imap, uids[start:start + BATCH])
        if not fetched:
            continue
        origins = [f"imap:{key}#{uid}" for uid, _raw in fetched]
        parsed = [parse_bytes(raw, source=origin) for (_uid, raw), origin in zip(fetched, origins)]
        with desk.sessions() as session:
            results = ingest_many(session, parsed, now=desk.clock(), reply_hours=hours, origins=origins)
            state = _state(session, key)
            state.last_uid = max(state.last_uid, fetched[-1][0])
            state.updated_at = desk.clock()
            session.commit()       # the batch's messages and the progress together
        for (uid, _raw), result in zip(fetched, results):
            report.fetched += 1
            report.stored += result.created
            report.already += not result.created
            report.last_uid = uid
            if on_message is not None:
                on_message(uid)
    if not uids:
        with desk.sessions() as session:
            state = _state(session, key)
            report.last_uid = state.last_uid if state else 0


def find_sent(settings, message_ids: list[str]) -> set[str]:
    """Which of ``message_ids`` are in the IMAP Sent folder (``imap_sent_folder``): proof that an
    interrupted SMTP send did go out, where the provider files SMTP-submitted mail there."""
    if not message_ids:
        return set()
    imap = connect(settings)
    try:
        typ, data = imap.select(_quote(settings.imap_sent_folder), readonly=True)
        if typ != "OK":
            raise MailTransportError(f"IMAP folder {settings.imap_sent_folder!r} cannot be selected: {data}")
        found = set()
        for message_id in message_ids:
            typ, data = imap.uid("SEARCH", None, "HEADER", "Message-ID", _quote(angle(message_id)))
            if typ == "OK" and data and data[0] and data[0].split():
                found.add(norm_id(message_id))
        return found
    except (imaplib.IMAP4.error, OSError) as exc:
        raise MailTransportError(f"IMAP search of {settings.imap_sent_folder!r} failed: {exc}") from exc
    finally:
        _logout(imap)


def fetch_new(desk, *, retries: int = 5, backoff: float = 1.0,
              on_message: Callable[[int], None] | None = None) -> FetchReport:
    """Fetch everything new; reconnects after a dropped connection and carries on."""
    report = FetchReport()
    attempt = 0
    while True:
        imap = None
        try:
            imap = connect(desk.settings)
            fetch_once(desk, imap, report, on_message)
            _logout(imap)
            return report
        except (imaplib.IMAP4.abort, OSError, socket.timeout, MailTransportError) as exc:
            _logout(imap)
            attempt += 1
            report.reconnects += 1
            if attempt > retries:
                raise MailTransportError(f"IMAP fetch gave up after {retries} reconnects: {exc}") from exc
            time.sleep(min(backoff * (2 ** (attempt - 1)), 60))


def _logout(imap) -> None:
    if imap is None:
        return
    try:
        imap.logout()
    except Exception:  # noqa: BLE001 - the connection may already be gone
        pass


def wait_idle(imap: imaplib.IMAP4, timeout: float) -> bool:
    """RFC 2177 IDLE: wait up to ``timeout`` s for the server to announce new mail."""
    tag = imap._new_tag()
    imap.send(tag + b" IDLE\r\n")
    line = imap.readline()
    if not line.startswith(b"+"):
        raise MailTransportError(f"IMAP IDLE refused: {line!r}")
    sock = imap.socket()
    sock.settimeout(timeout)
    news = False
    try:
        while True:
            line = imap.readline()
            if not line:
                raise imaplib.IMAP4.abort("connection closed during IDLE")
            if b"EXISTS" in line or b"RECENT" in line:
                news = True
                break
    except (socket.timeout, TimeoutError):
        pass
    finally:
        sock.settimeout(60)
    imap.send(b"DONE\r\n")
    while True:
        line = imap.readline()
        if not line:
            raise imaplib.IMAP4.abort("connection closed ending IDLE")
        if line.startswith(tag):
            break
    return news


def idle_loop(desk, *, echo=print, rounds: int | None = None, idle_seconds: float = 29 * 60,
              poll_seconds: float = 60.0) -> None:
    """``tactful fetch --idle``: fetch, then wait for news with IDLE (or poll), forever."""
    done = 0
    while rounds is None or done < rounds:
        report = fetch_new(desk)
        if report.stored:
            echo(f"fetched {report.stored} new messages (last UID {report.last_uid})")
        done += 1
        if rounds is not None and done >= rounds:
            return
        imap = connect(desk.settings)
        try:
            select_folder(imap, desk.settings.imap_folder)
            if b"IDLE" in {c.encode() if isinstance(c, str) else c for c in imap.capabilities} or \
                    "IDLE" in imap.capabilities:
                wait_idle(imap, idle_seconds)
            else:
                time.sleep(poll_seconds)
        finally:
            _logout(imap)
