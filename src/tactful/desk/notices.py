"""NOTIFY: proactive notices at logistics milestones, queued in the outbox once each.

The notices themselves (which are due, and their text in the customer's language) come from
``tactful.compose.notify.due_notices``; the desk remembers each notice's stable key so a notice
is never sent twice, and uses the language the customer wrote to us in when it knows it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tactful.desk.audit import audit
from tactful.desk.models import Customer, NoticeSent, Outbox, Ticket


def known_languages(session: Session) -> dict[str, str]:
    """Customer e-mail -> the language of their latest ticket."""
    rows = session.execute(select(Customer.email, Ticket.language).join(Ticket, Ticket.customer_id == Customer.id)
                           .where(Ticket.language != "").order_by(Ticket.received_at))
    return {email: lang for email, lang in rows}


def pending_notices(session: Session, *, shop, now: datetime) -> list:
    """Due notices that were not queued before."""
    from tactful.compose.notify import due_notices

    notices = due_notices(shop, now, languages=known_languages(session))
    sent = set(session.scalars(select(NoticeSent.key).where(NoticeSent.key.in_([n.key for n in notices]))))
    return [n for n in notices if n.key not in sent]


def queue_notices(session: Session, *, shop, now: datetime) -> list[str]:
    """Queue every pending notice in the outbox; returns their keys."""
    from tactful.desk.outbox import build_mail

    keys = []
    for notice in pending_notices(session, shop=shop, now=now):
        mail = build_mail(from_name=shop.sender_name, from_addr=shop.sender_address, to_addr=notice.to,
                          subject=notice.subject, body=notice.body, now=now)
        row = Outbox(ticket_id=None, kind="notice", to_addr=notice.to, from_addr=shop.sender_address,
                     message_id=mail["Message-ID"], raw=mail.as_bytes(), status="queued", attempts=0,
                     next_attempt_at=now, last_error="", created_at=now)
        session.add(row)
        session.flush()
        session.add(NoticeSent(key=notice.key[:200], order_id=notice.order_id, kind=notice.kind, to_addr=notice.to,
                               language=notice.language, outbox_id=row.id, created_at=now))
        audit(session, at=now, entity="outbox", entity_id=row.id, action="queued", kind="notice",
              notice=notice.key)
        keys.append(notice.key)
    return keys
