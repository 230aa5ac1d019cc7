"""Dates, amounts and lists written the way each language writes them.

The patterns and month names live in each phrasebook's ``_locale`` block (data, not code):
"22 November 2026", "2026年11月22日", "22. November 2026", "22 de noviembre de 2026",
"22 ноября 2026 г.", "2026. gada 22. novembris". This module only fills them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Mapping, Sequence

# Symbols a shopper recognises; other currencies are written with their ISO code.
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CNY": "¥", "JPY": "¥", "RUB": "₽"}


@dataclass(frozen=True)
class Locale:
    """How one language writes dates, money and lists (the phrasebook's ``_locale`` block)."""

    code: str
    months: tuple[str, ...]
    date: str = "{day} {month} {year}"
    decimal: str = "."
    group: str = ","
    money: str = "{symbol}{amount}"
    money_code: str = "{amount} {code}"
    list_sep: str = ", "
    list_last: str = " and "
    space: str = " "
    colon: str = ":"
    day_one: str = ""          # how the first of a month is written when not "1" (French "1er")

    @classmethod
    def from_data(cls, code: str, data: Mapping[str, Any]) -> "Locale":
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "code"}
        fields["months"] = tuple(data["months"])
        return cls(code=code, **fields)

    def format_date(self, value: date | datetime) -> str:
        """A calendar date in this language's long form (no weekday, no time)."""
        day = value.date() if isinstance(value, datetime) else value
        number = self.day_one if day.day == 1 and self.day_one else day.day
        return self.date.format(day=number, month=self.months[day.month - 1], year=day.year,
                                mm=f"{day.month:02d}", dd=f"{day.day:02d}")

    def format_number(self, value: Decimal | int | float, places: int = 2) -> str:
        amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        sign = "-" if amount < 0 else ""
        whole, _, frac = f"{abs(amount):f}".partition(".")
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        text = self.group.join(groups)
        return sign + (text + self.decimal + frac if frac else text)

    def format_money(self, value: Decimal | int | float, currency: str) -> str:
        """An amount with its currency: "€45.00" in English, "45,00 €" in German."""
        amount = self.format_number(value)
        symbol = CURRENCY_SYMBOLS.get(currency.upper())
        if symbol:
            return self.money.format(symbol=symbol, amount=amount, code=currency.upper())
        return self.money_code.format(amount=amount, code=currency.upper())

    def format_percent(self, value: Decimal | int | float) -> str:
        number = Decimal(str(value))
        text = self.format_number(number, 0 if number == number.to_integral_value() else 1)
        return text

    def format_list(self, parts: Sequence[str]) -> str:
        """"a, b and c" in this language."""
        parts = [p for p in parts if p]
        if not parts:
            return ""
        if len(parts) == 1:
            return parts[0]
        return self.list_sep.join(parts[:-1]) + self.list_last + parts[-1]

    def join_sentences(self, sentences: Sequence[str]) -> str:
        return self.space.join(s.strip() for s in sentences if s and s.strip())
