"""Where a shop's data comes from: a small protocol so a Shopify/WooCommerce adapter can replace files.

An adapter implements ``load() -> Shop``; everything after it (understand, compose, review, desk)
only sees the frozen ``Shop`` dataclasses. ``FolderSource`` reads the folder format of
docs/shop-data.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from tactful.shop.model import Shop


@runtime_checkable
class ShopSource(Protocol):
    """Anything that can produce a validated ``Shop``."""

    def load(self) -> Shop:
        """Return the shop, or raise ``ShopDataError`` naming file, line and field."""
        ...


class FolderSource:
    """A shop described by files in one folder (shop.yaml, catalog.csv, orders.csv ...)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def load(self) -> Shop:
        from tactful.shop.loader import load_folder
        return load_folder(self.path)

    def __repr__(self) -> str:
        return f"FolderSource({str(self.path)!r})"


def load_shop(path: str | Path | ShopSource) -> Shop:
    """Load and validate a shop from a folder path (or any ``ShopSource``)."""
    source = path if isinstance(path, ShopSource) and not isinstance(path, (str, Path)) else FolderSource(path)
    return source.load()
