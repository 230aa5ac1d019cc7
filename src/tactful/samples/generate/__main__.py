"""Regenerate the bundled sample shop's orders and the sample inbox.

    python -m tactful.samples.generate

Writes ``samples/shop/orders.csv`` and ``tracking_events.csv`` from ``order_list.py`` (tracking
numbers with valid check digits), and ``samples/inbox/*.eml`` plus ``INDEX.csv`` from the
per-language ``inbox_*.yaml`` files here. The output is deterministic, so regenerating without
changes leaves git clean. shop.yaml, catalog.csv and size_chart.csv are edited by hand.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from tactful.samples import INBOX_DIR, SHOP_DIR
from tactful.samples.generate.inbox import build_inbox
from tactful.samples.generate.order_list import ORDERS
from tactful.samples.generate.orders import expand

ORDER_COLUMNS = ["order_id", "customer_email", "customer_name", "placed_at", "status", "items", "total",
                 "currency", "country", "shipping_method", "carrier", "tracking_number", "shipped_at",
                 "delivered_at", "payment_method", "status_reason", "refunded_at"]
EVENT_COLUMNS = ["tracking_number", "time", "status", "location", "detail"]


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> int:
    orders, events = expand(ORDERS)
    write_csv(SHOP_DIR / "orders.csv", ORDER_COLUMNS, orders)
    write_csv(SHOP_DIR / "tracking_events.csv", EVENT_COLUMNS, events)
    count = build_inbox(Path(__file__).parent, INBOX_DIR, {o["order_id"]: o for o in orders})
    print(f"{len(orders)} orders, {len(events)} tracking events, {count} emails")
    return 0


if __name__ == "__main__":
    sys.exit(main())
