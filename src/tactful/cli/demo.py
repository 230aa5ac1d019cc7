"""``tactful demo``: the main job on the bundled sample shop and inbox, through the real desk.

Imports the sample inbox into a fresh SQLite desk (no configuration), processes every message
(parse → analyse → compose → review, the same code ``tactful process`` and the workers run), then
writes each draft to a folder with a summary table and the desk's SLA-24 picture.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from tactful.cli.draft import DEMO_NOW, _parse_now


@click.command("demo")
@click.option("--out", "out_dir", default="out/demo", show_default=True,
              type=click.Path(file_okay=False, path_type=str),
              help="Folder for the drafts, drafts.jsonl and the desk database (desk.sqlite3).")
@click.option("--now", "now_text", default=DEMO_NOW, show_default=True,
              help="The demo's clock (fixed, so the demo is reproducible).")
def demo_command(out_dir: str, now_text: str) -> None:
    """Run the whole desk on the bundled sample shop and inbox and write every draft.

    The sample inbox is imported into a new SQLite desk in --out, every message is analysed,
    drafted from the sample shop's orders, catalogue and tracking, and reviewed against the
    playbook. One .txt per draft and drafts.jsonl go into --out; the table shows each e-mail's
    ticket, language, intents and review score. Browse the desk afterwards with
    ``TACTFUL_DATABASE_URL=sqlite:///OUT/desk.sqlite3 tactful tickets``.
    """
    from rich.console import Console
    from rich.table import Table
    from sqlalchemy import func, select

    from tactful.desk.app import Desk
    from tactful.desk.config import Settings
    from tactful.desk.models import Draft, Message, Review, Ticket
    from tactful.desk.queries import sla_watch
    from tactful.samples import INBOX_DIR, SHOP_DIR
    from tactful.shop import load_shop

    now = _parse_now(now_text)
    shop = load_shop(SHOP_DIR)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    db_path = (out / "desk.sqlite3").resolve()
    db_path.unlink(missing_ok=True)        # a fresh desk each run, so the demo is reproducible
    for old in out.glob("*.txt"):
        old.unlink()
    settings = Settings(database_url=f"sqlite:///{db_path}", shop_dir=str(SHOP_DIR))
    desk = Desk(settings, shop=shop, clock=lambda: now)
    console = Console(stderr=True)
    with console.status("importing the sample inbox"):
        imported = desk.import_paths([INBOX_DIR])
    with console.status(f"analysing, drafting and reviewing {imported.stored} messages"):
        processed = desk.process()

    rows = []
    with desk.session() as session:
        messages = session.scalars(select(Message).where(Message.direction == "in")).all()
        for message in sorted(messages, key=lambda m: Path(m.source.split("#")[0]).name):
            ticket = session.get(Ticket, message.ticket_id) if message.ticket_id else None
            # READ-DUP: a draft superseded by a more complete resend is never sent, so not shown.
            draft = session.scalars(select(Draft).where(Draft.message_id == message.id,
                                                        Draft.status != "superseded")).first()
            review = (session.scalars(select(Review).where(Review.draft_id == draft.id)
                                      .order_by(Review.id.desc())).first() if draft else None)
            duplicate_of = session.get(Message, message.duplicate_of_id) if message.duplicate_of_id else None
            rows.append(_record(message, ticket, draft, review, duplicate_of))
        watch = sla_watch(session, now=now, soon_hours=settings.soon_hours)
        open_tickets = session.scalar(select(func.count()).select_from(Ticket).where(Ticket.status != "closed"))

    with (out / "drafts.jsonl").open("w", encoding="utf-8") as jsonl:
        for record in rows:
            jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")
            if record["body"]:
                (out / (Path(record["source"]).stem + ".txt")).write_text(
                    f"Subject: {record['subject']}\n\n{record['body']}", encoding="utf-8")

    table = Table(title=f"Tactful demo — {shop.name}, {len(rows)} e-mails, clock {now.isoformat()}")
    for col in ("file", "ticket", "language", "intents", "score", "passed"):
        table.add_column(col, overflow="fold")
    scores = [r["review"]["score"] for r in rows if r["review"]]
    passed = sum(1 for r in rows if r["review"] and r["review"]["passed"])
    for r in rows:
        if r["review"]:
            verdict = "yes" if r["review"]["passed"] else "[red]no[/red]"
            table.add_row(r["file"], r["ticket"], r["language"], ", ".join(r["intents"]),
                          str(r["review"]["score"]), verdict)
        else:
            table.add_row(r["file"], r["ticket"], r["language"], ", ".join(r["intents"]), "-", r["skipped"])
    stdout = Console()
    stdout.print(table)
    drafted = sum(1 for r in rows if r["body"])
    mean = f", mean score {sum(scores) / len(scores):.0f}" if scores else ""
    duplicates = sum(1 for r in rows if r["skipped"].startswith("duplicate"))
    stdout.print(f"{drafted} drafts written to {out}/ (READ-DUP: {duplicates} resent e-mail(s) answered once; "
                 f"{processed.failed} failed); {passed}/{len(scores)} passed the review{mean}.")
    stdout.print(f"Desk: {imported.stored} messages in {open_tickets} open tickets ({db_path}); SLA-24 at "
                 f"{now:%Y-%m-%d %H:%M} UTC: {len(watch.get('breached', []))} breached, "
                 f"{len(watch.get('soon', []))} due within {settings.soon_hours:g} h.")
    stdout.print(f"Browse it: TACTFUL_DATABASE_URL=sqlite:///{db_path} tactful tickets")


def _record(message, ticket, draft, review, duplicate_of) -> dict:
    analysis = message.analysis or {}
    source = message.source.split("#")[0]
    skipped = ""
    if draft is None:
        if message.status == "duplicate":
            skipped = f"duplicate of {Path((duplicate_of.source if duplicate_of else '') or '?').name}"
        else:
            skipped = message.status
    return {
        "source": source,
        "file": Path(source).name,
        "message_id": message.message_id,
        "ticket": ticket.ref if ticket else "",
        "language": (draft.language if draft else analysis.get("language", "")),
        "intents": list(analysis.get("intents", [])),
        "subject": draft.subject if draft else None,
        "body": draft.body if draft else None,
        "plan": draft.plan if draft else [],
        "review": ({"score": review.score, "passed": review.passed, "findings": review.findings}
                   if review else None),
        "skipped": skipped,
    }


commands = [demo_command]
