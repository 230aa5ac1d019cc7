"""Build the reply plan of PLAYBOOK §3 for one analysed email and render it as a draft.

``compose`` is pure: the same analysis, shop, clock and seed always give the same draft. The
sections follow §3 in order; each carries the rule IDs it serves so the review and a reader can
see why it is there.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Sequence

from tactful.compose import cases
from tactful.compose.phrases import phrasebook, reply_language
from tactful.compose.types import Draft, PlanSection
from tactful.compose.writer import FULL, MAX_SPECIFIC_THANKS, Part, Writer, concise_style
from tactful.review.text import sentences as split_sentences
from tactful.shop.model import Shop
from tactful.understand.types import MISSING_FACTS, Analysis, AnalysisContext, Item

# Intents where the trouble is on our side: empathy and reassurance even when the tone is calm.
OUR_ERROR = ("delivery.wrong_item", "delivery.missing_item", "delivery.damaged", "delivery.not_received",
             "complaint.service")
MAX_PARAGRAPH_SENTENCES = 3     # READABLE
URL_END = re.compile(r"https?://\S+$")
RE_PREFIX = re.compile(r"^\s*((re|aw|sv|vs|antw|rif|ответ|回复|回覆|atb|vá)\s*(\[\d+\])?\s*[:：]\s*)+", re.I)


def seed_for(message_id: str) -> int:
    """A stable seed from the message id, so the same email always reads the same."""
    return zlib.crc32((message_id or "").encode("utf-8"))


def context_for(shop: Shop) -> AnalysisContext:
    """What the analysis may know from the shop: its order pattern and each sender's orders."""
    by_sender: dict[str, list[str]] = {}
    for order in sorted(shop.orders, key=lambda o: o.placed_at):
        by_sender.setdefault(order.customer_email.lower(), []).append(order.order_id)
    return AnalysisContext(order_pattern=shop.order_pattern,
                           sender_orders={k: tuple(v) for k, v in by_sender.items()})


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def is_late(analysis: Analysis, shop: Shop, now: datetime) -> bool:
    """LATE: the reply goes out more than the promised hours after the email arrived."""
    if analysis.received_at is None:
        return False
    return (_aware(now) - _aware(analysis.received_at)).total_seconds() > shop.reply_hours * 3600


def subject_for(analysis: Analysis, shop: Shop, book, ticket_ref: str) -> str:
    """SUBJECT: "Re: <original>" plus the ticket reference."""
    original = RE_PREFIX.sub("", analysis.subject or "").strip()
    subject = book.say("subject.re", subject=original) if original else book.say("subject.none", shop=shop.name)
    if ticket_ref:
        ref = ticket_ref if ticket_ref.startswith("#") else f"#{ticket_ref}"
        subject = f"{subject} [{ref}]"
    return subject


def _customer_name(analysis: Analysis, shop: Shop) -> str:
    name = (analysis.sender_name or "").strip().strip('"')
    if not name and analysis.sender:
        orders = shop.orders_for(analysis.sender)
        if orders:
            name = orders[-1].customer_name
    if "@" in name:
        return ""
    return name


def _paragraphs(w: Writer, sentences: Sequence[str]) -> str:
    """Sentences grouped into short paragraphs (READABLE: at most three per paragraph)."""
    chunks: list[list[str]] = [[]]
    count = 0
    for sentence in (s for s in sentences if s):
        # A phrase may hold two sentences ("Thank you for the feedback. It is a pity ..."):
        # READABLE counts sentences, not phrases.
        weight = max(1, len(split_sentences(sentence)))
        if chunks[-1] and count + weight > MAX_PARAGRAPH_SENTENCES:
            chunks.append([])
        if not chunks[-1]:
            count = 0
        chunks[-1].append(sentence)
        count += weight
        # A sentence that ends with a link ends its paragraph, so no text sticks to the URL.
        if URL_END.search(sentence):
            chunks.append([])
    return "\n\n".join(w.locale.join_sentences(c) for c in chunks if c)


