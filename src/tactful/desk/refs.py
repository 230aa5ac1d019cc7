"""TRACK: ticket reference numbers such as ``TF-000123`` (unique, derived from the row id)."""

from __future__ import annotations

import re

PREFIX = "TF-"
_REF = re.compile(r"\bTF-(\d{6,})\b", re.IGNORECASE)


def format_ref(ticket_id: int) -> str:
    return f"{PREFIX}{ticket_id:06d}"


def find_ref(text: str) -> str | None:
    """The first ticket reference in ``text`` (e.g. a reply's subject "Re: ... [TF-000123]")."""
    match = _REF.search(text or "")
    return f"{PREFIX}{match.group(1)}" if match else None


def parse_ref(ref: str) -> int:
    match = _REF.fullmatch(ref.strip())
    if not match:
        raise ValueError(f"not a ticket reference: {ref!r} (expected like TF-000123)")
    return int(match.group(1))
