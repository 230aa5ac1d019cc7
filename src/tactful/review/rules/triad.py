"""TRIAD: a reply about a shipped parcel gives the carrier, the tracking number and a link.

A reply is about a shipped parcel when it gives a tracking number or tracking link, or, for a
question about the parcel, when it says the parcel has shipped (``shipped``) or mentions the
tracking number (``tracking_word``) of an order the shop's data shows shipped or delivered.
"We will send you the tracking number once it ships" is about a parcel that has not shipped:
a clause with a future or conditional cue (``ship_pending``) states nothing.
"""

import re

from tactful.review.lexicon import carrier_pattern
from tactful.review.rules import _shopdata as S
from tactful.review.text import URL, norm_code
from tactful.review.types import ERROR, Finding

name = "TRIAD"
description = "A reply about a shipped parcel gives carrier, tracking number and a tracking link."
severity = ERROR

# Shapes of tracking numbers: UPU S10 (LV123456789CN), UPS 1Z..., long all-digit numbers.
_TRACKING = re.compile(r"[A-Z]{2}\d{9}[A-Z]{2}|1Z[0-9A-Z]{16}|\d{10,22}|[A-Z]{1,4}\d{8,20}[A-Z]{0,2}")


PARCEL_INTENTS = frozenset({"shipping.status", "shipping.time", "delivery.not_received",
                            "followup.reminder"})


def _shop_sets(shop):
    if shop is None:
        return set(), set(), ()
    tracking = {norm_code(o.tracking_number) for o in shop.orders if o.tracking_number}
    orders = {norm_code(o.order_id) for o in shop.orders}
    carriers = tuple({m.carrier for m in shop.shipping_methods} | {o.carrier for o in shop.orders if o.carrier})
    return tracking, orders, carriers


# Clause punctuation: "It was shipped on 3 March; once it arrives ..." keeps its statement.
_CLAUSE_BREAK = re.compile(r"[,;，；、]")


def _pending(ctx, m: re.Match, whole_sentence: bool = False) -> bool:
    """Whether the clause of a cue speaks of a shipment still to come ("once it ships").

    A statement that it shipped is judged by its own clause ("It was shipped on 3 March; once
    it arrives ..." still states it); a mention of the tracking number by its sentence, since
    the condition often stands in a clause of its own ("Die Sendungsnummer erhalten Sie,
    sobald ...", "Jälgimiskoodi saate kohe, kui pakk teele läheb").
    """
    sent = ctx.sentences[ctx.sentence_of(m.start())]
    start, end = sent.start, sent.end
    if not whole_sentence:
        for b in _CLAUSE_BREAK.finditer(ctx.reply, sent.start, m.start()):
            start = b.end()
        nxt = _CLAUSE_BREAK.search(ctx.reply, m.end(), sent.end)
        end = nxt.start() if nxt else sent.end
    return any(lex.pattern("ship_pending").search(ctx.reply, start, end) for lex in ctx.lexicons)


def _shop_says_shipped(ctx) -> bool:
    order = S.the_order(ctx)
    return order is not None and order.is_shipped


def check(ctx) -> list[Finding]:
    known_tracking, known_orders, carriers = _shop_sets(ctx.shop)
    known_tracking |= {norm_code(v) for v in ctx.analysis.facts.values("tracking_numbers")}
    known_orders |= {norm_code(v) for v in ctx.analysis.facts.values("order_numbers")}
    numbers = [c for c in ctx.reply_codes
               if c.value in known_tracking or (c.value not in known_orders and _TRACKING.fullmatch(c.value))]
    links = list(URL.finditer(ctx.reply))
    # "It left our warehouse" in a reply about a cancellation is not a tracking answer; the
    # shipped cue alone counts only when the customer asked about the parcel.
    shipped = []
    if ctx.intents() & PARCEL_INTENTS:
        shipped = [m for m in ctx.find("shipped") if not _pending(ctx, m)]
        if shipped or _shop_says_shipped(ctx):
            shipped += [m for m in ctx.find("tracking_word") if not _pending(ctx, m, whole_sentence=True)]
            shipped.sort(key=lambda m: m.start())
    tracking_links = [m for m in links if "track" in m.group(0).lower()]
    if not (shipped or numbers or tracking_links):
        return []
    # The carrier must be named in the text; "dhl.com" inside the link does not tell the customer.
    carrier = carrier_pattern(tuple(carriers)).search(URL.sub(lambda m: " " * len(m.group(0)), ctx.reply))
    missing = [what for what, ok in (("the carrier", carrier), ("the tracking number", numbers),
                                     ("a tracking link", links)) if not ok]
    if not missing:
        return []
    anchor = shipped[0] if shipped else (numbers[0] if numbers else links[0])
    start, end = (anchor.start, anchor.end) if hasattr(anchor, "value") else (anchor.start(), anchor.end())
    return [Finding(name, severity, start, end,
                    "The reply is about a shipped parcel but lacks " + " and ".join(missing)
                    + "; give carrier, tracking number and the link together.",
                    ctx.lex.template("triad", carrier=carrier.group(0) if carrier else "…",
                                     number=numbers[0].text.strip() if numbers else "…",
                                     link=links[0].group(0) if links else "…"))]
