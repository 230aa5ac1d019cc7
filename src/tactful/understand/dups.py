"""READ-DUP: link duplicates (same sender, same content, close together) and repeats (same
sender, same topic, later) across a batch of analyses.

Duplicates are answered once: the most complete message of a group (most facts, then longest
text) is kept, even when it arrived later, and the others point to it with ``duplicate_of``.
A repeat points to the earlier message with ``repeat_of`` so the reply can build on the
previous answer instead of sending the same text again.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Sequence

from tactful.understand.types import Analysis, Facts

__all__ = ["link_duplicates", "similarity", "shingles"]

_JACCARD = 0.8          # near-identical: shared 5-character shingles
_CONTAINED = 0.9        # a resend that only adds a line ("... order #1234") is still the same email
_MIN_SHINGLES = 8       # "Thanks!" inside a longer email is no restatement
_LONGER = 1.15          # a kept message must be this much longer to count as more complete
_TOPICLESS = {"other", "feedback.compliment", "followup.reminder"}
# Requests about one order: two of these from one sender within the window, on the same order
# (or one not naming it), are one request sent twice ("parcel damaged" + "here are the photos").
_ORDER_TOPICS = {"order.cancel", "order.change", "order.combine", "shipping.status", "delivery.not_received",
                 "delivery.wrong_item", "delivery.missing_item", "delivery.damaged", "return.request",
                 "refund.status", "payment.failed"}


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def shingles(text: str, size: int = 5) -> frozenset[str]:
    """Character shingles of the normalised text (works without word boundaries, e.g. Chinese)."""
    norm = _normalise(text)
    if len(norm) <= size:
        return frozenset([norm]) if norm else frozenset()
    return frozenset(norm[i:i + size] for i in range(len(norm) - size + 1))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' shingle sets (0-1)."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def _same_content(a: Analysis, b: Analysis) -> bool:
    """Near-identical text, the first restated inside a longer resend, or the same order request."""
    sa, sb = shingles(_body(a)), shingles(_body(b))
    if not sa or not sb:
        return False
    inter = len(sa & sb)
    small = min(len(sa), len(sb))
    if inter / len(sa | sb) >= _JACCARD or (small >= _MIN_SHINGLES and inter / small >= _CONTAINED):
        return True
    return _same_order_request(a, b)


def _same_order_request(a: Analysis, b: Analysis) -> bool:
    shared = set(a.intents) & set(b.intents) & _ORDER_TOPICS
    if not shared:
        return False
    oa = {o.upper() for o in a.facts.values("order_numbers")}
    ob = {o.upper() for o in b.facts.values("order_numbers")}
    return not oa or not ob or bool(oa & ob)


def _body(a: Analysis) -> str:
    return a.text.strip() or a.subject


def _fact_count(facts: Facts) -> int:
    return sum(len(getattr(facts, name)) for name in Facts.FIELDS)


def _completeness(a: Analysis) -> tuple[int, int]:
    return (_fact_count(a.facts), len(_body(a)))


def _most_complete(members: list[int], analyses: Sequence[Analysis]) -> int:
    """The first message, unless a later one holds more facts or clearly more text.

    A resend that only adds "!!" is not more complete; one that adds the order number is.
    """
    best = members[0]
    for i in members[1:]:
        facts, length = _completeness(analyses[i])
        best_facts, best_length = _completeness(analyses[best])
        if facts > best_facts or (facts == best_facts and length > best_length * _LONGER):
            best = i
    return best


def _ref(a: Analysis) -> str:
    return a.message_id or a.source


def _sender(a: Analysis) -> str:
    return a.sender.strip().lower()


def _same_topic(later: Analysis, earlier: Analysis) -> bool:
    orders = {o.upper() for o in later.facts.values("order_numbers")}
    if orders & {o.upper() for o in earlier.facts.values("order_numbers")}:
        return True
    if "followup.reminder" in later.intents:
        return True
    shared = (set(later.intents) & set(earlier.intents)) - _TOPICLESS
    return bool(shared)


def link_duplicates(analyses: Sequence[Analysis], *, dup_window_minutes: int = 30,
                    repeat_window_days: int = 30) -> list[Analysis]:
    """New analyses with ``duplicate_of`` / ``repeat_of`` filled, in the input order.

    Messages without a sender or a date are never linked: nothing shows they belong together.
    """
    dup_window = timedelta(minutes=dup_window_minutes)
    repeat_window = timedelta(days=repeat_window_days)
    # Only one sender's messages can be linked: work per sender, each in date order.
    by_sender: dict[str, list[int]] = {}
    for i, a in enumerate(analyses):
        if a.received_at is not None and _sender(a):
            by_sender.setdefault(_sender(a), []).append(i)
    out = list(analyses)
    for members in by_sender.values():
        members.sort(key=lambda i: (_naive(analyses[i].received_at), i))  # type: ignore[arg-type]
        _link_one_sender(analyses, members, out, dup_window, repeat_window)
    return out


def _link_one_sender(analyses: Sequence[Analysis], order: list[int], out: list[Analysis],
                     dup_window: timedelta, repeat_window: timedelta) -> None:
    when = {i: _naive(analyses[i].received_at) for i in order}  # type: ignore[arg-type]
    # Union-find over duplicate pairs: a resend of a resend is one group.
    parent = {i: i for i in order}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for x, i in enumerate(order):
        for j in order[x + 1:]:
            if when[j] - when[i] > dup_window:
                break
            if _same_content(analyses[i], analyses[j]):
                parent[find(j)] = find(i)

    groups: dict[int, list[int]] = {}
    for i in order:
        groups.setdefault(find(i), []).append(i)
    keeper = {i: _most_complete(members, analyses) for members in groups.values() for i in members}
    for i in order:
        if keeper[i] != i:
            out[i] = replace(analyses[i], duplicate_of=_ref(analyses[keeper[i]]), repeat_of=None)

    # Repeats: the latest earlier kept message on the same topic, within the repeat window.
    for x, i in enumerate(order):
        if keeper[i] != i:
            continue
        for j in reversed(order[:x]):
            if when[i] - when[j] > repeat_window:
                break
            if keeper[j] == j and find(j) != find(i) and _same_topic(analyses[i], analyses[j]):
                out[i] = replace(out[i], repeat_of=_ref(analyses[j]))
                break


def _naive(moment: datetime) -> datetime:
    """Compare aware and naive datetimes alike (aware ones in UTC)."""
    if moment.tzinfo is not None:
        return moment.replace(tzinfo=None) - (moment.utcoffset() or timedelta(0))
    return moment
