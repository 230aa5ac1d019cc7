"""``tactful draft`` and ``tactful notify``: replies and notices by the playbook (demo: cli/demo.py).

Heavy imports stay inside the commands so ``tactful --help`` is fast.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone

import click

# The demo's clock: the morning after the newest e-mail of the sample inbox (20 Nov 2026, 21:40 UTC),
# so every run gives the same drafts, and the older e-mails show the LATE apology.
DEMO_NOW = "2026-11-21T09:00:00+00:00"


def _parse_now(value: str | None) -> datetime:
    if not value:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO-8601 time: {value!r}", param_hint="--now") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _progress(total: int, label: str):
    """A progress bar on stderr when it is a terminal, else nothing (scripts and pipes stay clean)."""
    if not sys.stderr.isatty():
        return None, (lambda _item: None)
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(console=Console(stderr=True), transient=True)
    task = progress.add_task(label, total=total)
    return progress, (lambda _item: progress.advance(task))


def _polish_all(results, shop, now):
    """Optional model polish when TACTFUL_LLM_URL and TACTFUL_LLM_MODEL are set."""
    from dataclasses import replace

    from tactful.compose.llm import ModelEndpoint, polish

    endpoint = ModelEndpoint.from_env()
    if endpoint is None:
        raise click.UsageError("--polish needs TACTFUL_LLM_URL and TACTFUL_LLM_MODEL (and TACTFUL_LLM_KEY if required)")
    out = []
    for r in results:
        if r.draft is None:
            out.append(r)
            continue
        draft = polish(r.draft, r.analysis, endpoint=endpoint, shop=shop, now=now)
        out.append(replace(r, draft=draft))
    return out


@click.command("draft")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=str))
@click.option("--shop", "shop_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=str),
              help="Shop folder (shop.yaml, catalog.csv, orders.csv ...; see docs/shop-data.md).")
@click.option("--now", "now_text", help="Time the reply goes out (ISO 8601; default: now). Decides LATE.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per message (JSON Lines).")
@click.option("--polish", is_flag=True, help="Let the configured model rephrase each draft (checked, "
                                              "and dropped on any doubt).")
def draft_command(paths: tuple[str, ...], shop_dir: str, now_text: str | None, as_json: bool,
                  polish: bool) -> None:
    """Draft a reply to each customer e-mail by the playbook, from the shop's own data.

    PATHS are .eml files, mbox files, Maildir folders or folders of .eml files. Each draft is
    reviewed (score and findings) when the review stage is installed.
    """
    from tactful.compose.pipeline import run_pipeline
    from tactful.shop import load_shop

    shop = load_shop(shop_dir)
    now = _parse_now(now_text)
    results = run_pipeline(list(paths), shop, now=now)
    if polish:
        results = _polish_all(results, shop, now)
    if as_json:
        for r in results:
            sys.stdout.write(json.dumps(r.to_json(), ensure_ascii=False, default=str) + "\n")
        return
    for r in results:
        click.echo(f"== {r.source}  [{r.analysis.language}] {', '.join(r.analysis.intents)}")
        if r.draft is None:
            click.echo(f"(no draft: {r.skipped})\n")
            continue
        click.echo(f"Subject: {r.draft.subject}\n")
        click.echo(r.draft.body)
        if r.review is not None:
            click.echo(f"-- review: score {r.review.score}, {'passed' if r.review.passed else 'FAILED'}"
                       + "".join(f"\n   {f.rule} ({f.severity}): {f.message}" for f in r.review.findings))
        for note in r.draft.notes:
            click.echo(f"-- note: {note}")
        click.echo("")


@click.command("notify")
@click.option("--shop", "shop_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=str),
              help="Shop folder with orders.csv and tracking_events.csv.")
@click.option("--now", "now_text", help="The current time (ISO 8601; default: now).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per notice (JSON Lines).")
def notify_command(shop_dir: str, now_text: str | None, as_json: bool) -> None:
    """List the proactive notices due now (NOTIFY) and draft each in the customer's language.

    Shipped, arrived in the country, at customs, delivered with a review invitation, unpaid
    reminders and delay notices, from the orders and their tracking events.
    """
    from tactful.compose.notify import due_notices
    from tactful.shop import load_shop

    notices = due_notices(load_shop(shop_dir), _parse_now(now_text))
    if as_json:
        for n in notices:
            sys.stdout.write(json.dumps(n.to_json(), ensure_ascii=False) + "\n")
        return
    for n in notices:
        click.echo(f"== {n.key}  to {n.to} [{n.language}]\nSubject: {n.subject}\n\n{n.body}")
    click.echo(f"{len(notices)} notice(s) due.")


commands = [draft_command, notify_command]
