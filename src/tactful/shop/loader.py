"""Read and validate a shop folder (docs/shop-data.md) into the frozen ``Shop`` dataclasses.

Every problem is collected with its file, line and field, and all of them are reported together in
one ``ShopDataError``: a seller fixing a spreadsheet wants the whole list, not one error per run.
The checks exist because the composer repeats these values to customers (GROUNDED, TRIAD,
POLICY-LIMIT): a wrong tracking check digit or a discount above 100 % must stop at the door.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from tactful.errors import ShopDataError
from tactful.shop.model import (EVENT_STATUSES, ORDER_STATUSES, PAUSE_SCOPES, BulkTier, Order,
                                OrderLine, Pause, Policies, Product, ShippingMethod, Shop, SizeRow,
                                TrackingEvent, TransitTime)
from tactful.shop.tracking import is_valid_tracking, normalize, tracking_format

SHOP_FILE = "shop.yaml"
CATALOG_FILE = "catalog.csv"
SIZE_CHART_FILE = "size_chart.csv"
ORDERS_FILE = "orders.csv"
EVENTS_FILE = "tracking_events.csv"

# The keys shop.yaml may hold; anything else is reported, because a misspelt policy key would
# otherwise fall back to its default without a word (e.g. a discount limit silently becoming 0).
TOP_KEYS = ("name", "sender_name", "sender_address", "agent_name", "reply_hours", "timezone", "currency",
            "default_language", "order_pattern", "website", "review_url", "disabled_rules",
            "payment_methods", "policies", "shipping_methods", "pauses")
POLICY_KEYS = ("return_window_days", "return_shipping_paid_by", "max_discount_percent", "bulk_tiers",
               "max_compensation_percent", "changeable_before_shipping", "refund_processing_days",
               "unpaid_cancel_days")
METHOD_KEYS = ("id", "name", "carrier", "handling_days", "transit", "price", "currency", "tracking_url",
               "ships_from", "not_served")
TIER_KEYS = ("min_qty", "percent")
PAUSE_KEYS = ("name", "start", "end", "scope")
CHANGEABLE = ("size", "colour", "quantity", "address", "shipping_method", "items")
RETURN_PAYERS = ("customer", "shop")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_RANGE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:-|–|\.\.)\s*(\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Problem:
    """One validation problem: where it is and what is wrong."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = ", ".join(p for p in (self.path, f"line {self.line}" if self.line else None,
                                      f"field {self.field!r}" if self.field else None) if p)
        return f"{where}: {self.message}"


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: Path | str, line: int | None, field: str | None, message: str) -> None:
        self.problems.append(Problem(str(path), line, field, message))

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        first = self.problems[0]
        message = first.message
        if len(self.problems) > 1:
            rest = "\n".join(f"  {p}" for p in self.problems[1:])
            message += f"\n{len(self.problems) - 1} more problem(s):\n{rest}"
        err = ShopDataError(message, path=first.path, line=first.line, field=first.field)
        err.problems = tuple(self.problems)       # every problem, for tools that list them
        raise err


# ---------------------------------------------------------------- value parsers (raise ValueError)

def parse_decimal(text: Any, *, minimum: Decimal | None = Decimal("0")) -> Decimal:
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{text!r} is not a finite number")
    if minimum is not None and value < minimum:
        raise ValueError(f"{text} must not be below {minimum}")
    return value


def parse_percent(text: Any) -> Decimal:
    value = parse_decimal(text)
    if value > 100:
        raise ValueError(f"{text} is not a percentage between 0 and 100")
    return value


