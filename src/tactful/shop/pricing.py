"""Bulk prices (price.wholesale, price.discount): the configured tier for a quantity, never more.

POLICY-LIMIT: the percentage always comes from the shop's tiers, so a reply cannot offer a discount
the seller did not configure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from tactful.shop.model import BulkTier, Product

CENT = Decimal("0.01")


@dataclass(frozen=True)
class BulkQuote:
    quantity: int
    unit_price: Decimal          # after the tier's discount, rounded to cents
    percent: Decimal             # the tier's discount (0 when no tier applies)
    total: Decimal
    list_total: Decimal          # quantity × list price
    currency: str
    next_tier: BulkTier | None = None   # the next tier up, to suggest "from N pieces you pay ..."

    @property
    def saving(self) -> Decimal:
        return self.list_total - self.total


def tier_for(quantity: int, tiers: Iterable[BulkTier]) -> BulkTier | None:
    """The highest tier whose ``min_qty`` the quantity reaches."""
    eligible = [t for t in tiers if quantity >= t.min_qty]
    return max(eligible, key=lambda t: t.min_qty) if eligible else None


def bulk_price(product: Product | Decimal, qty: int, tiers: Iterable[BulkTier], *,
               currency: str = "") -> BulkQuote:
    """Price ``qty`` pieces of ``product`` (or of a unit price) with the shop's bulk tiers."""
    if qty < 1:
        raise ValueError("quantity must be at least 1")
    tiers = tuple(tiers)
    price = product.price if isinstance(product, Product) else Decimal(product)
    currency = currency or (product.currency if isinstance(product, Product) else "")
    tier = tier_for(qty, tiers)
    percent = tier.percent if tier else Decimal("0")
    unit = (price * (100 - percent) / 100).quantize(CENT, ROUND_HALF_UP)
    higher = sorted((t for t in tiers if t.min_qty > qty), key=lambda t: t.min_qty)
    return BulkQuote(qty, unit, percent, (unit * qty).quantize(CENT), (price * qty).quantize(CENT),
                     currency, higher[0] if higher else None)


def nearest_lot(quantity: int, lot_size: int) -> tuple[int, int]:
    """The lot multiples around ``quantity`` (§6 "sold only in lots"): (below, above) pieces.

    ``below`` is 0 when the quantity is under one lot.
    """
    if lot_size <= 1:
        return quantity, quantity
    below = quantity // lot_size * lot_size
    above = below if below == quantity else below + lot_size
    return below, above
