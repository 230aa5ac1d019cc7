"""The bundled sample shop and sample inbox used by ``tactful demo``, the docs and the tests."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
SHOP_DIR = HERE / "shop"      # a complete shop folder (see docs/shop-data.md)
INBOX_DIR = HERE / "inbox"    # realistic customer emails (.eml), every intent and language

__all__ = ["SHOP_DIR", "INBOX_DIR"]
