"""Group messages into conversations (TRACK): by Message-ID links first, then by subject.

RFC 5322 In-Reply-To/References link a reply to what it answers; a message that shares any id
with another joins its thread, even when the message in between is missing. Clients that drop
these headers still keep the subject ("AW: Re: 回复: order 123"), so a message with no id links
joins an earlier message with the same normalised subject and the same customer address if
it came within the time window.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources
from typing import Sequence

import yaml

from tactful.mail.types import ParsedMessage

DEFAULT_WINDOW = timedelta(days=14)


@lru_cache(maxsize=1)
def _prefix_pattern() -> re.Pattern[str]:
    text = resources.files("tactful.mail").joinpath("data", "subject_prefixes.yaml").read_text(encoding="utf-8")
    words = sorted({w for ws in yaml.safe_load(text)["prefixes"].values() for w in ws}, key=len, reverse=True)
    alternation = "|".join(re.escape(w) for w in words)
    # "Re:", "RE :", "Re[2]:", "AW(3):", "回复：", and list tags like "[shop] " or "[#123]".
    return re.compile(rf"^\s*(?:(?:{alternation})\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*|\[[^\]]{{0,40}}\]\s*)", re.I)


def normalize_subject(subject: str) -> str:
    """The subject without reply/forward prefixes and list tags, case-folded, spaces collapsed."""
    pattern = _prefix_pattern()
    text = subject or ""
    for _ in range(20):
        stripped = pattern.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return " ".join(text.split()).casefold()


class _Groups:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _recipients(message: ParsedMessage) -> set[str]:
    return {a.address.lower() for a in (*message.to, *message.cc) if a.address}


def _same_parties(a: ParsedMessage, b: ParsedMessage) -> bool:
    """The same customer talking with the same other side.

    Both directions count (customer -> shop, shop -> customer); one shop writing the same
    subject to two customers does not. Without recipients, the same sender is enough.
    """
    if not a.sender or not b.sender:
        return False
    ra, rb = _recipients(a), _recipients(b)
    if not ra or not rb:
        return a.sender == b.sender or a.sender in rb or b.sender in ra
    return len(({a.sender} | ra) & ({b.sender} | rb)) >= 2


def _when(message: ParsedMessage) -> datetime:
    return message.date or _EPOCH


def thread_messages(messages: Sequence[ParsedMessage], *,
                    window: timedelta = DEFAULT_WINDOW) -> list[ParsedMessage]:
    """The same messages, in the same order, with ``thread_key`` filled in."""
    msgs = list(messages)
    groups = _Groups(len(msgs))
    first_mention: dict[str, int] = {}
    linked = [False] * len(msgs)
    for i, msg in enumerate(msgs):
        if msg.message_id:
            if msg.message_id in first_mention:
                groups.union(i, first_mention[msg.message_id])
                linked[i] = linked[first_mention[msg.message_id]] = True
            else:
                first_mention[msg.message_id] = i
    for i, msg in enumerate(msgs):
        for ref in (*msg.references, msg.in_reply_to):
            if not ref:
                continue
            linked[i] = True
            if ref in first_mention:
                j = first_mention[ref]
                linked[j] = True
                groups.union(i, j)
            else:
                first_mention[ref] = i
    # Subject fallback for messages no id links to anything, oldest first.
    order = sorted(range(len(msgs)), key=lambda k: (_when(msgs[k]), k))
    by_subject: dict[str, list[int]] = {}
    for i in order:
        msg = msgs[i]
        subject = normalize_subject(msg.subject)
        if not subject:
            continue
        if not linked[i]:
            for j in reversed(by_subject.get(subject, [])):
                other = msgs[j]
                if _same_parties(msg, other) and abs(_when(msg) - _when(other)) <= window:
                    groups.union(i, j)
                    break
        by_subject.setdefault(subject, []).append(i)
    # A stable key per group: the root id of its earliest message, else subject + sender.
    earliest: dict[int, int] = {}
    for i in order:
        earliest.setdefault(groups.find(i), i)
    result = []
    for i, msg in enumerate(msgs):
        head = msgs[earliest[groups.find(i)]]
        root = (head.references[0] if head.references else head.in_reply_to) or head.message_id
        basis = f"id:{root}" if root else \
            f"subject:{normalize_subject(head.subject)}|{head.sender}|{_when(head).isoformat()}|{head.source}"
        key = "t-" + hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        result.append(replace(msg, thread_key=key))
    return result
