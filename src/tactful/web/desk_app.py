"""A small read-only web view of the desk for agents: ticket list, ticket detail, SLA watch.

Plain WSGI (``wsgiref``), no framework: ``tactful web`` serves it on loopback. Every value is
HTML-escaped; message texts shown are the stored, secret-masked forms (H3).
"""

from __future__ import annotations

import html
from typing import Callable, Iterable
from urllib.parse import parse_qs, quote

from sqlalchemy import func, select

from tactful.desk import queries
from tactful.desk.models import OPEN_STATUSES, AuditLog, Draft, HandoverNote, Message, Outbox, Review, Ticket

STYLE = ("body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
         "td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}"
         ".breached{color:#b00}.soon{color:#b60}.held{color:#b00;font-weight:bold}"
         ".banner{background:#fff3cd;border:1px solid #e0c36c;padding:6px 10px;font-weight:bold}pre{white-space:pre-wrap;background:#f7f7f7;padding:8px}")


def e(value) -> str:
    return html.escape("" if value is None else str(value))


def page(title: str, body: str, banner: str = "") -> bytes:
    top = f"<p class='banner'>{e(banner)}</p>" if banner else ""
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{e(title)}</title>"
            f"<style>{STYLE}</style></head><body><p><a href='/'>Tickets</a> · <a href='/sla'>SLA</a></p>"
            f"{top}<h1>{e(title)}</h1>{body}</body></html>").encode("utf-8")


def ticket_rows(rows) -> str:
    out = ["<table><tr><th>ref</th><th>status</th><th>priority</th><th>SLA</th><th>language</th>"
           "<th>customer</th><th>subject</th><th>intents</th></tr>"]
    for r in rows:
        held = " <span class='held'>send unconfirmed</span>" if getattr(r, "send_unconfirmed", False) else ""
        out.append(f"<tr><td><a href='/t/{quote(r.ref)}'>{e(r.ref)}</a>{held}</td><td>{e(r.status)}</td>"
                   f"<td>{r.priority}</td><td class='{e(r.sla_state)}'>{e(r.sla_state)}</td><td>{e(r.language)}</td>"
                   f"<td>{e(r.customer)}</td><td>{e(r.subject)}</td><td>{e(', '.join(r.intents))}</td></tr>")
    out.append("</table>")
    return "".join(out)


def make_app(desk) -> Callable:
    """The WSGI application over ``desk``."""

    def banner(session) -> str:
        """VOLUME mode and sends waiting for an agent's decision, above the list and SLA pages."""
        from tactful.desk.volume import measure

        lines = [measure(session, desk.settings).describe()]
        held = session.scalar(select(func.count()).select_from(Outbox).where(Outbox.status == "unconfirmed"))
        if held:
            lines.append(f"{held} sends unconfirmed (cut off after the mail may have reached the server): "
                         f"tactful send --unconfirmed")
        return " · ".join(line for line in lines if line)

    def app(environ, start_response) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        args = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        try:
            with desk.session() as session:
                if path == "/":
                    status = tuple(args["status"].split(",")) if args.get("status") else OPEN_STATUSES
                    rows = queries.ticket_list(session, now=desk.clock(), soon_hours=desk.settings.soon_hours,
                                               status=status, queue=args.get("queue") or None,
                                               assignee=args.get("assignee") or None,
                                               page=max(1, int(args.get("page", "1") or 1)))
                    body = page("Tickets", ticket_rows(rows), banner=banner(session))
                elif path == "/sla":
                    watch = queries.sla_watch(session, now=desk.clock(), soon_hours=desk.settings.soon_hours)
                    body = page("SLA-24", "".join(f"<h2>{e(k)}</h2>{ticket_rows(v)}" for k, v in watch.items()),
                                banner=banner(session))
                elif path.startswith("/t/"):
                    ticket = session.scalars(select(Ticket).where(Ticket.ref == path[3:].upper())).first()
                    if ticket is None:
                        start_response("404 Not Found", [("Content-Type", "text/html; charset=utf-8")])
                        return [page("Not found", f"<p>No ticket {e(path[3:])}</p>")]
                    body = page(f"{ticket.ref}: {ticket.subject}", ticket_detail(session, ticket))
                else:
                    start_response("404 Not Found", [("Content-Type", "text/html; charset=utf-8")])
                    return [page("Not found", "")]
        except ValueError as exc:
            start_response("400 Bad Request", [("Content-Type", "text/html; charset=utf-8")])
            return [page("Bad request", f"<p>{e(exc)}</p>")]
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [body]

    return app


