"""Time helpers: the desk stores and compares only timezone-aware UTC datetimes."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utc(value: datetime | None) -> datetime | None:
    """``value`` as aware UTC; a naive value is taken to be UTC already."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A DateTime column that always gives back aware UTC (SQLite drops the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        value = utc(value)
        if value is not None and dialect.name == "sqlite":
            # SQLite compares datetimes as text: store them in one zone without an offset.
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        return utc(value)
