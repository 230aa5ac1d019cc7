"""``tactful check``: review a reply to a customer email against the playbook (PLAYBOOK §4, §5)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import click

# A leading "Subject: ..." line in the reply file is the reply's subject (SUBJECT rule).
_SUBJECT_LINE = re.compile(r"\A\s*subject\s*:[ \t]*(?P<s>[^\n]*)\n", re.IGNORECASE)
# A plain-text file that starts with mail headers is parsed as a message, not as body text.
_HEADER_START = re.compile(r"\A(?:[A-Za-z][A-Za-z0-9-]*:[^\n]*\n)+\n", re.MULTILINE)
_STYLE = {"error": "bold white on red", "warning": "black on yellow", "info": "black on cyan"}


class BadInput(click.ClickException):
    """User input that cannot be used: exit status 2 with a one-line reason."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def _parse_when(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadInput(f"--sent-at {value!r} is not an ISO-8601 date and time "
                       "(for example 2026-03-05T10:00:00+01:00)") from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _read_text(path: Path, what: str) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read {what} {path}: {exc.strerror}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"{what} {path} is not UTF-8 text") from None


def _load_email(path: Path):
    from tactful.mail import message_from_text, parse_bytes

    if path.suffix.lower() == ".eml":
        try:
            return parse_bytes(path.read_bytes(), source=str(path))
        except OSError as exc:
            raise BadInput(f"cannot read email {path}: {exc.strerror}") from exc
    text = _read_text(path, "email")
    if _HEADER_START.match(text):
        return parse_bytes(text.encode("utf-8"), source=str(path))
    if not text.strip():
        raise BadInput(f"email {path} is empty")
    return message_from_text(text.strip(), source=str(path))


def _load_shop(shop_dir: str | None):
    if not shop_dir:
        return None
    from tactful.errors import InputError
    from tactful.shop import load_shop

    try:
        return load_shop(shop_dir)
    except InputError as exc:
        raise BadInput(f"shop data: {exc}") from exc


@click.command("check")
@click.option("--email", "email_path", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The customer's email: an .eml file or plain text.")
@click.option("--reply", "reply_path", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The reply to review (plain text; an optional first line 'Subject: ...').")
@click.option("--shop", "shop_dir", type=click.Path(exists=True, file_okay=False, path_type=str),
              help="Shop folder: checks numbers, stock and offers against its data (GROUNDED, "
                   "POLICY-LIMIT) and applies its silenced rules.")
@click.option("--sent-at", "sent_at", metavar="ISO-8601",
              help="When the reply goes out; enables LATE (default: not checked).")
@click.option("--disable", "disabled", multiple=True, metavar="RULE",
              help="Silence a rule by its playbook ID (repeatable), e.g. --disable INVITE.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def check_command(ctx: click.Context, email_path: Path, reply_path: Path, shop_dir: str | None,
                  sent_at: str | None, disabled: tuple[str, ...], as_json: bool) -> None:
    """Review a reply to a customer email against the playbook before sending it.

    Prints the findings (rule ID, severity, where in the reply, what to change, a suggested
    rewrite) and a 0-100 score. Exit status: 0 passed, 1 an error-severity finding, 2 bad input.
    """
    from tactful.review import review, rule_names
    from tactful.understand import analyze

    when = _parse_when(sent_at)
    unknown = sorted({d.upper() for d in disabled} - set(rule_names()))
    if unknown:
        raise BadInput(f"unknown rule(s) for --disable: {', '.join(unknown)} "
                       f"(known: {', '.join(rule_names())})")
    shop = _load_shop(shop_dir)
    message = _load_email(email_path)
    reply = _read_text(reply_path, "reply")
    subject = None
    m = _SUBJECT_LINE.match(reply)
    if m:
        subject, reply = m.group("s").strip(), reply[m.end():]
    if not reply.strip():
        raise BadInput(f"reply {reply_path} is empty")
    context = None
    if shop is not None:
        from tactful.compose import context_for
        context = context_for(shop)
    analysis = analyze(message, context)
    result = review(reply, analysis, shop=shop, sent_at=when, disabled=disabled, subject=subject)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        _report(reply, result, analysis)
    ctx.exit(0 if result.passed else 1)


def _report(reply: str, result, analysis) -> None:
    """The reply with each finding's span highlighted and numbered, then the findings listed."""
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    console = Console()
    text = Text()
    marks: dict[int, list[tuple[int, object]]] = {}
    for n, f in enumerate(result.findings, 1):
        marks.setdefault(f.end, []).append((n, f))
    pos = 0
    styled = Text(reply)
    for f in result.findings:
        if f.end > f.start:
            styled.stylize(_STYLE.get(f.severity, "bold"), f.start, f.end)
    # Numbered markers after each span (zero-width findings point at where something is missing).
    for end in sorted(marks):
        text.append_text(styled[pos:end])
        for n, f in marks[end]:
            text.append(f"[{n}]", style=_STYLE.get(f.severity, "bold"))
        pos = end
    text.append_text(styled[pos:])
    verdict = "[bold green]PASSED[/]" if result.passed else "[bold red]NOT PASSED[/]"
    console.print(Panel(text, title=f"Reply — score {result.score}/100 — {verdict}",
                        subtitle=f"customer language: {analysis.language}; "
                                 f"{len(analysis.items)} item(s) in the email"))
    if not result.findings:
        console.print("[green]No findings: the reply follows the playbook.[/]")
        return
    table = Table(show_lines=True)
    for col in ("#", "rule", "severity", "finding", "suggestion"):
        table.add_column(col, overflow="fold")
    for n, f in enumerate(result.findings, 1):
        table.add_row(str(n), f.rule, Text(f.severity, style=_STYLE.get(f.severity, "")), f.message,
                      f.suggestion or "-")
    console.print(table)


commands = [check_command]
