"""Size advice from the size chart (product.size_advice, §6 "size advice from measurements").

Each chart row gives body-measurement ranges in cm. The best size is the one the customer's
measurements are furthest inside of; the note tells the composer how sure we are, so the reply can
carry the 1-2 cm tolerance the playbook asks for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from tactful.shop.model import Product, SizeRow

TOLERANCE_CM = 2.0

# Note codes (the composer renders them per language):
FITS = "fits"                 # every measurement inside the size's ranges
TOLERANCE = "tolerance"       # outside by at most TOLERANCE_CM: measure again, 1-2 cm margin
BETWEEN = "between"           # measurements fall in two sizes; ``other_size`` is the second one
OUTSIDE = "outside"           # beyond the chart by more than the tolerance: nearest size only
NO_MATCH = "no_match"         # no chart row, or none of the given measurements is in the chart

# Words customers and the facts extractor use for the chart's measurement names.
ALIASES = {"bust": "chest", "hip": "hips", "foot_length": "foot", "feet": "foot", "waistline": "waist"}


@dataclass(frozen=True)
class SizeAdvice:
    size: str
    note: str
    other_size: str = ""
    off_cm: float = 0.0                      # the largest distance outside a range, in cm
    used: tuple[str, ...] = ()               # the measurements that decided

    def __iter__(self) -> Iterator[str]:     # so ``size, note = recommend_size(...)`` works
        return iter((self.size, self.note))


def chart_rows(key: Product | str, size_chart: Iterable[SizeRow]) -> list[SizeRow]:
    """The rows for a product (its own chart first, else its category's) or a chart key."""
    rows = list(size_chart)
    if isinstance(key, Product):
        own = [r for r in rows if r.key == (key.product_id or key.name)]
        return own or [r for r in rows if key.category and r.key == key.category]
    return [r for r in rows if r.key == key]


def _distance(value: float, low: float, high: float) -> float:
    return 0.0 if low <= value <= high else min(abs(value - low), abs(value - high))


def recommend_size(product_or_category: Product | str, measurements: dict[str, float],
                   size_chart: Iterable[SizeRow]) -> SizeAdvice:
    """Recommend a size for body ``measurements`` in cm (e.g. {"chest": 89, "waist": 70}).

    When two sizes fit equally, the larger is recommended: a slightly loose garment can be worn,
    a tight one cannot (and it is what the size-chart guides advise).
    """
    rows = chart_rows(product_or_category, size_chart)
    wanted = {ALIASES.get(k.lower(), k.lower()): float(v) for k, v in measurements.items()}
    scored = []
    for order, row in enumerate(rows):
        ranges = {name: (low, high) for name, low, high in row.measurements}
        used = [n for n in wanted if n in ranges]
        if not used:
            continue
        offs = [_distance(wanted[n], *ranges[n]) for n in used]
        scored.append((sum(offs), max(offs), order, row, tuple(used)))
    if not scored:
        return SizeAdvice("", NO_MATCH)
    best_total = min(s[0] for s in scored)
    best = [s for s in scored if s[0] == best_total]
    total, worst, _, row, used = max(best, key=lambda s: s[2])     # larger size among equals
    if total == 0:
        fitting = [s for s in scored if s[0] == 0]
        if len(fitting) > 1:
            smaller = min(fitting, key=lambda s: s[2])[3].size
            return SizeAdvice(row.size, BETWEEN, other_size=smaller, used=used)
        return SizeAdvice(row.size, FITS, used=used)
    # Partly in one size, partly in the next: say so, and recommend the larger.
    neighbours = sorted(scored, key=lambda s: (s[0], -s[2]))
    second = next((s for s in neighbours if s[3] is not row and s[0] <= total + TOLERANCE_CM), None)
    if worst <= TOLERANCE_CM:
        return SizeAdvice(row.size, TOLERANCE, other_size=second[3].size if second else "",
                          off_cm=worst, used=used)
    return SizeAdvice(row.size, OUTSIDE, off_cm=worst, used=used)
