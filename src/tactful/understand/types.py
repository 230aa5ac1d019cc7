"""Plain data produced by ``tactful.understand``: the analysis of one customer e-mail.

PLAYBOOK §1 (READ-*) and §2 (intent catalogue). These frozen dataclasses are the contract
between the understand stage and compose, review and desk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# PLAYBOOK §2: the exact label set, in catalogue order.
INTENTS: tuple[str, ...] = (
    "product.question",
    "product.availability",
    "product.size_advice",
    "price.discount",
    "price.wholesale",
    "shipping.options",
    "payment.failed",
    "payment.methods",
    "order.cancel",
    "order.change",
    "order.combine",
    "shipping.status",
    "shipping.time",
    "delivery.not_received",
    "delivery.wrong_item",
    "delivery.missing_item",
    "delivery.damaged",
    "return.request",
    "refund.status",
    "feedback.review",
    "feedback.suggestion",
    "feedback.compliment",
    "complaint.service",
    "followup.reminder",
    "other",
)

# Languages we serve (reply in); others are detected but answered in English.
SERVED_LANGUAGES: tuple[str, ...] = ("en", "zh", "zh-Hant", "es", "de", "fr", "ru", "pt", "et", "lv")

# READ-SORT
SORT_ANSWER = "answer"          # needs a direct answer now
SORT_CLARIFY = "clarify"        # needs clarification
SORT_UNCERTAIN = "uncertain"    # uncertain demand or complaint
SORTS: tuple[str, ...] = (SORT_ANSWER, SORT_CLARIFY, SORT_UNCERTAIN)

# READ-MOOD kinds
MOOD_KINDS: tuple[str, ...] = ("complaint", "inquiry", "suggestion", "compliment", "reminder")

# READ-CLARITY
CLARITIES: tuple[str, ...] = ("C1", "C2", "C3")

# READ-MISSING fact names
MISSING_FACTS: tuple[str, ...] = (
    "order_number", "photo", "product", "measurements", "size", "colour", "quantity",
    "country", "address", "tracking_number", "payment_method",
)


@dataclass(frozen=True)
class Item:
    """One separate question or request of the new text (READ-SPLIT, READ-SORT)."""

    text: str
    start: int
    end: int
    intent: str
    sort: str = SORT_ANSWER
    time_sensitive: bool = False
    deadline: date | None = None
    confidence: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "intent": self.intent,
            "sort": self.sort,
            "time_sensitive": self.time_sensitive,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class Mood:
    """READ-MOOD: how the customer feels and what kind of email it is."""

    negative: bool = False
    anger: float = 0.0
    kind: str = "inquiry"
    emotions: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"negative": self.negative, "anger": round(self.anger, 3), "kind": self.kind,
                "emotions": list(self.emotions)}


@dataclass(frozen=True)
class Fact:
    """One extracted fact with its span in the analysed text and optional details."""

    value: str
    start: int = -1
    end: int = -1
    kind: str = ""                      # e.g. carrier name, unit, currency, ISO country code
    extra: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str = "") -> str:
        return dict(self.extra).get(key, default)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value}
        if self.kind:
            out["kind"] = self.kind
        if self.start >= 0:
            out["start"], out["end"] = self.start, self.end
        out.update(dict(self.extra))
        return out


@dataclass(frozen=True)
class Facts:
    """READ-FACTS. Each list holds facts in order of appearance.

    - order_numbers: value = the order id as written
    - tracking_numbers: value = number without spaces, kind = carrier ("ups", "dhl", "upu" ...)
    - skus, sizes ("M", "EU 38"), colours (value = canonical English colour name)
    - measurements: value = number as text, kind = what ("height", "chest", "waist", "hips",
      "weight", "foot", "length"), extra unit = "cm" | "in" | "kg" | "lb"
    - quantities: value = integer as text
    - amounts: value = decimal as text, kind = ISO 4217 currency
    - dates: value = ISO date (resolved against the email's date)
    - countries: value = ISO 3166-1 alpha-2 code
    """

    order_numbers: tuple[Fact, ...] = ()
    tracking_numbers: tuple[Fact, ...] = ()
    skus: tuple[Fact, ...] = ()
    sizes: tuple[Fact, ...] = ()
    measurements: tuple[Fact, ...] = ()
    colours: tuple[Fact, ...] = ()
    quantities: tuple[Fact, ...] = ()
    amounts: tuple[Fact, ...] = ()
    dates: tuple[Fact, ...] = ()
    countries: tuple[Fact, ...] = ()

    FIELDS = ("order_numbers", "tracking_numbers", "skus", "sizes", "measurements",
              "colours", "quantities", "amounts", "dates", "countries")

    def values(self, name: str) -> list[str]:
        return [f.value for f in getattr(self, name)]

    def to_json(self) -> dict[str, Any]:
        return {name: [f.to_json() for f in getattr(self, name)] for name in self.FIELDS}


@dataclass(frozen=True)
class Secret:
    """READ-SECRET: a secret the customer pasted, by kind and span in the new text."""

    kind: str           # "card_number", "cvv", "card_expiry", "password", "iban", "bank_login"
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "span": [self.start, self.end]}


@dataclass(frozen=True)
class Profile:
    """READ-PROFILE hints."""

    business: bool = False
    returning: bool = False
    seeks_compensation: bool = False
    cues: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"business": self.business, "returning": self.returning,
                "seeks_compensation": self.seeks_compensation, "cues": list(self.cues)}


@dataclass(frozen=True)
class Analysis:
    """Everything the understand stage learned about one message.

    Spans (items, facts, secrets) index into ``text``, which is the message's new text
    (quotes and signature removed). ``masked_text`` is ``text`` with secrets replaced and is
    what may be stored or shown to a model (H3).
    """

    source: str
    message_id: str
    text: str
    masked_text: str
    language: str
    language_confidence: float
    items: tuple[Item, ...]
    mood: Mood
    clarity: str
    facts: Facts
    missing: tuple[str, ...]
    secrets: tuple[Secret, ...]
    profile: Profile = Profile()
    subject: str = ""
    sender: str = ""
    sender_name: str = ""
    received_at: datetime | None = None
    has_image_attachment: bool = False
    duplicate_of: str | None = None
    repeat_of: str | None = None

    @property
    def intents(self) -> tuple[str, ...]:
        """The set of item intents, in catalogue order."""
        present = {item.intent for item in self.items}
        return tuple(i for i in INTENTS if i in present)

    def to_json(self) -> dict[str, Any]:
        """The JSON object of the ``tactful analyze --json`` contract."""
        return {
            "source": self.source,
            "message_id": self.message_id,
            "language": self.language,
            "language_confidence": round(self.language_confidence, 3),
            "intents": list(self.intents),
            "items": [i.to_json() for i in self.items],
            "mood": self.mood.to_json(),
            "clarity": self.clarity,
            "facts": self.facts.to_json(),
            "missing": list(self.missing),
            "secrets": [s.to_json() for s in self.secrets],
            "profile": self.profile.to_json(),
            "duplicate_of": self.duplicate_of,
            "repeat_of": self.repeat_of,
        }


@dataclass(frozen=True)
class AnalysisContext:
    """What the analysis may know beyond the email itself (all optional, all plain data).

    ``sender_orders`` maps a lower-case sender address to the order ids the shop knows for it,
    so READ-MISSING does not ask a known customer for an order number the shop can look up.
    """

    order_pattern: str = ""                     # the shop's order-number regex (READ-FACTS)
    sender_orders: dict[str, tuple[str, ...]] = field(default_factory=dict)
    dup_window_minutes: int = 30                # READ-DUP: same content within this window
    repeat_window_days: int = 30                # READ-DUP: same topic within this window
