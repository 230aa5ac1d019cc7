"""Proactive notices at logistics milestones (PLAYBOOK §7 NOTIFY), drafted from the phrasebooks.

``due_notices(shop, now)`` looks at every order and its tracking events and returns the notice each
order is due *now*: shipped, arrived in the destination country, at customs, delivered (with a
review invitation), unpaid reminder, or a delay notice once the latest ETA has passed. Each notice
has a stable ``key`` (order, kind, milestone time) so a desk can send it once.

Facts come only from the order and its events (H1): no customs notice without a customs event.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from tactful.compose import grounding
from tactful.compose.phrases import LANGUAGES, Phrasebook, phrasebook
from tactful.shop.model import Order, Shop

DATA = Path(__file__).resolve().parent / "data"
NOTICE_KINDS = ("ordered", "unpaid", "shipped", "arrived", "customs", "delivered", "delay")
ORDERED_FRESH_HOURS = 24        # §6 "thank-you after an order": sent the day the order is paid
UNPAID_AFTER_HOURS = 24         # remind once an order has waited a day for payment
SHIPPED_FRESH_DAYS = 3          # a "shipped" notice is news for a few days, then the parcel moves on
MILESTONE_FRESH_DAYS = 7        # arrived/customs/delivered notices stay due for a week


@dataclass(frozen=True)
class Notice:
    """One proactive e-mail to a customer about one order."""

    kind: str                   # one of NOTICE_KINDS
    key: str                    # stable id: order:kind:milestone — send each key once
    order_id: str
    to: str
    name: str
    language: str
    subject: str
    body: str
    due_since: datetime
    facts_used: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "order_id": self.order_id, "to": self.to,
                "name": self.name, "language": self.language, "subject": self.subject,
                "body": self.body, "due_since": self.due_since.isoformat(), "facts_used": self.facts_used}


@lru_cache(maxsize=1)
def country_languages() -> dict[str, str]:
    return yaml.safe_load((DATA / "country_languages.yaml").read_text(encoding="utf-8"))


def language_for(order: Order, shop: Shop, known: Mapping[str, str] | None = None) -> str:
    """The customer's language: from their past e-mails when known, else from the order's country."""
    if known:
        lang = known.get(order.customer_email.lower())
        if lang in LANGUAGES:
            return lang
    lang = country_languages().get((order.country or "").upper(), shop.default_language)
    return lang if lang in LANGUAGES else "en"


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _milestone(order: Order, shop: Shop, now: datetime, unpaid_after_hours: int):
    """(kind, since, event) of the notice due for ``order`` now, or None."""
    placed = _aware(order.placed_at)
    if order.status == "unpaid":
        waited = now - placed
        cancel_days = getattr(shop.policies, "unpaid_cancel_days", 7)
        if timedelta(hours=unpaid_after_hours) <= waited < timedelta(days=cancel_days):
            return "unpaid", placed + timedelta(hours=unpaid_after_hours), None
        return None
    if order.status == "paid" and order.shipped_at is None:
        if timedelta(0) <= now - placed <= timedelta(hours=ORDERED_FRESH_HOURS):
            return "ordered", placed, None
        return None
    if order.status == "delivered" or order.delivered_at is not None:
        if order.delivered_at is None:
            return None
        delivered = _aware(order.delivered_at)
        if timedelta(0) <= now - delivered <= timedelta(days=MILESTONE_FRESH_DAYS):
            return "delivered", delivered, None
        return None
    if order.status != "shipped" or order.shipped_at is None:
        return None
    events = [e for e in (shop.events(order.tracking_number) if order.tracking_number else ())
              if _aware(e.time) <= now]
    last = events[-1] if events else None
    window = grounding.eta_for(order, shop, now)
    if window is not None and now.date() > window.latest:
        return "delay", datetime.combine(window.latest + timedelta(days=1), datetime.min.time(), timezone.utc), last
    if last is not None and now - _aware(last.time) <= timedelta(days=MILESTONE_FRESH_DAYS):
        if last.status == "customs":
            return "customs", _aware(last.time), last
        if last.status == "arrived_in_country":
            return "arrived", _aware(last.time), last
    shipped = _aware(order.shipped_at)
    if timedelta(0) <= now - shipped <= timedelta(days=SHIPPED_FRESH_DAYS):
        return "shipped", shipped, None
    return None


def due_notices(shop: Shop, now: datetime, *, languages: Mapping[str, str] | None = None,
                unpaid_after_hours: int = UNPAID_AFTER_HOURS) -> list[Notice]:
    """Every notice due at ``now``, oldest milestone first."""
    now = _aware(now)
    out = []
    for order in shop.orders:
        found = _milestone(order, shop, now, unpaid_after_hours)
        if found is None:
            continue
        kind, since, event = found
        out.append(draft_notice(order, shop, kind, since, event, now,
                                language=language_for(order, shop, languages)))
    out.sort(key=lambda n: (n.due_since, n.order_id))
    return out


def _eta_text(say, loc, window) -> str:
    """"Between A and B", or "on A" when the window is one day."""
    if window.earliest == window.latest:
        return say("status.eta_on", date=loc.format_date(window.earliest))
    return say("status.eta", eta_from=loc.format_date(window.earliest), eta_to=loc.format_date(window.latest))


def draft_notice(order: Order, shop: Shop, kind: str, since: datetime, event, now: datetime, *,
                 language: str) -> Notice:
    """Write one notice in ``language`` from the order's own data."""
    book = phrasebook(language)
    key = f"{order.order_id}:{kind}:{since.date().isoformat()}"
    rng = random.Random(zlib.crc32(key.encode("utf-8")))
    say = lambda k, **v: book.say(k, rng, **v)      # noqa: E731 - a local shorthand
    loc = book.locale
    facts: dict[str, Any] = {"order_id": order.order_id}
    method = shop.shipping_method(order.shipping_method)
    carrier = order.carrier or (method.carrier if method else "")
    parts: list[str] = []
    if kind == "unpaid":
        parts.append(say("notice.unpaid", order=order.order_id, amount=loc.format_money(order.total, order.currency),
                         date=loc.format_date(order.placed_at)))
        parts.append(say("notice.unpaid_reserve"))
        if shop.payment_methods:
            parts.append(say("payment.methods", list=loc.format_list(list(shop.payment_methods))))
    elif kind == "ordered":
        if method is not None:
            handling = method.handling_days
            parts.append(say("notice.ordered", order=order.order_id,
                             handling=str(handling[0]) if handling[0] == handling[1] else f"{handling[0]}-{handling[1]}"))
            window = grounding.eta_for(order, shop, now)
            if window is not None:
                parts.append(_eta_text(say, loc, window))
                facts.update(eta_from=window.earliest.isoformat(), eta_to=window.latest.isoformat())
        parts.append(say("expect.tracking"))
    elif kind == "shipped":
        link = method.tracking_link(order.tracking_number) if method and order.tracking_number else ""
        parts.append(say("notice.shipped", order=order.order_id, date=loc.format_date(order.shipped_at),
                         carrier=carrier, tracking=order.tracking_number, link=link))
        window = grounding.eta_for(order, shop, now)
        if window is not None:
            parts.append(_eta_text(say, loc, window))
            facts.update(eta_from=window.earliest.isoformat(), eta_to=window.latest.isoformat())
        facts.update(carrier=carrier, tracking_number=order.tracking_number, tracking_link=link)
    elif kind in ("arrived", "customs"):
        location = event.location or order.country
        parts.append(say(f"notice.{kind}", order=order.order_id, date=loc.format_date(event.time), location=location))
        if order.tracking_number and method:
            parts.append(say("status.triad", order=order.order_id, date=loc.format_date(order.shipped_at),
                             carrier=carrier, tracking=order.tracking_number,
                             link=method.tracking_link(order.tracking_number)))
        facts.update(event=event.status, location=location)
    elif kind == "delivered":
        parts.append(say("notice.delivered", order=order.order_id, date=loc.format_date(order.delivered_at)))
        parts.append(say("notice.before_dispute"))
        parts.append(say("review.invite"))
        if getattr(shop, "review_url", ""):
            parts.append(say("review.link", link=shop.review_url))
    elif kind == "delay":
        window = grounding.eta_for(order, shop, now)
        parts.append(say("notice.delay", order=order.order_id, eta_to=loc.format_date(window.latest)))
        if event is not None and event.status == "customs":      # a real cause, from the data (H1)
            parts.append(say("status.customs", location=event.location or order.country, date=loc.format_date(event.time)))
            facts["reason"] = "customs"
        if order.tracking_number and method:
            parts.append(say("status.triad", order=order.order_id, date=loc.format_date(order.shipped_at),
                             carrier=carrier, tracking=order.tracking_number,
                             link=method.tracking_link(order.tracking_number)))
        parts.append(say("expect.follow", days=7))
        facts.update(eta_to=window.latest.isoformat())
    subject_key = "notice.arrived_subject" if kind == "arrived" else f"notice.{kind}_subject"
    subject = say(subject_key, order=order.order_id,
                  location=(event.location if event is not None and event.location else order.country))
    greeting = say("greet.named", name=order.customer_name) if order.customer_name else say("greet.anon")
    closing = [say("sign.closing")]
    agent = shop.agent_name or shop.sender_name
    if agent and agent != shop.name:
        closing.append(agent)
    closing.append(shop.name)
    body = (greeting + "\n\n" + "\n\n".join(_paragraph(book, parts)) + "\n\n" + say("invite.again")
            + "\n\n" + "\n".join(closing) + "\n")
    return Notice(kind=kind, key=key, order_id=order.order_id, to=order.customer_email, name=order.customer_name,
                  language=book.language, subject=subject, body=body, due_since=since, facts_used=facts)


def _paragraph(book: Phrasebook, parts: list[str]) -> list[str]:
    """One paragraph per fact group (each part is one or two sentences), so none grows past three
    sentences and a tracking link ends its own paragraph (READABLE)."""
    return [part.strip() for part in parts if part.strip()]
