"""Checkable claims in a reply (GROUNDED, POLICY-LIMIT): codes, amounts, percentages, dates.

Own regular expressions rather than the email-side fact extractor: a reply is written by us,
so its numbers come in a handful of predictable shapes, and the review must not change its
verdict when the inbound extractor is retuned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from tactful.review.text import URL

_CURRENCY = r"(?:US\$|\$|€|£|¥|₽|USD|EUR|GBP|CNY|RMB|RUB|eur|euro?s?|eiro|dollars?|долл\w*|руб\w*|元|美元|欧元|歐元)"
# With thousands separators ("1 299", "1.234,56"), or plain ("12000", "59.90"): never a prefix
# of a longer number ("€12000" is not €120).
_NUMBER = r"\d{1,3}(?:[ \u00a0.,]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?(?!\d)"
# "59.90 euros", "12000元已到账": a currency word ends at a non-letter or at a Han character.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
AMOUNT = re.compile(rf"{_CURRENCY}\s?(?P<a>{_NUMBER})|(?P<b>{_NUMBER})\s?{_CURRENCY}(?![^\W\d_{_CJK}])", re.IGNORECASE)
PERCENT = re.compile(r"(?P<p>\d{1,3}(?:[.,]\d+)?)\s?%|百分之(?P<cn>\d{1,3})")
# Codes: order/tracking numbers and SKUs — a token with at least five digits. Chinese and
# Japanese write no space around a number ("单号是1Z…发出"), so a Han or kana neighbour is a
# boundary; a Latin or Cyrillic letter is not (the code would be part of a word).
_NOT_WORD = rf"[^\W{_CJK}]"
CODE = re.compile(rf"(?<!{_NOT_WORD})(?<!/)#?[A-Z]{{0,4}}[-\s]?\d[\dA-Z\-]{{3,}}\d[A-Z]{{0,2}}(?!{_NOT_WORD})(?!/)",
                  re.IGNORECASE)
ISO_DATE = re.compile(r"(?<!\d)(?P<y>20\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")
DMY_DATE = re.compile(r"(?<![\d.])(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>20\d\d|\d\d)(?![\d])")
CJK_DATE = re.compile(r"(?:(?P<y>20\d\d)年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号號]")


@dataclass(frozen=True)
class Claim:
    kind: str          # "code" | "amount" | "percent" | "date"
    start: int
    end: int
    text: str
    value: str         # normalised: code upper-case, Decimal text, ISO date


def parse_number(text: str) -> Decimal | None:
    """"1.234,56", "1,234.56", "12,50" and "1 299" as a Decimal."""
    t = text.replace("\u00a0", " ").strip()
    t = t.replace(" ", "")
    if "," in t and "." in t:
        if t.rfind(",") > t.rfind("."):
            t = t.replace(".", "").replace(",", ".")
        else:
            t = t.replace(",", "")
    elif "," in t:
        head, _, tail = t.rpartition(",")
        t = head.replace(",", "") + ("." + tail if len(tail) <= 2 else tail)
    elif t.count(".") == 1 and len(t.rpartition(".")[2]) == 3:
        t = t.replace(".", "")          # "1.299" is a thousands separator
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def _masked(text: str) -> str:
    """The text with URLs blanked, so numbers inside links are not read as claims."""
    return URL.sub(lambda m: " " * len(m.group(0)), text)


def amounts(text: str) -> list[Claim]:
    out = []
    for m in AMOUNT.finditer(_masked(text)):
        raw = m.group("a") or m.group("b")
        value = parse_number(raw)
        if value is not None:
            out.append(Claim("amount", m.start(), m.end(), m.group(0), str(value)))
    return out


def percents(text: str) -> list[Claim]:
    out = []
    for m in PERCENT.finditer(_masked(text)):
        value = parse_number(m.group("p") or m.group("cn"))
        if value is not None:
            out.append(Claim("percent", m.start(), m.end(), m.group(0), str(value)))
    return out


# A few letters, a space, then the number: "LL 10231" is one code, "is 1Z999AA..." is a word
# and a code. Gluing across the space is right only for a capitalised prefix of an all-digit
# number ("LL 10231"); a word of the sentence ("is", "ist", "es", "nr") or a carrier name
# ("DHL 7315010253") stays outside, in every language.
_SPACED_PREFIX = re.compile(r"(#?)([A-Za-z]{1,4})\s+(?=\S)")


def _unglue(raw: str) -> int:
    """How many leading characters of a matched code are a separate word, not part of it."""
    m = _SPACED_PREFIX.match(raw)
    if not m:
        return 0
    prefix, rest = m.group(2), raw[m.end():]
    if prefix.isupper() and rest.isdigit() and not _is_carrier(prefix):
        return 0
    return m.end()


def _is_carrier(word: str) -> bool:
    from tactful.review.lexicon import carrier_pattern
    return carrier_pattern().fullmatch(word) is not None


def codes(text: str) -> list[Claim]:
    masked = _masked(text)
    # A date, an amount ("12000元", "12000 руб.") or a percentage is no order or tracking number.
    taken = [(c.start, c.end) for c in dates(text, None) + amounts(text) + percents(text)]
    out = []
    for m in CODE.finditer(masked):
        start = m.start() + _unglue(m.group(0))
        while masked[start].isspace():         # "no. 10231": the space before is no part of it
            start += 1
        raw = masked[start:m.end()]
        norm = re.sub(r"[\s\-#]", "", raw).upper()
        if sum(ch.isdigit() for ch in norm) < 5:
            continue
        if any(s < m.end() and start < e for s, e in taken):
            continue
        if re.fullmatch(r"\d+", norm) and len(norm) <= 4:
            continue
        out.append(Claim("code", start, m.end(), raw, norm))
    return out


def _month_regex(months: list[str]) -> re.Pattern:
    """All twelve month names in one pattern; group ``m<n>`` is month n."""
    groups = "|".join(f"(?P<m{i + 1}>{pat})" for i, pat in enumerate(months))
    return re.compile(rf"(?<![^\W_])(?:{groups})", re.IGNORECASE)


_YEAR_AFTER = re.compile(r"\w*\.?,?\s+(?:de\s+|del\s+)?(20\d\d)\b")
_MONTH_CACHE: dict[int, re.Pattern] = {}


def dates(text: str, months: list[str] | None, year: int | None = None) -> list[Claim]:
    """Calendar dates: ISO, d.m.yyyy, d/m/yyyy, Chinese 月日, and "3 March" / "March 3"."""
    out: list[Claim] = []
    ref_year = year or date.today().year
    for rx in (ISO_DATE, DMY_DATE, CJK_DATE):
        for m in rx.finditer(text):
            y = m.group("y")
            y = int(y) + (2000 if y and len(y) == 2 else 0) if y else ref_year
            try:
                d = date(y, int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
            out.append(Claim("date", m.start(), m.end(), m.group(0), d.isoformat()))
    if months:
        key = id(months)
        rx = _MONTH_CACHE.get(key) or _MONTH_CACHE.setdefault(key, _month_regex(months))
        for m in rx.finditer(text):
            month = int(m.lastgroup[1:])
            # "3 March", "3. März", "3 de marzo" / "3 de março", "March 3".
            before = re.search(r"(?<!\d)(\d{1,2})\.?\s*(?:de\s+)?$", text[max(0, m.start() - 8):m.start()])
            after = re.match(r"\w*\.?\s*(\d{1,2})(?!\d)", text[m.end():m.end() + 8])
            num = before or after
            if not num:
                continue
            s = m.start() - (len(before.group(0)) if before else 0)
            e = m.end() + (after.end() if not before and after else 0)
            # A year after it: "4 de janeiro de 2027", "March 3, 2027", "3 марта 2027 г."
            year_m = _YEAR_AFTER.match(text, e)
            try:
                d = date(int(year_m.group(1)) if year_m else ref_year, month, int(num.group(1)))
            except ValueError:
                continue
            if year_m:
                e = year_m.end()
            out.append(Claim("date", s, e, text[s:e], d.isoformat()))
    out.sort(key=lambda c: c.start)
    return out