def _thanks(w: Writer, analysis: Analysis, history: Sequence[Analysis], late: bool) -> tuple[list[str], list[str]]:
    """THANKS: specific thanks when the email shows what for, else a general thank-you."""
    intents = set(analysis.intents)
    reasons: list[str] = []
    if analysis.repeat_of or any(h.message_id == analysis.repeat_of for h in history if analysis.repeat_of):
        reasons.append("repeat")
    if "followup.reminder" in intents or (late and "repeat" not in reasons):
        reasons.append("patience")
    if analysis.has_image_attachment:
        reasons.append("photos")
    if "feedback.suggestion" in intents:
        reasons.append("suggestion")
    if "feedback.compliment" in intents:
        reasons.append("kind_words")
    if analysis.clarity == "C1" and not reasons:
        reasons.append("details")
    reasons = reasons[:MAX_SPECIFIC_THANKS]
    if not reasons:
        return [w.say("thanks.message", shop=w.shop.name)], ["message"]
    said = [w.say(f"thanks.{r}", shop=w.shop.name) for r in reasons]   # all drawn: the rest reads the same
    keep = w.style.max_specific_thanks                                  # VOLUME: fewer in a concise draft
    return said[:keep], reasons[:keep]


def _needs_empathy(analysis: Analysis, w: Writer) -> bool:
    if analysis.mood.negative or analysis.mood.kind == "complaint":
        return True
    return any(i in OUR_ERROR for i in analysis.intents)


# Questions about one parcel ("where is it?", "when will it come?", "it has not arrived") get one
# answer, written for the most serious of them, at the place of the first (no repeated triad).
PARCEL_INTENTS = ("delivery.not_received", "shipping.status", "shipping.time")


def _items(analysis: Analysis, w: Writer) -> tuple[tuple[Item, ...], list[tuple[str, ...]]]:
    """The items to answer, in the customer's order, and for each the other points its answer
    also covers (parcel questions merged into one answer; a repeated intent answered once)."""
    if not analysis.items:
        return (Item(text=analysis.text, start=0, end=len(analysis.text), intent="other"),), [()]
    out: list[Item] = []
    covers: list[list[str]] = []
    seen: dict[str, int] = {}
    parcel = [i.intent for i in analysis.items if i.intent in PARCEL_INTENTS]
    main = min(parcel, key=PARCEL_INTENTS.index) if parcel else ""
    # Without the order there is no triad or delivery date to answer both at once: "when will it
    # ship?" then gets its own answer (the dispatch time every order has) beside "where is it?".
    merged = PARCEL_INTENTS if not main or w.order_for(main) is not None else \
        tuple(i for i in PARCEL_INTENTS if i != "shipping.time")
    for item in analysis.items:
        intent = main if item.intent in merged and main in merged else item.intent
        if intent in seen:
            also = covers[seen[intent]]
            if item.intent != intent and item.intent not in also:
                also.append(item.intent)
            continue
        seen[intent] = len(out)
        out.append(item if intent == item.intent else replace(item, intent=intent))
        covers.append([item.intent] if item.intent != intent else [])
    return tuple(out), [tuple(c) for c in covers]


