"""The bundled sample inbox: real RFC 5322 messages covering every intent, case and language."""

from __future__ import annotations

import csv
import html
import re
import zlib
from collections import Counter
from datetime import datetime
from decimal import Decimal
from email import message_from_bytes, policy
from email.utils import parseaddr, parsedate_to_datetime

import pytest

from tactful.samples import INBOX_DIR, SHOP_DIR
from tactful.shop import load_shop
from tactful.shop.tracking import S10_RE, UPS_RE, is_valid_tracking
from tactful.understand.types import INTENTS, SERVED_LANGUAGES

# PLAYBOOK §6 reply cases (and the special situations of the brief) the inbox must exercise.
CASES = {
    "material_doubt", "colour_unavailable", "size_advice", "sold_in_lots", "discount_request", "wholesale",
    "payment_failed", "how_to_pay", "combine_orders", "needs_by_date", "shipping_options", "order_thanks",
    "order_closed_payment", "change_size", "change_address", "shipping_notice", "parcel_at_customs",
    "delivered_pickup", "when_ship_arrive", "carrier_backlog", "holiday_delay", "invite_review",
    "positive_review", "neutral_review", "negative_review", "not_received_in_time", "wrong_item",
    "missing_item", "damaged", "return_exchange", "lost_parcel", "refund_status", "cancel_before_shipping",
    "complaint_service", "suggestion", "compliment", "reminder", "duplicate", "multi_question", "vague_c3",
    "missing_order_number", "card_number_pasted", "delivered_not_received", "other",
}


def load_index() -> list[dict[str, str]]:
    with (INBOX_DIR / "INDEX.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


INDEX = load_index()


@pytest.fixture(scope="module")
def shop():
    return load_shop(SHOP_DIR)


def parse(name: str):
    return message_from_bytes((INBOX_DIR / name).read_bytes(), policy=policy.default)


def body_text(msg) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    text = part.get_content()
    if part.get_content_type() == "text/html":     # an HTML-only message: its text, without tags
        text = html.unescape(re.sub(r"<br>|</div>", "\n", text))
        text = re.sub(r"<[^>]+>", "", text)
    return text


def test_index_and_files_agree():
    files = {p.name for p in INBOX_DIR.glob("*.eml")}
    assert files == {row["file"] for row in INDEX}
    assert len(files) >= 70
    for row in INDEX:
        assert re.fullmatch(r"\d{3}-" + re.escape(row["language"]) + r"-[a-z0-9-]+\.eml", row["file"]), row["file"]


def test_every_language_intent_and_case_is_covered():
    per_language = Counter(row["language"] for row in INDEX)
    assert set(per_language) == set(SERVED_LANGUAGES)
    assert min(per_language.values()) >= 6
    intents = [i for row in INDEX for i in row["intents"].split(";")]
    assert set(intents) <= set(INTENTS), set(intents) - set(INTENTS)
    assert set(intents) == set(INTENTS)
    assert CASES == {row["case"] for row in INDEX}


@pytest.mark.parametrize("row", INDEX, ids=[r["file"] for r in INDEX])
def test_message_is_well_formed(row):
    raw = (INBOX_DIR / row["file"]).read_bytes()
    msg = message_from_bytes(raw, policy=policy.default)
    assert not msg.defects, msg.defects
    for header in ("From", "To", "Subject", "Date", "Message-ID"):
        assert msg[header], header
    assert re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", msg["Message-ID"])
    sent = parsedate_to_datetime(msg["Date"])
    assert sent.tzinfo is not None and datetime(2026, 11, 1, tzinfo=sent.tzinfo) <= sent
    assert (sent.year, sent.month) == (2026, 11)
    assert parseaddr(msg["From"])[1].lower() == row["sender"]
    text = body_text(msg)
    assert len(text.strip()) >= 10
    for part in msg.walk():
        if part.get_content_maintype() != "multipart":
            part.get_content()          # every part decodes


def test_message_ids_are_unique():
    ids = [parse(row["file"])["Message-ID"] for row in INDEX]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("row", [r for r in INDEX if r["orders"]], ids=lambda r: r["file"])
def test_orders_named_in_the_index_exist_and_belong_to_the_sender(shop, row):
    for order_id in row["orders"].split(";"):
        order = shop.order(order_id)
        assert order is not None, order_id
        assert order.customer_email.lower() == row["sender"], (order_id, row["sender"])


def test_presale_and_missing_order_cases_have_no_order(shop):
    missing = next(r for r in INDEX if r["case"] == "missing_order_number")
    assert missing["orders"] == "" and shop.orders_for(missing["sender"]) == ()
    presale = [r for r in INDEX if not r["orders"]]
    assert len(presale) >= 10


@pytest.mark.parametrize("row", INDEX, ids=[r["file"] for r in INDEX])
def test_numbers_in_the_text_are_real(shop, row):
    """Order and tracking numbers a customer writes exist in the shop and are theirs (GROUNDED input)."""
    text = body_text(parse(row["file"]))
    for order_id in set(re.findall(r"LL-\d{5}", text)):
        order = shop.order(order_id)
        assert order and order.customer_email.lower() == row["sender"], order_id
        assert order_id in row["orders"].split(";"), (row["file"], order_id)
    for number in re.findall(r"\b(?:[A-Z]{2}\d{9}[A-Z]{2}|1Z[0-9A-Z]{16})\b", text):
        assert S10_RE.match(number) or UPS_RE.match(number)
        assert is_valid_tracking(number), number
        order = shop.order_by_tracking(number)
        assert order and order.customer_email.lower() == row["sender"], number


def test_special_messages():
    kinds = {row["file"]: parse(row["file"]) for row in INDEX}
    html = [f for f, m in kinds.items() if any(p.get_content_type() == "multipart/alternative" for p in m.walk())]
    assert len(html) >= 2
    images = {f: [p for p in m.iter_attachments() if p.get_content_type() == "image/png"] for f, m in kinds.items()}
    with_images = {f: parts for f, parts in images.items() if parts}
    assert len(with_images) >= 4
    for parts in with_images.values():
        data = parts[0].get_content()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        idat = data.index(b"IDAT")
        length = int.from_bytes(data[idat - 4: idat], "big")
        zlib.decompress(data[idat + 4: idat + 4 + length])     # valid compressed pixel data
    replies = [f for f, m in kinds.items() if m["In-Reply-To"]]
    assert len(replies) >= 3
    assert any("\n> " in body_text(kinds[f]) for f in replies)
    assert any("Forwarded message" in body_text(m) for m in kinds.values())
    html_only = [f for f, m in kinds.items() if m.get_content_type() == "text/html"]
    assert html_only
    charsets = {p.get_content_charset() for m in kinds.values() for p in m.walk() if p.get_content_maintype() == "text"}
    assert {"gbk", "windows-1251", "windows-1252"} <= charsets      # legacy charsets real mail still uses


def test_duplicate_pair_is_close_together_from_one_sender():
    dups = [r for r in INDEX if r["case"] == "duplicate"]
    assert len(dups) == 2 and dups[0]["sender"] == dups[1]["sender"]
    a, b = (parsedate_to_datetime(parse(r["file"])["Date"]) for r in dups)
    assert abs((b - a).total_seconds()) <= 30 * 60


def test_pasted_card_number_is_luhn_valid():
    row = next(r for r in INDEX if r["case"] == "card_number_pasted")
    digits = re.search(r"\b(?:\d{4} ){3}\d{4}\b", body_text(parse(row["file"]))).group().replace(" ", "")
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2)
                for i, d in enumerate(int(c) for c in reversed(digits)))
    assert total % 10 == 0


