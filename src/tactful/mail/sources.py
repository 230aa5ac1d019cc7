"""Read messages from files, mbox files (streamed), Maildir folders and folders of .eml files.

An mbox is read line by line from a binary file, one message in memory at a time, so a 10 GB
export needs no more memory than its largest message. Messages are split at "From " lines
(RFC 4155); ">From " lines are unescaped (mboxrd). ``source`` names the file and, for an mbox,
the message number counted from 1 ("inbox.mbox#42"), so an error points at the message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from tactful.errors import MailInputError
from tactful.mail.parse import parse_bytes
from tactful.mail.types import ParsedMessage

# "From sender@x Tue Jan  1 12:00:00 2019": an envelope line has a sender and a time. A body
# line "From here on..." that an mboxo writer forgot to escape has no time, so it stays text.
FROM_LINE = re.compile(rb"^From \S+ +\S.*\b\d{1,2}:\d{2}")
ESCAPED_FROM = re.compile(rb"^>(>*From )")
MAILDIR_PARTS = ("new", "cur")
# Files a mail export folder often holds beside the messages; never parsed as mail.
NOT_MAIL = (".yml", ".yaml", ".json", ".md", ".csv", ".png", ".jpg", ".jpeg", ".gif", ".pdf", ".zip",
            ".gz", ".xlsx", ".docx", ".html", ".htm", ".db", ".sqlite", ".index", ".lock")


def is_mbox(path: Path) -> bool:
    """True when the file starts with an mbox "From " line."""
    try:
        with path.open("rb") as handle:
            head = handle.read(5)
    except OSError:
        return False
    return head == b"From "


def iter_mbox(path: str | Path) -> Iterator[tuple[int, bytes]]:
    """Yield (number, raw bytes) for each message in an mbox file, streaming."""
    file = Path(path)
    number = 0
    lines: list[bytes] = []
    started = False
    with file.open("rb") as handle:
        for line in handle:
            if line.startswith(b"From ") and FROM_LINE.match(line):
                if started:
                    number += 1
                    yield number, _finish(lines)
                lines = []
                started = True
                continue
            if not started:
                # Text before the first "From " line: not an mbox message; keep it as one anyway.
                started = True
            if line.startswith(b">") and ESCAPED_FROM.match(line):
                line = line[1:]
            lines.append(line)
    if started and (lines or number == 0):
        number += 1
        yield number, _finish(lines)


def _finish(lines: list[bytes]) -> bytes:
    # The blank line before the next "From " belongs to the mbox format, not the message.
    if lines and lines[-1] in (b"\n", b"\r\n"):
        lines = lines[:-1]
    return b"".join(lines)


def _files_in(folder: Path) -> Iterator[Path]:
    if all((folder / part).is_dir() for part in ("cur",)) or (folder / "new").is_dir():
        # Maildir: messages live in new/ and cur/; tmp/ holds deliveries in progress.
        for part in MAILDIR_PARTS:
            sub = folder / part
            if sub.is_dir():
                yield from sorted(p for p in sub.iterdir() if p.is_file() and not p.name.startswith("."))
        return
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "tmp")
        for name in sorted(files):
            if not name.startswith(".") and not name.lower().endswith(NOT_MAIL):
                yield Path(root) / name


def _raw_from_file(path: Path) -> Iterator[tuple[str, bytes | None, str]]:
    """(source, raw bytes, error) for each message in one file; raw is None when unreadable."""
    if is_mbox(path):
        try:
            for number, raw in iter_mbox(path):
                yield f"{path}#{number}", raw, ""
        except OSError as exc:
            yield str(path), None, f"{path}: read failed: {exc}"
        return
    try:
        yield str(path), path.read_bytes(), ""
    except OSError as exc:
        yield str(path), None, f"{path}: read failed: {exc}"


def _checked(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    if isinstance(paths, (str, Path)):
        paths = [paths]
    checked = [Path(p) for p in paths]
    for path in checked:
        if not path.exists():
            raise MailInputError("no such file or folder", path=str(path))
    return checked


def iter_raw(paths: str | Path | Iterable[str | Path]) -> Iterator[tuple[str, bytes | None, str]]:
    """(source, raw bytes or None, error) for every message under ``paths``, streamed."""
    checked = _checked(paths)

    def generate() -> Iterator[tuple[str, bytes | None, str]]:
        for path in checked:
            files = _files_in(path) if path.is_dir() else [path]
            for file in files:
                yield from _raw_from_file(file)

    return generate()


def iter_messages(paths: str | Path | Iterable[str | Path]) -> Iterator[ParsedMessage]:
    """Every message under ``paths`` (files, mbox files, Maildir folders, plain folders).

    All paths are checked before reading starts: a missing one is a ``MailInputError``.
    A file that cannot be read yields a message holding only the error.
    """
    raws = iter_raw(paths)

    def generate() -> Iterator[ParsedMessage]:
        for source, raw, error in raws:
            if raw is None:
                yield ParsedMessage(source=source, errors=(error,))
            else:
                yield parse_bytes(raw, source=source)

    return generate()


def thread_keys(paths: str | Path | Iterable[str | Path]) -> dict[str, str]:
    """source -> thread_key for every message under ``paths``, from headers only.

    Threading needs every message at once; holding headers only keeps a large mailbox in
    little memory, and a second streamed pass can then parse bodies (``tactful parse`` does).
    """
    from tactful.mail.parse import parse_headers
    from tactful.mail.threads import thread_messages

    light = [parse_headers(raw, source) if raw is not None else ParsedMessage(source=source)
             for source, raw, _ in iter_raw(paths)]
    return {m.source: m.thread_key for m in thread_messages(light)}
