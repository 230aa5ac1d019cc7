"""Desk commands: import, fetch, process, approve, send, tickets, sla, handover, note, follow-up,
close, report, customer, worker, db. Settings come from TACTFUL_* env vars or ./tactful.toml."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone

import click


def _desk(migrate: bool = True):
    from tactful.desk.app import Desk
    from tactful.desk.config import load_settings

    return Desk(load_settings(), migrate=migrate)


def _when(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date like 2026-03-01 or 2026-03-01T08:00", param_hint=name) from exc
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed


def _volume_banner(desk) -> None:
    """VOLUME: tell the agent when the desk is swamped and drafts are concise."""
    line = desk.volume(fresh=True).describe()
    if line:
        click.secho(line, bold=True)


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
def import_cmd(paths):
    """Store mail from .eml files, mbox files or Maildir folders (idempotent; TRACK, READ-DUP)."""
    desk = _desk()
    report = desk.import_paths(paths)
    click.echo(f"{report.seen} messages read: {report.stored} stored, {report.already} already stored, "
               f"{report.malformed} flagged malformed, {report.reopened} reopened tickets; "
               f"{len(report.tickets)} tickets touched")


@click.command("fetch")
@click.option("--idle", is_flag=True, help="Stay connected and wait for new mail (IMAP IDLE).")
@click.option("--once", "idle_rounds", flag_value=1, default=None, hidden=True)
def fetch_cmd(idle, idle_rounds):
    """Fetch new mail from the IMAP server (by UID; resumes where it stopped)."""
    from tactful.desk.imap import fetch_new, idle_loop

    desk = _desk()
    if idle:
        idle_loop(desk, echo=click.echo, rounds=idle_rounds)
        return
    report = fetch_new(desk)
    click.echo(f"fetched {report.fetched} messages ({report.stored} new, {report.already} already stored); "
               f"last UID {report.last_uid}")


@click.command("process")
@click.option("--limit", type=int, default=None, help="At most this many messages.")
@click.option("--queue", "to_queue", is_flag=True,
              help="PostgreSQL: queue one job per message for `tactful worker` instead of working here.")
@click.option("--retry-failed", is_flag=True, help="First put messages whose processing failed back in the queue.")
def process_cmd(limit, to_queue, retry_failed):
    """Analyse, draft and review every waiting message (READ-*, PLAYBOOK §3, §4)."""
    desk = _desk()
    if retry_failed:
        from tactful.desk.processing import retry_failed as requeue
        with desk.session() as session:
            click.echo(f"{requeue(session, now=desk.clock())} failed messages queued again")
    if to_queue:
        from tactful.desk.jobs import defer_pending, ensure_schema, make_app
        from tactful.errors import ConfigError
        if not desk.settings.is_postgres:
            raise ConfigError("--queue needs a PostgreSQL database_url (jobs run on Procrastinate)",
                              field="database_url")
        app = make_app(desk)
        ensure_schema(app, desk)
        click.echo(f"queued {defer_pending(desk, app)} messages for the workers")
        return
    _volume_banner(desk)
    r = desk.process(limit=limit)
    click.echo(f"processed {r.processed}: {r.drafted} drafted, {r.duplicates} duplicates, {r.failed} failed, "
               f"{r.skipped} taken by another worker")


@click.command("approve")
@click.argument("ref")
@click.option("--by", "actor", default="agent", show_default=True, help="Who approves (audit log).")
@click.option("--force", is_flag=True, help="Approve although the review found errors.")
def approve_cmd(ref, actor, force):
    """Approve the reviewed draft of ticket REF for sending."""
    from tactful.desk.db import transaction
    from tactful.desk.outbox import approve

    desk = _desk()
    with transaction(desk.sessions) as session:
        draft = approve(session, ref, actor=actor, now=desk.clock(), force=force)
    click.echo(f"{ref.upper()}: draft {draft.id} approved" + (" (forced past a failed review)" if draft.forced else ""))


@click.command("send")
@click.option("--failed", "show_failed", is_flag=True, help="List failed sends instead of sending.")
@click.option("--retry-failed", is_flag=True, help="Queue failed sends again, then send.")
@click.option("--unconfirmed", "show_unconfirmed", is_flag=True,
              help="List sends cut off after the mail may have reached the server (not resent on their own).")
@click.option("--confirm", "confirm_id", type=int, default=None, metavar="ID",
              help="Record unconfirmed send ID as delivered (you checked with the customer or the server).")
@click.option("--resend", "resend_id", type=int, default=None, metavar="ID",
              help="Queue unconfirmed send ID again (same Message-ID), then send.")
@click.option("--by", "actor", default="agent", show_default=True, help="Who decides (audit log).")
def send_cmd(show_failed, retry_failed, show_unconfirmed, confirm_id, resend_id, actor):
    """Queue approved drafts in the outbox and send everything due (SMTP, with retries)."""
    from tactful.desk.db import transaction
    from tactful.desk.outbox import confirm_sent, failed, resend, retry_failed as requeue, unconfirmed

    desk = _desk()
    if show_failed or show_unconfirmed:
        with desk.session() as session:
            rows = failed(session) if show_failed else unconfirmed(session)
            for row in rows:
                ref = _ticket_ref(session, row.ticket_id)
                when = f"attempt at {row.sending_at:%Y-%m-%d %H:%M}" if row.sending_at else ""
                click.echo(f"outbox {row.id} ({row.kind}{', ' + ref if ref else ''}) to {row.to_addr}: "
                           f"{row.attempts} attempts{', ' + when if when else ''}; {row.last_error}")
            click.echo(f"{len(rows)} {'failed' if show_failed else 'unconfirmed'} sends")
        return
    if confirm_id is not None:
        with transaction(desk.sessions) as session:
            confirm_sent(session, confirm_id, actor=actor, now=desk.clock(), settings=desk.settings)
        click.echo(f"outbox {confirm_id}: recorded as sent")
        return
    if resend_id is not None:
        with transaction(desk.sessions) as session:
            resend(session, resend_id, actor=actor, now=desk.clock())
        click.echo(f"outbox {resend_id}: queued again")
    if retry_failed:
        with transaction(desk.sessions) as session:
            click.echo(f"{requeue(session, now=desk.clock())} failed sends queued again")
    r = desk.send()
    click.echo(f"sent {r.sent}, will retry {r.retrying}, failed {r.failed}")
    if r.confirmed:
        click.echo(f"{r.confirmed} interrupted sends found in the Sent folder: recorded as sent")
    with desk.session() as session:
        held = len(unconfirmed(session))
    if held:
        click.echo(f"{held} sends UNCONFIRMED (cut off after the mail may have reached the server; not resent): "
                   f"`tactful send --unconfirmed`, then --confirm ID or --resend ID")
    if r.failed:
        sys.exit(1)


def _ticket_ref(session, ticket_id) -> str:
    from tactful.desk.models import Ticket

    return session.get(Ticket, ticket_id).ref if ticket_id else ""


@click.command("tickets")
@click.option("--status", multiple=True, help="Filter by status (repeatable); default: all open.")
@click.option("--queue", default=None, help="Only this queue (e.g. supervisor).")
@click.option("--assignee", default=None)
@click.option("--page", type=int, default=1, show_default=True)
@click.option("--per-page", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def tickets_cmd(status, queue, assignee, page, per_page, as_json):
    """The ticket list, most urgent first."""
    from tactful.desk.models import OPEN_STATUSES
    from tactful.desk.queries import ticket_list

    desk = _desk()
    with desk.session() as session:
        rows = ticket_list(session, now=desk.clock(), soon_hours=desk.settings.soon_hours,
                           status=tuple(status) or OPEN_STATUSES, queue=queue, assignee=assignee,
                           page=page, per_page=per_page)
    if as_json:
        _echo_json([r.to_json() for r in rows])
        return
    _volume_banner(desk)
    for r in rows:
        click.echo(f"{r.ref}  {r.status:<9} p{r.priority:<3} {r.sla_state:<8} {r.language or '-':<7} "
                   f"{r.customer:<30} {r.subject[:60]}" + ("  [SEND UNCONFIRMED]" if r.send_unconfirmed else ""))


@click.command("sla")
@click.option("--soon", "soon_hours", type=float, default=None, help="Hours ahead that count as soon.")
@click.option("--json", "as_json", is_flag=True)
def sla_cmd(soon_hours, as_json):
    """SLA-24: tickets past their first-reply due time, and those due soon."""
    from tactful.desk.queries import follow_ups_due, sla_watch

    desk = _desk()
    hours = desk.settings.soon_hours if soon_hours is None else soon_hours
    with desk.session() as session:
        watch = sla_watch(session, now=desk.clock(), soon_hours=hours)
        follows = follow_ups_due(session, now=desk.clock(), soon_hours=hours)
    if as_json:
        data = {k: [r.to_json() for r in v] for k, v in watch.items()}
        data["follow_ups_due"] = [{"ref": r, "due": d.isoformat(), "reason": why} for r, d, why in follows]
        data["volume"] = desk.volume(fresh=True).to_json()
        _echo_json(data)
        return
    _volume_banner(desk)
    for state, title in (("breached", "BREACHED"), ("soon", f"DUE WITHIN {hours:g} H")):
        click.echo(f"{title} ({len(watch.get(state, []))})")
        for r in watch.get(state, []):
            late = desk.clock() - r.sla_due
            when = f"{late.total_seconds() / 3600:.1f} h late" if state == "breached" else \
                f"due in {-late.total_seconds() / 3600:.1f} h"
            click.echo(f"  {r.ref}  {when:<14} p{r.priority:<3} {r.customer:<30} {r.subject[:50]}")
    click.echo(f"FOLLOW-UPS DUE ({len(follows)})")
    for ref, due, why in follows:
        click.echo(f"  {ref}  due {due:%Y-%m-%d %H:%M}  {why}")


@click.command("handover")
@click.option("--json", "as_json", is_flag=True)
def handover_cmd(as_json):
    """HANDOVER: open tickets with their notes, for the next shift."""
    from tactful.desk.queries import handover, open_incidents

    desk = _desk()
    with desk.session() as session:
        items = handover(session, now=desk.clock(), soon_hours=desk.settings.soon_hours)
        incidents = open_incidents(session)
    if as_json:
        _echo_json({"incidents": incidents, "tickets": [i.to_json() for i in items],
                    "volume": desk.volume(fresh=True).to_json()})
        return
    _volume_banner(desk)
    for inc in incidents:
        click.echo(f"OPEN INCIDENT {inc['id']}: {inc['kind']} of {inc['key']}, {inc['count']} tickets "
                   f"since {inc['opened_at'][:16]}")
    click.echo(f"{len(items)} open tickets")
    for i in items:
        t = i.ticket
        click.echo(f"{t.ref}  {t.status}  priority {t.priority}  SLA {t.sla_state}  {t.customer}  {t.subject[:60]}")
        if t.send_unconfirmed:
            click.echo("    a reply's delivery is unconfirmed: `tactful send --unconfirmed`")
        if t.complaint_stage:
            click.echo(f"    complaint stage: {t.complaint_stage}")
        if i.escalation.get("fault"):
            click.echo(f"    escalated: {i.escalation['fault']}, customers affected {i.escalation.get('customers_affected')}")
        if i.follow_up_due:
            click.echo(f"    follow-up due {i.follow_up_due:%Y-%m-%d %H:%M}")
        for at, author, text in i.notes:
            click.echo(f"    note {at:%Y-%m-%d %H:%M} {author}: {text}")


@click.command("note")
@click.argument("ref")
@click.argument("text")
@click.option("--by", "author", default="agent", show_default=True)
def note_cmd(ref, text, author):
    """HANDOVER: add a note to ticket REF for the next shift."""
    from tactful.desk.db import transaction
    from tactful.desk.workflow import add_note

    desk = _desk()
    with transaction(desk.sessions) as session:
        add_note(session, ref, text, author=author, now=desk.clock())
    click.echo(f"note added to {ref.upper()}")


@click.command("follow-up")
@click.argument("ref")
@click.option("--done", "outcome", required=True, help="What the customer said when asked if satisfied.")
@click.option("--keep-open", is_flag=True, help="Do not close the ticket after the follow-up.")
@click.option("--by", "actor", default="agent", show_default=True)
def follow_up_cmd(ref, outcome, keep_open, actor):
    """FOLLOW: record that ticket REF was followed up; the ticket then closes."""
    from tactful.desk.db import transaction
    from tactful.desk.workflow import complete_follow_up

    desk = _desk()
    with transaction(desk.sessions) as session:
        t = complete_follow_up(session, ref, outcome=outcome, actor=actor, now=desk.clock(), close=not keep_open)
        click.echo(f"{t.ref}: followed up; status {t.status}")


@click.command("follow-ups")
@click.option("--send", "send_due", is_flag=True,
              help="Queue the 'are you satisfied?' mail for every due follow-up (then `tactful send`).")
def follow_ups_cmd(send_due):
    """FOLLOW: list follow-ups that are due; with --send, ask those customers by email."""
    from tactful.desk.db import transaction
    from tactful.desk.queries import follow_ups_due
    from tactful.desk.workflow import send_due_follow_ups

    desk = _desk()
    if send_due:
        with transaction(desk.sessions) as session:
            refs = send_due_follow_ups(session, shop=desk.shop, now=desk.clock())
        click.echo(f"{len(refs)} follow-up mails queued" + (f": {', '.join(refs)}" if refs else ""))
        return
    with desk.session() as session:
        rows = follow_ups_due(session, now=desk.clock())
    for ref, due, why in rows:
        click.echo(f"{ref}  due {due:%Y-%m-%d %H:%M}  {why}")
    click.echo(f"{len(rows)} follow-ups due")


@click.command("notices")
@click.option("--send", "queue", is_flag=True, help="Queue every due notice in the outbox (then `tactful send`).")
@click.option("--json", "as_json", is_flag=True)
def notices_cmd(queue, as_json):
    """NOTIFY: proactive notices due now (shipped, arrived, customs, delivered, unpaid, delay), each sent once."""
    from tactful.desk.db import transaction
    from tactful.desk.notices import pending_notices, queue_notices

    desk = _desk()
    if queue:
        with transaction(desk.sessions) as session:
            keys = queue_notices(session, shop=desk.shop, now=desk.clock())
        click.echo(f"{len(keys)} notices queued")
        return
    with desk.session() as session:
        notices = pending_notices(session, shop=desk.shop, now=desk.clock())
    if as_json:
        _echo_json([n.to_json() for n in notices])
        return
    for n in notices:
        click.echo(f"{n.order_id:<12} {n.kind:<10} {n.language:<7} {n.to:<32} {n.subject}")
    click.echo(f"{len(notices)} notices due and not yet sent")


@click.command("close")
@click.argument("ref")
@click.option("--force", is_flag=True, help="Close although a follow-up is pending.")
@click.option("--by", "actor", default="agent", show_default=True)
def close_cmd(ref, force, actor):
    """Close ticket REF (FOLLOW: not while a follow-up is pending)."""
    from tactful.desk.db import transaction
    from tactful.desk.workflow import close_ticket

    desk = _desk()
    with transaction(desk.sessions) as session:
        close_ticket(session, ref, actor=actor, now=desk.clock(), force=force)
    click.echo(f"{ref.upper()} closed")


@click.command("report")
@click.option("--since", default=None, help="Start date (default: 7 days ago).")
@click.option("--until", default=None, help="End date, exclusive (default: now).")
@click.option("--json", "as_json", is_flag=True)
def report_cmd(since, until, as_json):
    """FEEDBACK: intents, complaint causes, SLA-24 compliance and languages over a period."""
    from tactful.desk.queries import report

    desk = _desk()
    end = _when(until, "--until") or desk.clock()
    start = _when(since, "--since") or end - timedelta(days=7)
    if start >= end:
        raise click.BadParameter("--since must be before --until", param_hint="--since")
    with desk.session() as session:
        data = report(session, since=start, until=end)
    if as_json:
        _echo_json(data)
        return
    click.echo(f"Report {start:%Y-%m-%d %H:%M} .. {end:%Y-%m-%d %H:%M}: {data['tickets']} tickets, "
               f"{data['messages']} messages, {data['duplicates']} duplicates")
    for title, key in (("Intents", "intents"), ("Complaint causes", "complaint_causes"), ("Languages", "languages")):
        click.echo(f"{title}:")
        for name, n in data[key].items():
            click.echo(f"  {name:<28} {n}")
    s = data["sla"]
    pct = "n/a" if s["compliance_percent"] is None else f"{s['compliance_percent']}%"
    click.echo(f"SLA-24: {s['met']}/{s['replied']} first replies on time ({pct}); "
               f"{s['unanswered_breached']} unanswered past due")
    for inc in data["incidents"]:
        click.echo(f"Incident: {inc['kind']} {inc['key']} x{inc['count']} at {inc['opened_at']}")
    if data["failed_sends"]:
        click.echo(f"Failed sends: {data['failed_sends']} (see `tactful send --failed`)")
    if data["unconfirmed_sends"]:
        click.echo(f"Unconfirmed sends: {data['unconfirmed_sends']} (see `tactful send --unconfirmed`)")


@click.command("customer")
@click.argument("email")
@click.option("--json", "as_json", is_flag=True)
def customer_cmd(email, as_json):
    """PROFILE-5: what the desk and the shop's orders say about a customer."""
    from tactful.desk.customers import refresh_profile

    desk = _desk()
    from tactful.desk.db import transaction
    with transaction(desk.sessions) as session:
        profile = refresh_profile(session, email, shop=desk.shop, now=desk.clock())
    data = {"email": profile.email, "name": profile.name, "levels": list(profile.levels),
            "orders": list(profile.order_ids), "purchase_count": profile.purchase_count,
            "total_spend": str(profile.total_spend), "average_order": str(profile.average_order),
            "purchase_cycle_days": profile.purchase_cycle_days, "currency": profile.currency,
            "derived": profile.derived}
    if as_json:
        _echo_json(data)
        return
    for key, value in data.items():
        click.echo(f"{key:<20} {value}")