def test_reminder_quotes_or_follows_an_earlier_message():
    for row in (r for r in INDEX if r["case"] == "reminder"):
        msg = parse(row["file"])
        assert msg["In-Reply-To"] and "\n> " in body_text(msg)


def test_regenerating_the_samples_changes_nothing(tmp_path):
    """The build script reproduces the committed files byte for byte (they never drift apart)."""
    from pathlib import Path

    import tactful.samples.generate as generate_pkg
    from tactful.samples.generate.__main__ import EVENT_COLUMNS, ORDER_COLUMNS, write_csv
    from tactful.samples.generate.inbox import build_inbox
    from tactful.samples.generate.order_list import ORDERS
    from tactful.samples.generate import orders as orders_mod

    orders, events = orders_mod.expand(ORDERS)
    write_csv(tmp_path / "orders.csv", ORDER_COLUMNS, orders)
    write_csv(tmp_path / "tracking_events.csv", EVENT_COLUMNS, events)
    assert (tmp_path / "orders.csv").read_bytes() == (SHOP_DIR / "orders.csv").read_bytes()
    assert (tmp_path / "tracking_events.csv").read_bytes() == (SHOP_DIR / "tracking_events.csv").read_bytes()
    out = tmp_path / "inbox"
    build_inbox(Path(generate_pkg.__path__[0]), out, {o["order_id"]: o for o in orders})
    for path in sorted(INBOX_DIR.iterdir()):
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name


# ---------------------------------------------------------------- INDEX "expect" labels

EXPECT_KEYS = {"measure", "size", "in_stock", "out_of_stock", "restock", "alternative", "deadline", "tracking",
               "carrier", "event", "tier", "lot", "business", "photo", "return_window", "eta", "changeable",
               "secret", "missing", "repeat_of", "duplicate_of", "material", "refund", "clarity", "in_time",
               "payment_cause", "combine", "status_reason", "returning", "pause", "review_url"}


def expectations(row) -> list[tuple[str, str]]:
    return [tuple(e.split("=", 1)) for e in row["expect"].split(";") if e]


