"""Fixtures for the shop tests: the bundled sample shop and editable copies of it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tactful.samples import SHOP_DIR
from tactful.shop import Shop, load_shop


@pytest.fixture(scope="session")
def sample_shop() -> Shop:
    return load_shop(SHOP_DIR)


class ShopCopy:
    """A temporary copy of the sample shop folder whose files a test can damage."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def set_csv(self, name: str, row: int, field: str, value: str) -> int:
        """Set ``field`` of data row ``row`` (0-based) and return that row's line number."""
        path = self.path / name
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            columns, rows = reader.fieldnames, list(reader)
        rows[row][field] = value
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return row + 2        # line 1 is the header; the sample files have no multi-line fields

    def get_csv(self, name: str, row: int, field: str) -> str:
        with (self.path / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))[row][field]

    def replace(self, name: str, old: str, new: str) -> int:
        """Replace the first ``old`` in a text file; return the 1-based line where it was."""
        path = self.path / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        line = text[: text.index(old)].count("\n") + 1
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return line


@pytest.fixture()
def shop_copy(tmp_path) -> ShopCopy:
    target = tmp_path / "shop"
    shutil.copytree(SHOP_DIR, target)
    return ShopCopy(target)