@click.command("worker")
@click.option("--concurrency", type=int, default=1, show_default=True)
@click.option("--burst", is_flag=True, help="Stop when no job is left (PostgreSQL) / after one pass (SQLite).")
@click.option("--name", default=None, help="Worker name in the job log.")
def worker_cmd(concurrency, burst, name):
    """Run background jobs: Procrastinate on PostgreSQL, in-process on SQLite."""
    from tactful.desk.jobs import run_worker

    run_worker(_desk(), concurrency=concurrency, burst=burst, name=name, echo=click.echo)


@click.command("web")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8765, show_default=True)
def web_cmd(host, port):
    """A read-only web view of tickets, SLA and ticket details for agents."""
    from tactful.web.desk_app import serve

    serve(_desk(), host, port)


@click.group("db")
def db_group():
    """Database maintenance."""


@db_group.command("upgrade")
def db_upgrade():
    """Create or upgrade the desk's tables (Alembic migrations)."""
    from tactful.desk import db as dbmod

    desk = _desk(migrate=False)
    dbmod.upgrade(desk.engine)
    click.echo(f"database {desk.engine.url.render_as_string()} at revision {dbmod.current_revision(desk.engine)}")


@db_group.command("current")
def db_current():
    """Show the schema revision."""
    from tactful.desk import db as dbmod

    desk = _desk(migrate=False)
    click.echo(dbmod.current_revision(desk.engine) or "empty (run `tactful db upgrade`)")


commands = [import_cmd, fetch_cmd, process_cmd, approve_cmd, send_cmd, tickets_cmd, sla_cmd, handover_cmd,
            note_cmd, follow_up_cmd, follow_ups_cmd, notices_cmd, close_cmd, report_cmd, customer_cmd, worker_cmd, web_cmd, db_group]