def test_expect_labels_use_known_keys():
    keys = {k for row in INDEX for k, _ in expectations(row)}
    assert keys <= EXPECT_KEYS, keys - EXPECT_KEYS
    assert sum(bool(row["expect"]) for row in INDEX) >= 60


@pytest.mark.parametrize("row", [r for r in INDEX if r["expect"]], ids=lambda r: r["file"])
def test_expect_labels_agree_with_the_shop_data(shop, row):
    """The labels the compose tests assert on are true of the sample shop (checked, not trusted)."""
    from datetime import date as Date

    from tactful.shop import (bulk_price, closest_alternatives, customer_stats, estimate_delivery,
                              fastest_methods, nearest_lot, pauses_between, recommend_size)

    exp = expectations(row)
    orders = [shop.order(o) for o in row["orders"].split(";") if o]
    msg = parse(row["file"])
    sent = parsedate_to_datetime(msg["Date"])
    measures = {}
    for key, value in exp:
        if key == "measure":
            measures = {k: float(v) for k, v in (p.split(":") for p in value.split(","))}
        elif key == "size":
            product_id, size = value.split(":", 1)
            assert recommend_size(shop.variants(product_id)[0], measures, shop.size_chart).size == size
        elif key == "in_stock":
            sku, _, count = value.partition(":")
            assert shop.product(sku).stock > 0 and (not count or shop.product(sku).stock == int(count))
        elif key == "out_of_stock":
            assert shop.product(value).stock == 0
        elif key == "restock":
            sku, day = value.split(":")
            assert shop.product(sku).restock_date == Date.fromisoformat(day)
        elif key == "alternative":
            wanted, offered = value.split(":")
            assert offered in [p.sku for p in closest_alternatives(shop.product(wanted), shop.catalog)]
        elif key in ("deadline",):
            assert Date.fromisoformat(value) > sent.date()
        elif key == "tracking":
            assert any(o.tracking_number == value for o in orders)
        elif key == "carrier":
            assert {o.carrier for o in orders} == {value}
        elif key == "event":
            assert shop.events(orders[0].tracking_number)[-1].status == value
        elif key == "tier":
            qty, percent = value.split(":")
            assert bulk_price(Decimal("1"), int(qty), shop.policies.bulk_tiers).percent == Decimal(percent)
        elif key == "lot":
            sku, qty, around = value.split(":")
            assert nearest_lot(int(qty), shop.product(sku).lot_size) == tuple(int(x) for x in around.split(","))
        elif key == "photo":
            assert any(p.get_content_maintype() == "image" for p in msg.iter_attachments())
        elif key == "return_window":
            order = orders[0]
            assert order.delivered_at and (sent - order.delivered_at).days <= shop.policies.return_window_days
        elif key == "eta":
            early, late = (Date.fromisoformat(d) for d in value.split(".."))
            order = orders[0]
            assert estimate_delivery(order, methods=shop.shipping_methods, pauses=shop.pauses) == (early, late)
        elif key == "in_time":
            country, start, deadline, ids = value.split(":")
            found = fastest_methods(shop.shipping_methods, country, Date.fromisoformat(start), shop.pauses,
                                    deadline=Date.fromisoformat(deadline))
            assert [m.id for m, _ in found] == ids.split(",")
        elif key == "changeable":
            assert all(not o.is_shipped and o.status in ("unpaid", "paid") for o in orders)
            assert value == "cancel" or value in shop.policies.changeable_before_shipping
        elif key == "material":
            sku, material = value.split(":", 1)
            assert shop.product(sku).material == material
        elif key == "refund":
            order = orders[0]
            assert (order.refunded_at is not None) == (value == "issued")
            assert order.status == ("refunded" if value == "issued" else "returned")
        elif key == "combine":
            combined = [shop.order(o) for o in value.split("+")]
            assert len({o.customer_email for o in combined}) == 1 and {o.status for o in combined} == {"unpaid"}
        elif key == "status_reason":
            assert orders[0].status_reason == value
        elif key == "returning":
            assert customer_stats(shop.orders_for(row["sender"])).returning
        elif key == "pause":
            order = orders[0]
            assert value in [p.name for p in pauses_between(shop.pauses, order.placed_at, order.shipped_at)]
        elif key == "review_url":
            assert shop.review_url == value
        elif key in ("repeat_of", "duplicate_of"):
            other = next(r for r in INDEX if r["file"] == value)
            assert other["sender"] == row["sender"]
        elif key == "secret":
            assert value in ("card_number", "cvv")


@pytest.mark.parametrize("row", [r for r in INDEX if r["orders"]], ids=lambda r: r["file"])
def test_emails_come_after_the_events_they_describe(shop, row):
    sent = parsedate_to_datetime(parse(row["file"])["Date"])
    for order_id in row["orders"].split(";"):
        order = shop.order(order_id)
        assert order.placed_at < sent, "written before the order existed"
        if "tracking=" in row["expect"] or "photo=yes" in row["expect"]:
            assert order.shipped_at and order.shipped_at < sent
