"""``tactful parse``: read mail files, mbox files and Maildir folders; print the parsed messages."""

from __future__ import annotations

import json
import sys

import click


@click.command("parse")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object per message (JSON Lines) instead of a table.")
@click.option("--no-thread", is_flag=True,
              help="Skip threading (one pass instead of two; thread_key stays empty).")
def parse_command(paths: tuple[str, ...], as_json: bool, no_thread: bool) -> None:
    """Parse .eml files, mbox files and Maildir folders into clean messages.

    Each message gets its sender, recipients, subject, date, the customer's new text, the
    quoted history, the signature, a sanitised HTML copy, its attachments and any errors met
    while reading it. A message that cannot be read is still printed, with its errors.
    Mailboxes are streamed: threading reads the headers first, then the bodies one by one.
    """
    from dataclasses import replace

    from tactful.mail import iter_messages, thread_keys

    messages = iter_messages(list(paths))  # raises MailInputError for a missing path
    keys = {} if no_thread else thread_keys(list(paths))
    progress = _progress() if sys.stderr.isatty() else None
    rows = []
    try:
        for message in messages:
            if keys:
                message = replace(message, thread_key=keys.get(message.source, ""))
            if as_json:
                sys.stdout.write(json.dumps(message.to_json(), ensure_ascii=False) + "\n")
            else:
                rows.append(message)
            if progress:
                progress.advance()
    except BrokenPipeError:
        # The reader went away (``tactful parse --json box | head``): stop quietly.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    finally:
        if progress:
            progress.stop()
    if not as_json:
        _table(rows)


class _progress:
    """A Rich progress counter on stderr (only when stderr is a terminal)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(SpinnerColumn(), TextColumn("parsed {task.completed} messages"),
                                  TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self._task = self._progress.add_task("parse", total=None)
        self._progress.start()

    def advance(self) -> None:
        self._progress.advance(self._task)

    def stop(self) -> None:
        self._progress.stop()


def _table(messages: list) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(messages)} message(s)", show_lines=False)
    for column in ("source", "date", "from", "subject", "new text", "att.", "thread", "errors"):
        table.add_column(column, overflow="fold")
    for message in messages:
        sender = message.from_.address or message.from_.name
        preview = " ".join(message.new_text.split())
        table.add_row(
            message.source.rsplit("/", 1)[-1],
            message.date.strftime("%Y-%m-%d %H:%M") if message.date else "",
            sender,
            message.subject[:60],
            preview[:80] + ("…" if len(preview) > 80 else ""),
            str(len(message.attachments)) or "",
            message.thread_key[-6:],
            str(len(message.errors)) if message.errors else "",
        )
    Console().print(table)


commands = [parse_command]