def ticket_detail(session, ticket: Ticket) -> str:
    parts = [f"<p>status {e(ticket.status)} · priority {ticket.priority} · queue {e(ticket.queue)} · "
             f"SLA due {e(ticket.sla_due.isoformat())} · complaint stage {e(ticket.complaint_stage or '-')}</p>"]
    if ticket.escalation:
        parts.append(f"<p>escalation: {e(ticket.escalation)}</p>")
    for m in session.scalars(select(Message).where(Message.ticket_id == ticket.id).order_by(Message.received_at)):
        text = (m.parsed or {}).get("new_text") or ""
        intents = ", ".join((m.analysis or {}).get("intents", []))
        parts.append(f"<h3>{e(m.direction)} {e(m.received_at.isoformat())} {e(m.sender)} [{e(m.status)}]"
                     f"{' · ' + e(intents) if intents else ''}</h3><pre>{e(text)}</pre>")
    for d in session.scalars(select(Draft).where(Draft.ticket_id == ticket.id).order_by(Draft.id)):
        review = session.scalars(select(Review).where(Review.draft_id == d.id).order_by(Review.id.desc())).first()
        findings = "".join(f"<li>{e(f['rule'])} ({e(f['severity'])}): {e(f['message'])}</li>"
                           for f in (review.findings if review else []))
        style = " · concise (VOLUME)" if d.concise else ""
        parts.append(f"<h3>draft {d.id} [{e(d.status)}] score {review.score if review else '-'}{style}</h3>"
                     f"<pre>{e(d.subject)}\n\n{e(d.body)}</pre><ul>{findings}</ul>")
    sends = list(session.scalars(select(Outbox).where(Outbox.ticket_id == ticket.id).order_by(Outbox.id)))
    if sends:
        parts.append("<h3>outbox</h3><ul>" + "".join(
            f"<li class='{'held' if o.status == 'unconfirmed' else ''}'>{o.id} {e(o.kind)} to {e(o.to_addr)}: "
            f"{e(o.status)}, {o.attempts} attempts{' · ' + e(o.last_error) if o.last_error else ''}"
            f"{' (decide: tactful send --confirm ' + str(o.id) + ' or --resend ' + str(o.id) + ')' if o.status == 'unconfirmed' else ''}"
            f"</li>" for o in sends) + "</ul>")
    notes = list(session.scalars(select(HandoverNote).where(HandoverNote.ticket_id == ticket.id)))
    if notes:
        parts.append("<h3>handover notes</h3><ul>" + "".join(
            f"<li>{e(n.created_at.isoformat())} {e(n.author)}: {e(n.text)}</li>" for n in notes) + "</ul>")
    log = session.scalars(select(AuditLog).where(AuditLog.entity == "ticket", AuditLog.entity_id == ticket.id)
                          .order_by(AuditLog.id))
    parts.append("<h3>audit</h3><ul>" + "".join(
        f"<li>{e(a.at.isoformat())} {e(a.actor)} {e(a.action)} {e(a.detail)}</li>" for a in log) + "</ul>")
    return "".join(parts)


def serve(desk, host: str = "127.0.0.1", port: int = 8765) -> None:
    from wsgiref.simple_server import make_server

    with make_server(host, port, make_app(desk)) as server:
        print(f"tactful desk on http://{host}:{port}/ (Ctrl+C to stop)")
        server.serve_forever()