def compose(analysis: Analysis, shop: Shop, *, now: datetime, history: Sequence[Analysis] = (),
            ticket_ref: str = "", seed: int | None = None, concise: bool = False) -> Draft:
    """The reply draft for ``analysis``: plan by PLAYBOOK §3, facts from ``shop``, text from phrasebooks.

    ``concise`` (VOLUME, PLAYBOOK §7): the same plan and answers without the optional personal
    touches of data/concise.yaml, for when the desk is swamped."""
    language = reply_language(analysis.language)
    book = phrasebook(language)
    base_seed = seed if seed is not None else seed_for(analysis.message_id)
    # READ-DUP repeat: earlier replies used the earlier seeds; shifting ours makes the wording differ.
    earlier = [h for h in history if h.message_id != analysis.message_id]
    rng = random.Random(base_seed + 7919 * len(earlier))
    w = Writer(analysis, shop, book, rng, now, style=concise_style() if concise else FULL)
    plan: list[PlanSection] = []
    items, covers = _items(analysis, w)
    late = is_late(analysis, shop, now)

    name = _customer_name(analysis, shop)
    plan.append(PlanSection("greeting", ("GREET",), w.say("greet.named", name=name) if name else w.say("greet.anon")))
    if late:
        plan.append(PlanSection("late", ("LATE",), w.apology("late.apology", "late.apology")))
    thanks, reasons = _thanks(w, analysis, earlier, late)
    plan.append(PlanSection("thanks", ("THANKS",), _paragraphs(w, thanks)))
    w.use("thanks", reasons)
    if _needs_empathy(analysis, w):
        text = [w.apology("empathy.sorry", "empathy.understand"), w.say("reassure.solve")]
        plan.append(PlanSection("empathy", ("EMPATHY", "REASSURE"), _paragraphs(w, text)))

    if analysis.secrets:
        # SECURE: never repeat what they sent; tell them kindly not to send it again.
        plan.append(PlanSection("secure", ("SECURE",), w.say("secure.warning")))
        w.use("secrets_warned", len(analysis.secrets))
    asks: list[str] = []
    expects: list[tuple[str, dict[str, Any]]] = []
    # RESTATE counts the customer's points, also when several get one answer (a parcel).
    restate = len(items) >= 2 or len(analysis.items) >= 2
    has_options = False
    for index, item in enumerate(items):
        builder = cases.CASES.get(item.intent, cases.other)
        part: Part = _without_left_out(builder(w, item))
        lead = ""
        if w.unknown_orders and not w.named_orders and not w.said_not_found and w.facts_used.get("order_id"):
            # The number they gave is not in the shop, but they have orders with us: say so, say
            # which order the answer is about, and ask for the right number (H1, ASK).
            lead = w.say("order.not_found_latest", order=w.listing(w.unknown_orders), latest=w.facts_used["order_id"])
            w.said_not_found = True
        about = part.restate_as or item.intent
        prefix = w.say(f"restate.{about}") if restate and book.has(f"restate.{about}") else ""
        rules = ("COVER", "ORDER") + (("RESTATE",) if restate else ())
        first = True
        if part.answer or not part.refuse or lead:
            body = part.answer or ([] if lead else [w.say("answer.general")])
            text = "\n\n".join(t for t in (lead, _with_points(w, body, part.points, covers[index] if restate else ()))
                               if t)
            if prefix:
                text = prefix + book.locale.space + text
            plan.append(PlanSection("answer", rules + tuple(r for r in part.rules if r != "REFUSE"), text, index))
            first = False
        if part.options:
            lines = [w.say("options.intro")] + [f"{n}. {_capital(opt)}" for n, opt in enumerate(part.options, 1)]
            text = "\n".join(lines)
            if part.option_notes:
                text += "\n\n" + _paragraphs(w, part.option_notes)
            plan.append(PlanSection("options", ("OPTIONS",), text, index))
            has_options = True
        elif part.option_notes:
            plan.append(PlanSection("answer", ("COVER",), _paragraphs(w, part.option_notes), index))
        if part.refuse:
            text = _paragraphs(w, part.refuse)
            if first and prefix:
                text = prefix + book.locale.space + text
            plan.append(PlanSection("refuse", (("COVER", "ORDER") if first else ()) + ("REFUSE",) +
                                    tuple(r for r in part.rules if r not in ("REFUSE",)), text, index))
        for fact in part.ask:
            if fact not in asks:
                asks.append(fact)
        expects += part.expect

    asks = _filter_asks(asks, analysis, w)
    open_q = (analysis.clarity == "C3" and not w.facts_used.get("order_id")) or "open" in asks
    asks = [a for a in asks if a != "open"]
    if asks or open_q:
        sentences = []
        if asks:
            # An order we could not find may have been placed from another address: ask for either.
            labels = [book.label("ask.fact_order_number_or_email" if a == "order_number" and w.order_not_found
                                 else f"ask.fact_{a}") for a in asks]
            sentences.append(w.say("ask.intro", list=w.listing(labels)))
        if open_q or analysis.clarity == "C2" and not asks:
            sentences.append(w.say("ask.open"))
        elif asks and ("photo" in asks or "order_number" in asks):
            sentences.append(w.say("ask.open"))
        plan.append(PlanSection("ask", ("ASK", "OPEN-Q"), _paragraphs(w, sentences)))
        w.use("asked", asks)
        expects.insert(0, ("expect.after_info", {"hours": shop.reply_hours}))
    expect_text = _expectations(w, expects, has_options)
    if expect_text:
        plan.append(PlanSection("expect", ("EXPECT",), expect_text))
    plan.append(PlanSection("invite", ("INVITE",), w.say("invite.again")))
    agent = shop.agent_name or shop.sender_name
    closing = [w.say("sign.closing")]
    if agent and agent != shop.name:
        closing.append(agent)
    closing.append(shop.name if shop.name else w.say("sign.team", shop=shop.name))
    plan.append(PlanSection("signoff", ("SIGN",), "\n".join(closing)))

    body = _render(plan)
    w.use("language", language)
    if late:
        w.use("late", True)
    if concise:
        w.use("concise", True)
    return Draft(language=language, subject=subject_for(analysis, shop, book, ticket_ref), body=body,
                 plan=tuple(plan), facts_used=dict(w.facts_used))


