"""Small stand-ins for the pure stages, so desk tests control exactly what the analysis says.

The desk's behaviour (threading, READ-DUP handling, priority, escalation, SLA, sending) is what
these tests check; the real stages are exercised in test_desk_pipeline.py.
"""

from __future__ import annotations

import email
import email.policy
import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from tactful.compose.types import Draft, PlanSection
from tactful.desk.processing import Pipeline
from tactful.mail.types import Address, ParsedMessage
from tactful.review.types import Finding, ReviewResult
from tactful.understand.types import Analysis, AnalysisContext, Facts, Fact, Item, Mood

KEYWORDS = {
    "wrong": "delivery.wrong_item", "damaged": "delivery.damaged", "broken": "delivery.damaged",
    "where is": "shipping.status", "refund": "refund.status", "size": "product.size_advice",
    "did you get": "followup.reminder", "cancel": "order.cancel",
}


def parse(raw: bytes, source: str = "<bytes>") -> ParsedMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    body = msg.get_body(("plain",))
    text = body.get_content() if body is not None else ""
    name, addr = email.utils.parseaddr(str(msg.get("From", "")))
    refs = tuple(str(msg.get("References", "")).split())
    try:
        when = parsedate_to_datetime(str(msg["Date"])) if msg["Date"] else None
    except (TypeError, ValueError):
        when = None
    errors = tuple(str(d) for d in msg.defects)
    if not msg["From"]:
        errors += ("no From header",)
    auto = str(msg.get("Auto-Submitted", "no")).lower() not in ("", "no")
    return ParsedMessage(source=source, raw=raw, message_id=str(msg.get("Message-ID", "")).strip(),
                         is_auto_reply=auto,
                         in_reply_to=str(msg.get("In-Reply-To", "")).strip(), references=refs,
                         from_=Address(name, addr), subject=str(msg.get("Subject", "")), date=when,
                         text=text, new_text=text.split("\n>")[0], errors=errors)


def analyse_one(m: ParsedMessage) -> Analysis:
    low = m.new_text.lower()
    intents = [intent for key, intent in KEYWORDS.items() if key in low] or ["other"]
    items = tuple(Item(text=m.new_text, start=0, end=len(m.new_text), intent=i) for i in intents)
    anger = 0.9 if ("angry" in low or "!!!" in low) else 0.0
    kind = "complaint" if anger else ("reminder" if "did you get" in low else "inquiry")
    orders = tuple(Fact(v) for v in re.findall(r"#?\b(\d{4,6})\b", m.new_text))
    missing = () if orders else (("order_number",) if any(i.startswith(("delivery", "shipping")) for i in intents) else ())
    deadline = None
    if "by tomorrow" in low and m.date:
        deadline = (m.date + timedelta(days=1)).date()
        items = tuple(Item(i.text, i.start, i.end, i.intent, time_sensitive=True, deadline=deadline) for i in items)
    return Analysis(source=m.source, message_id=m.message_id, text=m.new_text, masked_text=m.new_text,
                    language="de" if "hallo" in low else "en", language_confidence=0.9, items=items,
                    mood=Mood(negative=bool(anger), anger=anger, kind=kind), clarity="C2",
                    facts=Facts(order_numbers=orders), missing=missing, secrets=(), subject=m.subject,
                    sender=m.sender, sender_name=m.from_.name, received_at=m.date)


def analyze_many(messages, context: AnalysisContext | None = None) -> list[Analysis]:
    """Like the real one: date order, and READ-DUP links (same sender, same text within 30 min)."""
    ordered = sorted(messages, key=lambda m: m.date or datetime.min.replace(tzinfo=timezone.utc))
    out: list[Analysis] = []
    for m in ordered:
        a = analyse_one(m)
        for prev in out:
            if prev.sender != a.sender or not prev.received_at or not a.received_at:
                continue
            gap = a.received_at - prev.received_at
            if prev.text.strip() == a.text.strip() and gap <= timedelta(minutes=30):
                a = Analysis(**{**a.__dict__, "duplicate_of": prev.message_id or prev.source})
                break
            if (gap <= timedelta(minutes=30) and prev.text.strip() in a.text
                    and len(a.text.strip()) > len(prev.text.strip()) + 10 and not prev.duplicate_of):
                # The later mail says everything the earlier one did and more: keep the later one.
                out[out.index(prev)] = Analysis(**{**prev.__dict__, "duplicate_of": a.message_id or a.source})
                break
            if set(prev.intents) & set(a.intents) - {"other"} and gap > timedelta(minutes=30):
                a = Analysis(**{**a.__dict__, "repeat_of": prev.message_id or prev.source})
        out.append(a)
    return out


def compose(analysis, shop, *, now, history=(), ticket_ref="", seed=None, concise=False) -> Draft:
    sections = [PlanSection("greeting", ("GREET",), "Hello,")]
    for n, item in enumerate(analysis.items):
        sections.append(PlanSection("answer", ("COVER",), f"About {item.intent}: we are on it.", n))
    if any(i.startswith("delivery.") for i in analysis.intents):
        sections.append(PlanSection("options", ("OPTIONS",), "We can resend the item or refund you."))
    if analysis.missing:
        sections.append(PlanSection("ask", ("ASK",), "Could you tell us your order number?"))
    sections.append(PlanSection("signoff", ("SIGN",), f"Kind regards, {shop.name}"))
    body = "\n\n".join(s.text for s in sections)
    if "please fail" in analysis.text.lower():
        body += "\nFAIL"
    return Draft(language=analysis.language, subject=f"Re: {analysis.subject} [{ticket_ref}]", body=body,
                 plan=tuple(sections))


def review(reply, analysis, *, shop=None, sent_at=None, disabled=()) -> ReviewResult:
    findings = (Finding("COVER", "error", 0, 1, "not all items answered"),) if "FAIL" in reply else ()
    return ReviewResult(score=60 if findings else 95, findings=findings)


def fake_pipeline() -> Pipeline:
    return Pipeline(parse=parse, analyze_many=analyze_many, compose=compose, review=review,
                    context=AnalysisContext())


def eml(*, sender="ann@example.com", name="Ann Lee", subject="Question", body="Hello", msgid=None,
        date="Mon, 02 Mar 2026 08:00:00 +0000", in_reply_to="", references="", extra="") -> bytes:
    lines = [f"From: {name} <{sender}>", "To: shop@example.net", f"Subject: {subject}", f"Date: {date}"]
    if msgid is not None:
        lines.append(f"Message-ID: {msgid}")
    if in_reply_to:
        lines.append(f"In-Reply-To: {in_reply_to}")
    if references:
        lines.append(f"References: {references}")
    if extra:
        lines.append(extra)
    lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body, ""]
    return "\r\n".join(lines).encode("utf-8")


def msg(**kw) -> ParsedMessage:
    return parse(eml(**kw), source="test")
