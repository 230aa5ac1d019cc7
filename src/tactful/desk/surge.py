"""ESCALATE: a surge of similar tickets within a window opens an incident (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable


def is_surge(times: Iterable[datetime], *, now: datetime, count: int, window_minutes: int) -> bool:
    """True when at least ``count`` similar tickets arrived in the ``window_minutes`` up to ``now``."""
    start = now - timedelta(minutes=window_minutes)
    return sum(1 for t in times if start <= t <= now) >= count
