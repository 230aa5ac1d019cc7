"""Message-IDs in one form: stored and compared without angle brackets (as ``tactful.mail`` gives
them), written into headers with them (RFC 5322 §3.6.4 msg-id)."""

from __future__ import annotations


def norm_id(value: str) -> str:
    return (value or "").strip().strip("<>").strip()


def angle(value: str) -> str:
    value = norm_id(value)
    return f"<{value}>" if value else ""
