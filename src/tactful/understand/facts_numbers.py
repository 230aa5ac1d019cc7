"""Numbers as customers write them: "12,50", "1.234,56", "1 234.5", "一打", "三件", "two".

Used by READ-FACTS for amounts, measurements and quantities; returns plain Decimal values.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["NUMBER", "parse_decimal", "parse_cjk_int", "CJK_DIGITS", "format_decimal"]

# An amount-like number: thousands groups (",", ".", space, apostrophe) and up to two decimals.
NUMBER = r"\d{1,3}(?:[,.\u00a0\u202f' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"

CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "萬": 10000}


def parse_decimal(text: str) -> Decimal | None:
    """Read a written number; the last separator followed by 1-2 digits is the decimal mark."""
    s = re.sub(r"[\u00a0\u202f' ]", "", text.strip())
    if not s or not re.fullmatch(r"[\d.,]+", s):
        return None
    m = re.search(r"[.,](\d{1,2})$", s)
    if m and not re.search(r"[.,]\d{3}$", s):
        whole = re.sub(r"[.,]", "", s[:m.start()])
        s = f"{whole}.{m.group(1)}"
    elif re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", s):
        s = re.sub(r"[.,]", "", s)
    else:
        s = s.replace(",", ".")
        if s.count(".") > 1:
            return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def format_decimal(value: Decimal, places: int | None = None) -> str:
    """"12.50" for money (two places when there are cents), "170" for whole numbers."""
    if places is not None:
        return f"{value:.{places}f}"
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def parse_cjk_int(text: str) -> int | None:
    """Chinese numerals up to the ten-thousands: "三" 3, "十二" 12, "两百" 200; Arabic digits too."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in CJK_DIGITS:
            current = CJK_DIGITS[ch]
        elif ch in _CJK_UNITS:
            total += (current or 1) * _CJK_UNITS[ch]
            current = 0
        else:
            return None
    return total + current
