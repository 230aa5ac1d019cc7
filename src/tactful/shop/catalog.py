"""Catalogue helpers: the closest in-stock alternatives (product.availability, §6 "colour not available").

Ranked the way a shop assistant would: the same product in another colour or size first (same
size before other sizes, so the customer's size still fits), then the same category in the same
colour or size. Only variants in stock are offered (GROUNDED: never suggest what we cannot ship).
"""

from __future__ import annotations

from typing import Iterable

from tactful.shop.model import Product


def _norm(text: str) -> str:
    return text.strip().lower()


def closest_alternatives(product: Product, catalog: Iterable[Product], *, limit: int = 3,
                         wanted_colour: str = "", wanted_size: str = "") -> list[Product]:
    """In-stock variants closest to ``product`` (itself excluded), best first.

    ``wanted_colour`` / ``wanted_size`` describe what the customer asked for when it differs from
    ``product`` (e.g. "gold" when the catalogue only lists silver and rose gold).
    """
    colour = _norm(wanted_colour or product.colour)
    size = _norm(wanted_size or product.size)
    group = product.product_id or product.name

    def rank(p: Product) -> tuple:
        same_product = (p.product_id or p.name) == group
        same_category = bool(product.category) and p.category == product.category
        same_size = bool(size) and _norm(p.size) == size
        same_colour = bool(colour) and _norm(p.colour) == colour
        if same_product:
            tier = 0 if same_size else 1
        elif same_category:
            tier = 2 if (same_colour or same_size) else 3
        else:
            return (9,)
        # within a tier: closer price first, then more stock (less risk of selling out before payment)
        return (tier, not same_colour, abs(p.price - product.price), -p.stock, p.sku)

    candidates = [p for p in catalog if p.in_stock and p.sku != product.sku]
    return [p for p in sorted(candidates, key=rank) if rank(p)[0] < 9][:limit]


def find_products(catalog: Iterable[Product], *, name: str = "", colour: str = "", size: str = "",
                  category: str = "") -> list[Product]:
    """Variants matching every given attribute (case-insensitive; name matches as a substring)."""
    out = []
    for p in catalog:
        if name and _norm(name) not in _norm(p.name) and _norm(name) != _norm(p.product_id):
            continue
        if colour and _norm(p.colour) != _norm(colour):
            continue
        if size and _norm(p.size) != _norm(size):
            continue
        if category and _norm(p.category) != _norm(category):
            continue
        out.append(p)
    return out