def _with_points(w: Writer, sentences: list[str], points: dict[str, int], also: Sequence[str]) -> str:
    """The answer's paragraphs; an answer that also covers other points (``also``) restates each
    at the sentence that answers it ("About the delivery time: ...") in a paragraph of its own,
    so the customer, and the review (COVER, RESTATE), see every point answered."""
    cuts = sorted({points[i]: i for i in also if 0 < points.get(i, 0) < len(sentences)
                   and w.book.has(f"restate.{i}")}.items())
    if not cuts:
        return _paragraphs(w, sentences)
    out = []
    bounds = [0] + [at for at, _ in cuts] + [len(sentences)]
    heads = [""] + [intent for _, intent in cuts]
    for (lo, hi), intent in zip(zip(bounds, bounds[1:]), heads):
        text = _paragraphs(w, sentences[lo:hi])
        if not text:
            continue
        if intent:
            text = w.say(f"restate.{intent}") + w.book.locale.space + text
        out.append(text)
    return "\n\n".join(out)


def _without_left_out(part: Part) -> Part:
    """A sentence the style left out comes back as "": drop it before the plan is built."""
    kept = [i for i, s in enumerate(part.answer) if s]
    part.points = {k: sum(1 for i in kept if i < v) for k, v in part.points.items()}
    part.answer = [s for s in part.answer if s]
    part.option_notes = [s for s in part.option_notes if s]
    part.refuse = [s for s in part.refuse if s]
    return part


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _filter_asks(asks: list[str], analysis: Analysis, w: Writer) -> list[str]:
    """ASK only for what is really missing: drop what the shop or the attachments already give us."""
    wanted = list(asks)
    for fact in analysis.missing:
        if fact not in wanted and fact in ("order_number", "photo", "measurements", "product", "quantity",
                                            "country", "address", "size", "colour"):
            # READ-MISSING gaps matter only for the order-specific or product items we answer.
            if fact == "order_number" and w.facts_used.get("order_id"):
                continue
            if fact in ("measurements",) and w.facts_used.get("size"):
                continue
            # A product recognised only through translated product words is a guess: confirm it (ASK).
            if fact in ("product",) and w.facts_used.get("product") and w.facts_used.get("product_match") != "glossary":
                continue
            if fact == "country" and w.facts_used.get("country"):
                continue
            if fact == "photo" and w.facts_used.get("never_shipped"):
                continue   # the item problem was about an order that never left: nothing to photograph
            wanted.append(fact)
    if analysis.has_image_attachment and "photo" in wanted:
        wanted.remove("photo")
    if "order_number" in wanted and w.facts_used.get("order_id") and not w.unknown_orders:
        wanted.remove("order_number")
    order = {name: i for i, name in enumerate(MISSING_FACTS)}
    return sorted(wanted, key=lambda f: order.get(f, len(order)))


def _expectations(w: Writer, expects: list[tuple[str, dict[str, Any]]], has_options: bool) -> str:
    """EXPECT: at most two distinct statements of what happens next, the most concrete first."""
    seen: set[str] = set()
    sentences: list[str] = []
    for key, values in expects:
        if key in seen:
            continue
        if key == "expect.reply_within" and ("expect.after_info" in seen or "expect.choice" in seen):
            continue
        seen.add(key)
        sentences.append(w.say(key, **values))
        if len(sentences) == 2:
            break
    return _paragraphs(w, sentences)


def _render(plan: Sequence[PlanSection]) -> str:
    """The e-mail body: greeting line, paragraphs, sign-off block."""
    greeting = plan[0].text
    blocks = [s.text for s in plan[1:-1] if s.text]
    return greeting + "\n\n" + "\n\n".join(blocks) + "\n\n" + plan[-1].text + "\n"
