"""Spans of text already used by a fact: READ-FACTS lets no character belong to two facts."""

from __future__ import annotations

import bisect
from typing import Iterable

__all__ = ["Spans"]


class Spans:
    """Non-overlapping (start, end) spans kept sorted, so checking a new one costs O(log n)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.spans: list[tuple[int, int]] = []
        for start, end in spans:
            self.take(start, end)

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.spans, (start, float("inf")))
        if i > 0 and self.spans[i - 1][1] > start:
            return False
        return not (i < len(self.spans) and self.spans[i][0] < end)

    def take(self, start: int, end: int) -> bool:
        """Claim the span if nothing claimed overlaps it; say whether it was claimed."""
        if not self.free(start, end):
            return False
        bisect.insort(self.spans, (start, end))
        return True
