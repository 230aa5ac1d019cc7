"""The shared, computed-once view of one review: sentences, zones, languages, cue matches.

Rules read this object and never re-split or re-scan the reply themselves, which keeps one
review well under two milliseconds with two dozen rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cached_property
from typing import TYPE_CHECKING

from tactful.review import text as T
from tactful.review.language import detect
from tactful.review.lexicon import LANGUAGES, Lexicon, load_lexicon

if TYPE_CHECKING:
    from tactful.shop.model import Shop
    from tactful.understand.types import Analysis, Item


@dataclass(frozen=True)
class Coverage:
    """Where the reply answers one item (COVER, ORDER, RESTATE): best sentence and its score."""

    item: "Item"
    index: int            # position of the item in the email
    sentence: int         # index into ctx.sentences, -1 when unanswered
    score: float
    in_order: bool = True  # found at or after the previous item's answer

    @property
    def answered(self) -> bool:
        return self.sentence >= 0


# An item counts as answered when its best sentence scores at least this much: one shared fact
# (3), or an answer cue for its intent plus a topic word (1.5 + 1), or three topic words.
ANSWER_THRESHOLD = 2.5
FACT_WEIGHT, CUE_WEIGHT, TOPIC_WEIGHT, RESTATE_WEIGHT = 3.0, 1.5, 1.0, 1.0
# "On washing: ...", "关于尺码：..." — a few words and a colon opening a sentence restate the point.
_LEAD_IN = re.compile(r"[^\W\d][^.:：!?？\n]{0,34}[:：]\s*\S")
# The words of a restatement lead-in, up to and including its colon (restatement_heads).
_HEAD = re.compile(r"[^.:：!?？\n]{1,60}[:：]")
_BULLETS = " -–•*\"'«„“("
# Items whose answer has no specific content: a thanks, an acknowledgement, an apology with a
# remedy for a complaint about the service, a general reply.
LOOSE_INTENTS = frozenset({"feedback.compliment", "feedback.suggestion", "feedback.review",
                           "followup.reminder", "complaint.service", "other"})
# Points about one order (READ-MISSING asks for its number, plus "when will it ship?") or one
# product (it asks for the product): when the shop has none the email names, "we could not find
# order X / no order under your address", "the item is not in our catalogue" and a request for
# the number or the product name are what an honest answer to them can say (ASK, H1).
ORDER_INTENTS = frozenset({"order.cancel", "order.change", "order.combine", "shipping.status",
                           "shipping.time", "delivery.not_received", "delivery.wrong_item",
                           "delivery.missing_item", "delivery.damaged", "return.request",
                           "refund.status"})
PRODUCT_INTENTS = frozenset({"product.question", "product.availability", "product.size_advice",
                             "price.wholesale"})
# kind -> (its points, the lexicon's "could not find it" category, the ``ask`` fact that requests it)
LOOKUPS = {"order": (ORDER_INTENTS, "order_unknown", "order_number"),
           "product": (PRODUCT_INTENTS, "product_unknown", "product")}
_CODE = re.compile(r"#?[A-Za-z]{0,4}-?\d[\dA-Za-z-]{3,}")


class ReviewContext:
    """Everything rules need, computed lazily and at most once per review."""

    def __init__(self, reply: str, analysis: "Analysis", *, shop: "Shop | None" = None,
                 sent_at: datetime | None = None, subject: str | None = None,
                 full_reply: str | None = None) -> None:
        self.reply = reply
        # The whole text as sent, quoted history included (``reply`` is its own part).
        self.full_reply = reply if full_reply is None else full_reply
        self.analysis = analysis
        self.shop = shop
        self.sent_at = sent_at
        self.subject = subject
        lang = analysis.language
        self.expected = lang if lang in LANGUAGES else "en"
        self.lex: Lexicon = load_lexicon(self.expected)

    # --- languages -------------------------------------------------------------------------
    @cached_property
    def detected(self) -> tuple[str, float]:
        # The whole reply (links blanked): salutation and closing are language evidence too.
        return detect(T.URL.sub(" ", self.reply))

    @cached_property
    def lexicons(self) -> tuple[Lexicon, ...]:
        """The expected language's lexicon, plus the reply's own when it is another served one."""
        code, conf = self.detected
        if code != self.expected and code in LANGUAGES and conf >= 0.5:
            return (self.lex, load_lexicon(code))
        return (self.lex,)

    # --- structure -------------------------------------------------------------------------
    @cached_property
    def sentences(self) -> list[T.Span]:
        return T.sentences(self.reply)

    @cached_property
    def paragraphs(self) -> list[T.Span]:
        return T.paragraphs(self.reply)

    @cached_property
    def greeting(self) -> T.Span | None:
        """The salutation: the first line when it is short and opens with a greeting cue."""
        for line in self.sentences[:1]:
            if self.match_in("greeting", line) and len(line.text) <= 80:
                return line
        return None

    @cached_property
    def signoff(self) -> T.Span | None:
        """The closing ("Best regards, Anna"): the last closing cue in the last few lines."""
        tail = self.sentences[-4:]
        for line in reversed(tail):
            if len(line.text) <= 80 and self.match_in("signoff", line):
                return T.Span(line.start, len(self.reply), self.reply[line.start:])
        return None

    @cached_property
    def body_sentences(self) -> list[tuple[int, T.Span]]:
        """(index, sentence) between the greeting and the sign-off."""
        lo = self.greeting.end if self.greeting else 0
        hi = self.signoff.start if self.signoff else len(self.reply)
        return [(i, s) for i, s in enumerate(self.sentences) if s.start >= lo and s.end <= hi]

    @cached_property
    def body_text(self) -> str:
        lo = self.greeting.end if self.greeting else 0
        hi = self.signoff.start if self.signoff else len(self.reply)
        return self.reply[lo:hi]

    @cached_property
    def body_start(self) -> int:
        body = self.body_sentences
        return body[0][1].start if body else (self.greeting.end if self.greeting else 0)

    @cached_property
    def body_end(self) -> int:
        body = self.body_sentences
        return body[-1][1].end if body else len(self.reply)

    # --- cue matching ----------------------------------------------------------------------
    def find(self, category: str) -> list[re.Match]:
        """Every match of a lexicon category in the reply (all active lexicons)."""
        key = "find:" + category
        cached = self._cache.get(key)
        if cached is None:
            cached = []
            for lex in self.lexicons:
                cached.extend(lex.pattern(category).finditer(self.reply))
            cached.sort(key=lambda m: m.start())
            self._cache[key] = cached
        return cached

    def match_in(self, category: str, span: T.Span) -> re.Match | None:
        """The first match of a category inside a span of the reply."""
        for lex in self.lexicons:
            m = lex.pattern(category).search(self.reply, span.start, span.end)
            if m:
                return m
        return None

    def has(self, category: str) -> bool:
        return bool(self.find(category))

    def sentence_of(self, pos: int) -> int:
        for i, s in enumerate(self.sentences):
            if s.start <= pos < s.end or pos < s.start:
                return i
        return len(self.sentences) - 1

    @cached_property
    def _cache(self) -> dict:
        return {}

    @cached_property
    def phrasing_hits(self) -> list[tuple]:
        """(row, start, end, text) for every §5 avoid-phrase in the reply, all lexicons, one scan each."""
        out = []
        for lex in self.lexicons:
            rows = lex.phrasings
            for m in lex.phrasing_scan.finditer(self.reply):
                row = rows[int(m.lastgroup[1:])]
                out.append((row, m.start(), m.end(), m.group(0)))
        return out

    @cached_property
    def reply_codes(self) -> list:
        """Order/tracking-number-like tokens in the reply (GROUNDED, TRIAD)."""
        from tactful.review.claims import codes
        return codes(self.reply)

    # --- facts of the email ----------------------------------------------------------------
    @cached_property
    def stopwords(self) -> frozenset[str]:
        return frozenset().union(*(lex.words("stopwords") for lex in self.lexicons))

    @cached_property
    def sentence_tokens(self) -> list[set[str]]:
        lang = self.expected
        return [T.content_tokens(s.text, lang, self.stopwords) for s in self.sentences]

    @cached_property
    def _months(self) -> list[str] | None:
        return self.lex.data.get("months") or None

    @cached_property
    def sentence_days(self) -> list[set[str]]:
        """Calendar days (month-day) named in each sentence: a date the customer gave is a fact."""
        from tactful.review.claims import dates
        out: list[set[str]] = [set() for _ in self.sentences]
        for claim in dates(self.reply, self._months, 2000):
            out[self.sentence_of(claim.start)].add(claim.value[5:])
        return out

    @cached_property
    def sentence_norm(self) -> list[str]:
        return [T.norm_code(s.text) for s in self.sentences]

    def item_facts(self, item: "Item") -> list[str]:
        """Fact values of one item, normalised: its codes, sizes, colours, SKUs from the analysis."""
        out: set[str] = set()
        facts = self.analysis.facts
        for name in ("order_numbers", "tracking_numbers", "skus", "sizes", "colours"):
            for f in getattr(facts, name):
                if f.start < 0 or (item.start <= f.start < item.end):
                    if f.start >= 0 or f.value.lower() in item.text.lower():
                        out.add(T.norm_code(f.value))
        for m in _CODE.finditer(item.text):
            code = T.norm_code(m.group(0))
            if sum(ch.isdigit() for ch in code) >= 4:
                out.add(code)
        return [v for v in out if len(v) >= 2]

    @cached_property
    def known(self) -> dict[str, bool]:
        """Whether the shop has the order (by order or tracking number) and a product (by SKU or
        catalogue name) the email names. Without shop data nothing can be looked up, so neither
        counts as known."""
        shop = self.shop
        if shop is None:
            return {"order": False, "product": False}
        facts, text = self.analysis.facts, self.analysis.text
        order = any(shop.order(v) is not None for v in facts.values("order_numbers")) or \
            any(shop.order_by_tracking(v) is not None for v in facts.values("tracking_numbers")) or \
            any(sum(ch.isdigit() for ch in m.group(0)) >= 4 and shop.order(m.group(0)) is not None
                for m in _CODE.finditer(text))
        low = text.lower()
        skus = {T.norm_code(v) for v in facts.values("skus")}
        product = any(p.name.lower() in low or p.sku.lower() in low or T.norm_code(p.sku) in skus
                      for p in shop.catalog)
        return {"order": order, "product": product}

    def lookup(self, kind: str) -> list[bool]:
        """Per sentence: it says the order (or product) could not be found ("I could not find
        order 55501", "找不到订单", "not in our catalogue") or asks for its number (or name) in a
        request. For a point about an order or product the shop does not have, that is an answer
        (ASK), so it counts as the point's answer cue; it earns no restatement bonus, so under
        "About your parcel:" it does not answer the size change asked beside it."""
        key = "lookup:" + kind
        if key not in self._cache:
            _, category, fact = LOOKUPS[kind]
            asks = [p for p in (lex.group("ask").get(fact) for lex in self.lexicons) if p is not None]
            out = []
            for sent in self.sentences:
                said = self.match_in(category, sent) is not None
                if not said and ("?" in sent.text or "？" in sent.text or self.match_in("request", sent)):
                    said = any(p.search(self.reply, sent.start, sent.end) for p in asks)
                out.append(said)
            self._cache[key] = out
        return self._cache[key]

    def _lookup_for(self, item: "Item") -> list[bool] | None:
        for kind, (intents, _, _) in LOOKUPS.items():
            if item.intent in intents and not self.known[kind]:
                return self.lookup(kind)
        return None

    def threshold(self, item: "Item") -> float:
        """How much evidence an answer needs: one intent cue suffices for a single-item email
        and for items with no specific answer (thanks for a compliment, "other")."""
        if len(self.analysis.items) == 1 or item.intent in LOOSE_INTENTS:
            return CUE_WEIGHT
        return ANSWER_THRESHOLD

    def sentence_scores(self, item: "Item", sentences: list[tuple[int, T.Span]]) -> list[tuple[int, float]]:
        """(sentence index, score) for each candidate sentence. Only when no single sentence is
        enough do neighbouring pairs count ("About the size:" then the answer proper)."""
        topic = T.content_tokens(item.text, self.expected, self.stopwords)
        facts = self.item_facts(item)
        days = _month_days(item.text, self._months)
        cues = [c for c in (lex.group("intent_cues").get(item.intent) for lex in self.lexicons)
                if c is not None]
        out, hits = [], []
        restated = self.restate_starts
        lookup = self._lookup_for(item)
        for i, sent in sentences:
            cue = any(c.search(sent.text) for c in cues)
            answered = cue or (lookup is not None and lookup[i])
            shared = topic & self.sentence_tokens[i]
            score = CUE_WEIGHT * answered + TOPIC_WEIGHT * min(3, len(shared))
            if cue and i in restated:
                # "Zur Passform: ..." — the agent marks the answer to a point explicitly.
                score += RESTATE_WEIGHT
            if (facts and any(f in self.sentence_norm[i] for f in facts)) or (days & self.sentence_days[i]):
                score += FACT_WEIGHT
            hits.append((i, answered, shared))
            out.append((i, score))
        if max((sc for _, sc in out), default=0.0) >= self.threshold(item):
            return out
        for (i, cue_i, sh_i), (j, cue_j, sh_j) in zip(hits, hits[1:]):
            score = CUE_WEIGHT * (cue_i or cue_j) + TOPIC_WEIGHT * min(3, len(sh_i | sh_j))
            out.append((i, score))
        return out

    def answer_score(self, item: "Item", sentences: list[tuple[int, T.Span]]) -> tuple[int, float]:
        """The best-answering sentence for an item among ``sentences`` (-1 if none) and its score."""
        scores = self.sentence_scores(item, sentences)
        if not scores:
            return -1, 0.0
        i, score = max(scores, key=lambda t: (t[1], -t[0]))
        return (i if score >= self.threshold(item) else -1), score

    @cached_property
    def restate_starts(self) -> set[int]:
        """Sentences that open with a restatement cue ("About the size:")."""
        out = set()
        for m in self.find("restate"):
            i = self.sentence_of(m.start())
            if m.start() - self.sentences[i].start <= 3:
                out.add(i)
        for i, sent in enumerate(self.sentences):
            if _LEAD_IN.match(sent.text):
                out.add(i)
        return out

    @cached_property
    def restatement_heads(self) -> list[tuple[int, int]]:
        """(start, end) of each restatement lead-in that opens a sentence: a restate cue at the
        sentence start and the words up to its colon ("About availability:", "关于是否有货：",
        "Par krājumiem noliktavā:"). That stretch names the customer's point; it claims nothing,
        so a stock word in it is the topic, not a stock claim (GROUNDED)."""
        out = []
        for m in self.find("restate"):
            sent = self.sentences[self.sentence_of(m.start())]
            # The cue opens the sentence ("About ...", "关于..."); "In stock: ..." is a claim.
            if m.start() - sent.start != len(sent.text) - len(sent.text.lstrip(_BULLETS)):
                continue
            head = _HEAD.match(sent.text)
            if head is None or head.end() < m.end() - sent.start:
                continue
            if not sent.text[head.end():].strip():
                continue                      # nothing after the colon: not a lead-in
            span = (sent.start, sent.start + head.end())
            if span not in out:
                out.append(span)
        return out

    def in_restatement_head(self, pos: int) -> bool:
        return any(lo <= pos < hi for lo, hi in self.restatement_heads)

    @cached_property
    def coverage(self) -> list[Coverage]:
        """For each item, the reply sentence that answers it (PLAYBOOK COVER, ORDER).

        Items are placed in the customer's order: each takes its best sentence at or after the
        previous item's answer; only when no such sentence answers it does it take an earlier
        one (``in_order`` false). Ties go to a sentence that opens with a restatement.
        """
        body = self.body_sentences or list(enumerate(self.sentences))
        restated = self.restate_starts
        out, last = [], -1
        for idx, item in enumerate(self.analysis.items):
            scores = self.sentence_scores(item, body)
            thr = self.threshold(item)
            good = [(i, s) for i, s in scores if s >= thr]
            if not good:
                best = max((s for _, s in scores), default=0.0)
                out.append(Coverage(item, idx, -1, best))
                continue
            after = [(i, s) for i, s in good if i >= last]
            i, score = max(after or good, key=lambda t: (t[1] + 0.5 * (t[0] in restated), -t[0]))
            out.append(Coverage(item, idx, i, score, in_order=bool(after)))
            last = max(last, i)
        return out

    # --- time ------------------------------------------------------------------------------
    @cached_property
    def delay(self) -> timedelta | None:
        """How long after the email arrived the reply is sent (None when either time is unknown)."""
        received = self.analysis.received_at
        if received is None or self.sent_at is None:
            return None
        return _aware(self.sent_at) - _aware(received)

    @property
    def reply_hours(self) -> int:
        return self.shop.reply_hours if self.shop is not None else 24

    def intents(self) -> set[str]:
        return {item.intent for item in self.analysis.items}


def _month_days(text: str, months: list[str] | None) -> set[str]:
    from tactful.review.claims import dates
    return {c.value[5:] for c in dates(text, months, 2000)}


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=timezone.utc)