def parse_int(text: Any, *, minimum: int | None = 0) -> int:
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not a whole number")
    try:
        value = int(str(text).strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ValueError(f"{value} must not be below {minimum}")
    return value


def parse_date(text: Any) -> date:
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 date (YYYY-MM-DD)") from None


def parse_datetime(text: Any, tz: ZoneInfo) -> datetime:
    """ISO 8601 date-time; a naive time is in the shop's time zone (docs/shop-data.md)."""
    raw = str(text).strip()
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not an ISO 8601 date-time (YYYY-MM-DDTHH:MM[:SS][+HH:MM])") from None
    return value if value.tzinfo else value.replace(tzinfo=tz)


def parse_range(text: Any) -> tuple[float, float]:
    """"84-88" or "84" (cm) → (84.0, 88.0)."""
    raw = str(text).strip()
    if m := _RANGE_RE.match(raw):
        low, high = float(m.group(1)), float(m.group(2))
    else:
        try:
            low = high = float(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not a measurement range like 84-88") from None
    if low <= 0 or low > high:
        raise ValueError(f"{raw!r} must be a positive range with the smaller number first")
    return low, high


def parse_items(text: str) -> list[tuple[str, int]]:
    """"SKU:2; SKU2" → [("SKU", 2), ("SKU2", 1)]."""
    out = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        sku, _, qty = part.partition(":")
        if not sku.strip():
            raise ValueError(f"{part!r} has no SKU")
        out.append((sku.strip(), parse_int(qty, minimum=1) if qty.strip() else 1))
    if not out:
        raise ValueError("an order needs at least one item (SKU:QUANTITY; ...)")
    return out


# ---------------------------------------------------------------- shop.yaml

class _Yaml:
    """The parsed YAML plus the line of every key, so errors can name where they are."""

    def __init__(self, path: Path, problems: _Collector) -> None:
        self.path = path
        self.lines: dict[tuple, int] = {}
        self.data: Any = None
        try:
            text = path.read_text(encoding="utf-8")
            self.data = yaml.safe_load(text)
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            mark = getattr(exc, "problem_mark", None)
            problems.add(path, mark.line + 1 if mark else None, None, f"not valid YAML: {exc}")
            return
        if node is not None:
            self._walk(node, ())

    def _walk(self, node, at: tuple) -> None:
        self.lines[at] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self.lines[at + (key.value,)] = key.start_mark.line + 1
                self._walk(value, at + (key.value,))
                self.lines[at + (key.value,)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                self._walk(value, at + (i,))

    def line(self, at: tuple) -> int | None:
        while at and at not in self.lines:
            at = at[:-1]
        return self.lines.get(at)


def _dotted(at: tuple) -> str:
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _load_shop_yaml(path: Path, problems: _Collector) -> tuple[dict, ZoneInfo, dict]:
    doc = _Yaml(path, problems)
    data = doc.data
    if doc.data is None and not problems.problems:
        problems.add(path, None, None, "the file is empty")
    if not isinstance(data, dict):
        if data is not None:
            problems.add(path, 1, None, "the top level must be a mapping of settings")
        return {}, ZoneInfo("UTC"), {}

    def add(at: tuple, message: str) -> None:
        problems.add(path, doc.line(at), _dotted(at), message)

    def node_at(at: tuple) -> Any:
        node: Any = data
        for part in at:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def check_keys(at: tuple, allowed: tuple[str, ...], *, kind: str = "mapping") -> None:
        node = node_at(at)
        if node is None:
            return
        if not isinstance(node, dict):
            add(at, f"should be a {kind} of settings")
            return
        for key in node:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(allowed)}"
                add(at + (key,), f"unknown setting {key!r}{hint}")

    check_keys((), TOP_KEYS)
    check_keys(("policies",), POLICY_KEYS)
    for name, keys in (("shipping_methods", METHOD_KEYS), ("pauses", PAUSE_KEYS)):
        for i, _ in enumerate(node_at((name,)) or () if isinstance(node_at((name,)), list) else ()):
            check_keys((name, i), keys)
    tiers_node = node_at(("policies", "bulk_tiers"))
    for i, _ in enumerate(tiers_node if isinstance(tiers_node, list) else ()):
        check_keys(("policies", "bulk_tiers", i), TIER_KEYS)

    def get(at: tuple, parse: Callable[[Any], Any], default: Any = None, *, required: bool = False):
        node: Any = data
        for part in at:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                if required:
                    add(at, "is required")
                return default
        if node is None or node == "":
            if required:
                add(at, "is required")
            return default
        try:
            return parse(node)
        except (ValueError, TypeError) as exc:
            add(at, str(exc))
            return default

    def text(value: Any) -> str:
        if not isinstance(value, (str, int, float)):
            raise ValueError(f"{value!r} should be text")
        return str(value).strip()

    def email(value: Any) -> str:
        value = text(value)
        if not _EMAIL_RE.match(value):
            raise ValueError(f"{value!r} is not an e-mail address")
        return value

    def currency(value: Any) -> str:
        value = text(value).upper()
        if not _CURRENCY_RE.match(value):
            raise ValueError(f"{value!r} is not a 3-letter ISO 4217 currency code")
        return value

    def zone(value: Any) -> ZoneInfo:
        try:
            return ZoneInfo(text(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone such as Europe/Riga") from None

    def regex(value: Any) -> str:
        try:
            re.compile(text(value))
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
        return text(value)

    def str_list(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise ValueError("should be a list")
        return tuple(text(v) for v in value)

    def language(value: Any) -> str:
        from tactful.understand.types import SERVED_LANGUAGES
        value = text(value)
        if value not in SERVED_LANGUAGES:
            raise ValueError(f"{value!r} is not one of {', '.join(SERVED_LANGUAGES)}")
        return value

    tz = get(("timezone",), zone, ZoneInfo("UTC"))
    shop_currency = get(("currency",), currency, "EUR")
    fields: dict[str, Any] = {
        "name": get(("name",), text, "", required=True),
        "sender_name": get(("sender_name",), text, "", required=True),
        "sender_address": get(("sender_address",), email, "", required=True),
        "reply_hours": get(("reply_hours",), lambda v: parse_int(v, minimum=1), 24),
        "order_pattern": get(("order_pattern",), regex, ""),
        "default_language": get(("default_language",), language, "en"),
        "agent_name": get(("agent_name",), text, ""),
        "timezone": str(tz.key),
        "disabled_rules": get(("disabled_rules",), str_list, ()),
        "currency": shop_currency,
        "website": get(("website",), text, ""),
        "review_url": get(("review_url",), text, ""),
        "payment_methods": get(("payment_methods",), str_list, ()),
    }

    # policies
    pol = ("policies",)
    tiers = []
    raw_tiers = get(pol + ("bulk_tiers",), lambda v: v if isinstance(v, list) else _bad("should be a list"), [])
    last_qty = 0
    for i, _ in enumerate(raw_tiers):
        at = pol + ("bulk_tiers", i)
        qty = get(at + ("min_qty",), lambda v: parse_int(v, minimum=2), None, required=True)
        pct = get(at + ("percent",), parse_percent, None, required=True)
        if qty is not None and pct is not None:
            if qty <= last_qty:
                add(at + ("min_qty",), "bulk tiers must be listed with increasing min_qty")
            last_qty = max(last_qty, qty)
            tiers.append(BulkTier(qty, pct))

    def payer(value: Any) -> str:
        value = text(value)
        if value not in RETURN_PAYERS:
            raise ValueError(f"{value!r} is not one of {', '.join(RETURN_PAYERS)}")
        return value

    def changeable(value: Any) -> tuple[str, ...]:
        items = str_list(value)
        unknown = [v for v in items if v not in CHANGEABLE]
        if unknown:
            raise ValueError(f"unknown {', '.join(unknown)}; use {', '.join(CHANGEABLE)}")
        return items

    default = Policies()
    policies = Policies(
        return_window_days=get(pol + ("return_window_days",), parse_int, default.return_window_days),
        return_shipping_paid_by=get(pol + ("return_shipping_paid_by",), payer, default.return_shipping_paid_by),
        max_discount_percent=get(pol + ("max_discount_percent",), parse_percent, default.max_discount_percent),
        bulk_tiers=tuple(tiers),
        max_compensation_percent=get(pol + ("max_compensation_percent",), parse_percent,
                                     default.max_compensation_percent),
        changeable_before_shipping=get(pol + ("changeable_before_shipping",), changeable,
                                       default.changeable_before_shipping),
        refund_processing_days=get(pol + ("refund_processing_days",), parse_int, default.refund_processing_days),
        unpaid_cancel_days=get(pol + ("unpaid_cancel_days",), lambda v: parse_int(v, minimum=1),
                               default.unpaid_cancel_days),
    )
    fields["policies"] = policies

    def day_range(value: Any) -> tuple[int, int]:
        if isinstance(value, int) and not isinstance(value, bool):
            value = [value, value]
        if isinstance(value, str) and (m := re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", value)):
            value = [m.group(1), m.group(2)]
        if not isinstance(value, list) or len(value) != 2:
            raise ValueError(f"{value!r} should be a day range [min, max]")
        low, high = parse_int(value[0]), parse_int(value[1])
        if low > high:
            raise ValueError(f"{value!r}: the smaller number comes first")
        return low, high

    def template(value: Any) -> str:
        value = text(value)
        if "{tracking}" not in value:
            raise ValueError(f"{value!r} must contain {{tracking}} where the tracking number goes")
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} must be an http(s) link")
        return value

    methods = []
    seen_ids: set[str] = set()
    raw_methods = get(("shipping_methods",), lambda v: v if isinstance(v, list) else _bad("should be a list"), [])
    for i, _ in enumerate(raw_methods):
        at = ("shipping_methods", i)
        mid = get(at + ("id",), text, "", required=True)
        if mid and mid in seen_ids:
            add(at + ("id",), f"duplicate shipping method id {mid!r}")
        seen_ids.add(mid)
        transit = []
        raw_transit = get(at + ("transit",), lambda v: v if isinstance(v, dict) else _bad(
            "should map country codes (or *) to [min, max] days"), {}, required=True)
        for country in raw_transit:
            code = str(country).strip().upper()
            if code != "*" and not _COUNTRY_RE.match(code):
                add(at + ("transit", country), f"{country!r} is not an ISO country code or *")
                continue
            days = get(at + ("transit", country), day_range, None, required=True)
            if days:
                transit.append(TransitTime(code, *days))
        methods.append(ShippingMethod(
            id=mid,
            name=get(at + ("name",), text, mid, required=True),
            carrier=get(at + ("carrier",), text, "", required=True),
            handling_days=get(at + ("handling_days",), day_range, (1, 3), required=True),
            transit=tuple(transit),
            price=get(at + ("price",), parse_decimal, Decimal("0")),
            currency=get(at + ("currency",), currency, shop_currency),
            tracking_url=get(at + ("tracking_url",), template, "", required=True),
            ships_from=get(at + ("ships_from",), lambda v: _country(text(v)), ""),
            not_served=get(at + ("not_served",), lambda v: tuple(_country(c) for c in str_list(v)), ()),
        ))
        if methods[-1].not_served and any(t.country in methods[-1].not_served for t in transit):
            add(at + ("not_served",), "a country cannot have transit days and be not served")
    fields["shipping_methods"] = tuple(methods)

    pauses = []
    raw_pauses = get(("pauses",), lambda v: v if isinstance(v, list) else _bad("should be a list"), [])
    for i, _ in enumerate(raw_pauses):
        at = ("pauses", i)
        start = get(at + ("start",), parse_date, None, required=True)
        end = get(at + ("end",), parse_date, start, required=False)
        scope = get(at + ("scope",), lambda v: _choice(text(v), PAUSE_SCOPES), "handling")
        if start and end and end < start:
            add(at + ("end",), f"ends ({end}) before it starts ({start})")
        elif start and end:
            pauses.append(Pause(get(at + ("name",), text, "", required=True), start, end, scope))
    fields["pauses"] = tuple(pauses)
    return fields, tz, {m.id: m for m in methods}


def _bad(message: str):
    raise ValueError(message)


def _choice(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")
    return value


def _country(value: str) -> str:
    code = value.strip().upper()
    if not _COUNTRY_RE.match(code):
        raise ValueError(f"{value!r} is not a 2-letter ISO 3166 country code")
    return code


# ---------------------------------------------------------------- CSV files

class _Rows:
    """Rows of one CSV file with their line numbers; missing required columns are reported once."""

    def __init__(self, path: Path, required: tuple[str, ...], problems: _Collector) -> None:
        self.path = path
        self.problems = problems
        self.rows: list[tuple[int, dict[str, str]]] = []
        self.columns: list[str] = []
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                self.columns = [c.strip() for c in (reader.fieldnames or [])]
                missing = [c for c in required if c not in self.columns]
                if missing:
                    problems.add(path, 1, missing[0], f"missing column(s): {', '.join(missing)}")
                    return
                for row in reader:
                    clean = {(k or "").strip(): (v or "").strip() if isinstance(v, str) else ""
                             for k, v in row.items()}
                    if None in row:
                        problems.add(path, reader.line_num, None, "more values than columns")
                    if any(clean.values()):
                        self.rows.append((reader.line_num, clean))
        except UnicodeDecodeError as exc:
            problems.add(path, None, None, f"not UTF-8 text: {exc}")
        except csv.Error as exc:
            problems.add(path, None, None, f"not valid CSV: {exc}")

    def field(self, line: int, row: dict[str, str], name: str, parse: Callable[[str], Any],
              default: Any = None, *, required: bool = False) -> Any:
        raw = row.get(name, "")
        if raw == "":
            if required:
                self.problems.add(self.path, line, name, "is required")
            return default
        try:
            return parse(raw)
        except ValueError as exc:
            self.problems.add(self.path, line, name, str(exc))
            return default

    def error(self, line: int, name: str | None, message: str) -> None:
        self.problems.add(self.path, line, name, message)


def _load_catalog(path: Path, problems: _Collector, currency: str) -> tuple[Product, ...]:
    rows = _Rows(path, ("sku", "name", "stock", "price"), problems)
    products: list[Product] = []
    seen: dict[str, int] = {}
    for line, row in rows.rows:
        sku = rows.field(line, row, "sku", str, "", required=True)
        key = sku.upper()
        if key in seen:
            rows.error(line, "sku", f"duplicate SKU {sku!r} (first on line {seen[key]})")
            continue
        seen[key] = line
        name = rows.field(line, row, "name", str, "", required=True)
        products.append(Product(
            sku=sku,
            name=name,
            colour=row.get("colour", "") or row.get("color", ""),
            size=row.get("size", ""),
            stock=rows.field(line, row, "stock", parse_int, 0, required=True),
            material=row.get("material", ""),
            price=rows.field(line, row, "price", parse_decimal, Decimal("0"), required=True),
            currency=rows.field(line, row, "currency", lambda v: _currency(v), currency),
            category=row.get("category", ""),
            product_id=row.get("product_id", "") or name,
            lot_size=rows.field(line, row, "lot_size", lambda v: parse_int(v, minimum=1), 1),
            restock_date=rows.field(line, row, "restock_date", parse_date, None),
        ))
    return tuple(products)


def _currency(value: str) -> str:
    code = value.strip().upper()
    if not _CURRENCY_RE.match(code):
        raise ValueError(f"{value!r} is not a 3-letter ISO 4217 currency code")
    return code


def _load_size_chart(path: Path, problems: _Collector, catalog: tuple[Product, ...]) -> tuple[SizeRow, ...]:
    rows = _Rows(path, ("key", "size"), problems)
    known = {p.product_id for p in catalog} | {p.category for p in catalog if p.category}
    measures = [c for c in rows.columns if c not in ("key", "size", "note")]
    out: list[SizeRow] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows.rows:
        key = rows.field(line, row, "key", str, "", required=True)
        size = rows.field(line, row, "size", str, "", required=True)
        if key and catalog and key not in known:
            rows.error(line, "key", f"{key!r} is neither a product_id nor a category in the catalogue")
        if (key, size) in seen:
            rows.error(line, "size", f"size {size!r} of {key!r} appears twice (first on line {seen[key, size]})")
            continue
        seen[key, size] = line
        values = []
        for name in measures:
            rng = rows.field(line, row, name, parse_range, None)
            if rng:
                values.append((name, rng[0], rng[1]))
        if not values:
            rows.error(line, None, "a size row needs at least one measurement in cm")
        out.append(SizeRow(key, size, tuple(values)))
    return tuple(out)


def _load_orders(path: Path, problems: _Collector, tz: ZoneInfo, currency: str,
                 catalog: tuple[Product, ...], methods: dict[str, ShippingMethod],
                 payment_methods: tuple[str, ...]) -> tuple[Order, ...]:
    rows = _Rows(path, ("order_id", "customer_email", "placed_at", "status", "items", "total", "country"),
                 problems)
    skus = {p.sku.upper() for p in catalog}
    pay = {p.lower() for p in payment_methods}
    seen: dict[str, int] = {}
    out: list[Order] = []
    when = lambda v: parse_datetime(v, tz)  # noqa: E731
    for line, row in rows.rows:
        oid = rows.field(line, row, "order_id", str, "", required=True)
        key = re.sub(r"[^0-9A-Z]", "", oid.upper())      # the same key Shop.order() looks up
        if key in seen:
            rows.error(line, "order_id", f"duplicate order id {oid!r} (first on line {seen[key]})")
            continue
        seen[key] = line
        email = rows.field(line, row, "customer_email", lambda v: _email(v), "", required=True)
        placed = rows.field(line, row, "placed_at", when, None, required=True)
        status = rows.field(line, row, "status", lambda v: _choice(v.lower(), ORDER_STATUSES), "", required=True)
        items = rows.field(line, row, "items", parse_items, [], required=True)
        for sku, _ in items:
            if catalog and sku.upper() not in skus:
                rows.error(line, "items", f"unknown SKU {sku!r} (not in the catalogue)")
        method_id = row.get("shipping_method", "")
        method = methods.get(method_id)
        if method_id and not method:
            rows.error(line, "shipping_method", f"unknown shipping method {method_id!r}; "
                                                f"known: {', '.join(methods) or 'none'}")
        country = rows.field(line, row, "country", _country, "", required=True)
        if method and country and method.transit_for(country) is None:
            rows.error(line, "shipping_method", f"{method_id!r} does not ship to {country}")
        tracking = normalize(row.get("tracking_number", ""))
        if tracking and is_valid_tracking(tracking) is False:
            rows.error(line, "tracking_number",
                       f"{tracking} fails its {tracking_format(tracking)} check digit (typo?)")
        shipped = rows.field(line, row, "shipped_at", when, None)
        delivered = rows.field(line, row, "delivered_at", when, None)
        refunded = rows.field(line, row, "refunded_at", when, None)
        payment = row.get("payment_method", "")
        if payment and pay and payment.lower() not in pay:
            rows.error(line, "payment_method", f"{payment!r} is not one of the shop's payment methods")
        if status in ("shipped", "delivered"):
            if not shipped:
                rows.error(line, "shipped_at", f"an order with status {status} needs shipped_at")
            if not method_id:
                rows.error(line, "shipping_method", f"an order with status {status} needs its shipping method")
        if status == "delivered" and not delivered:
            rows.error(line, "delivered_at", "a delivered order needs delivered_at")
        if status in ("unpaid", "paid") and (shipped or tracking):
            rows.error(line, "status", f"status {status} contradicts the shipping data on this row")
        if placed and shipped and shipped < placed:
            rows.error(line, "shipped_at", "shipped before the order was placed")
        if shipped and delivered and delivered < shipped:
            rows.error(line, "delivered_at", "delivered before it was shipped")
        out.append(Order(
            order_id=oid,
            customer_email=email,
            customer_name=row.get("customer_name", ""),
            placed_at=placed or datetime.min.replace(tzinfo=tz),
            status=status,
            items=tuple(OrderLine(s, q) for s, q in items),
            total=rows.field(line, row, "total", parse_decimal, Decimal("0"), required=True),
            currency=rows.field(line, row, "currency", _currency, currency),
            country=country,
            shipping_method=method_id,
            carrier=row.get("carrier", "") or (method.carrier if method else ""),
            tracking_number=tracking,
            shipped_at=shipped,
            delivered_at=delivered,
            payment_method=payment,
            status_reason=row.get("status_reason", ""),
            refunded_at=refunded,
        ))
    return tuple(out)


def _email(value: str) -> str:
    if not _EMAIL_RE.match(value):
        raise ValueError(f"{value!r} is not an e-mail address")
    return value


def _load_events(path: Path, problems: _Collector, tz: ZoneInfo,
                 orders: tuple[Order, ...]) -> tuple[TrackingEvent, ...]:
    rows = _Rows(path, ("tracking_number", "time", "status"), problems)
    known = {o.tracking_number for o in orders if o.tracking_number}
    out = []
    for line, row in rows.rows:
        number = normalize(rows.field(line, row, "tracking_number", str, "", required=True))
        if number and number not in known:
            rows.error(line, "tracking_number", f"{number} belongs to no order in orders.csv")
        time = rows.field(line, row, "time", lambda v: parse_datetime(v, tz), None, required=True)
        status = rows.field(line, row, "status", lambda v: _choice(v.lower(), EVENT_STATUSES), "", required=True)
        if number and time and status:
            out.append(TrackingEvent(number, time, status, row.get("location", ""), row.get("detail", "")))
    return tuple(out)


# ---------------------------------------------------------------- the folder

def load_folder(folder: str | Path) -> Shop:
    """Load every file of a shop folder; raise one ShopDataError listing every problem."""
    folder = Path(folder)
    problems = _Collector()
    shop_file = folder / SHOP_FILE
    if not folder.is_dir():
        problems.add(folder, None, None, "is not a folder")
        problems.raise_if_any()
    if not shop_file.is_file():
        problems.add(shop_file, None, None, "is missing; every shop folder needs a shop.yaml")
        problems.raise_if_any()
    fields, tz, methods = _load_shop_yaml(shop_file, problems)
    currency = fields.get("currency", "EUR")

    def optional(name: str, load: Callable[[Path], tuple]) -> tuple:
        path = folder / name
        return load(path) if path.is_file() else ()

    catalog = optional(CATALOG_FILE, lambda p: _load_catalog(p, problems, currency))
    size_chart = optional(SIZE_CHART_FILE, lambda p: _load_size_chart(p, problems, catalog))
    orders = optional(ORDERS_FILE, lambda p: _load_orders(p, problems, tz, currency, catalog, methods,
                                                          fields.get("payment_methods", ())))
    events = optional(EVENTS_FILE, lambda p: _load_events(p, problems, tz, orders))
    problems.raise_if_any()
    return Shop(catalog=catalog, size_chart=size_chart, orders=orders, tracking_events=events, **fields)
