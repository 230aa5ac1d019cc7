"""READ-FACTS dates: absolute dates in the common written forms and relative ones ("tomorrow",
"next Friday", "by the 15th", "明天", "下周五", "bis Freitag", "до пятницы", "homme", "rīt") and
fixed-date holidays ("by Christmas", "к Новому году", "jõuludeks", "圣诞节"), resolved against the
day the email was received. Month and weekday names are per-language data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from tactful.understand import facts_data
from tactful.understand.facts_spans import Spans

__all__ = ["DateMention", "find_dates"]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: date
    relative: bool


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(y: int) -> int:
    return y + 2000 if y < 100 else y


def _guess_year(month: int, day: int, received: date | None) -> date | None:
    """A date written without a year: this year, or next year if that is far in the past."""
    if received is None:
        return None
    d = _safe_date(received.year, month, day)
    if d is not None and (received - d).days > 60:
        d = _safe_date(received.year + 1, month, day)
    return d


@lru_cache(maxsize=None)
def _patterns(language: str) -> dict[str, object]:
    langs = facts_data.languages_for(language)
    month_of: dict[str, int] = {}
    month_words: list[str] = []
    weekday_words: list[str] = []
    weekday_of: list[tuple[re.Pattern[str], int]] = []
    relative: list[tuple[str, int]] = []
    excludes: list[str] = []
    in_days: list[str] = []
    dom: list[str] = []
    next_week: list[str] = []
    year_words: list[str] = []
    last_words: list[str] = []
    every_words: list[str] = []
    holidays: dict[str, list[str]] = {}
    for lang in langs:
        lex = facts_data.lexicon(lang)
        for day, names in (lex.get("holidays") or {}).items():
            holidays.setdefault(str(day), []).extend(names or ())
        for i, names in enumerate(lex.get("months") or ()):
            for n in names:
                month_words.append(n)
                month_of[n.rstrip("*").lower()] = i + 1
        for i, names in enumerate(lex.get("weekdays") or ()):
            for n in names:
                weekday_words.append(n)
                weekday_of.append((re.compile(facts_data.alternation([n]), re.IGNORECASE), i))
        for offset, names in (lex.get("relative_days") or {}).items():
            relative += [(n, int(offset)) for n in names]
        excludes += lex.get("relative_exclude") or ()
        in_days += lex.get("in_days") or ()
        dom += lex.get("day_of_month") or ()
        next_week += lex.get("next_week_prefix") or ()
        year_words += lex.get("year_words") or ()
        last_words += lex.get("last_words") or ()
        every_words += lex.get("every_words") or ()
    month_alt = facts_data.alternation(month_words)
    return {
        "month_of": month_of,
        "weekday_of": weekday_of,
        "day_month": re.compile(
            r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er|º|\.)?\s*(?:de\s+|of\s+)?(" + month_alt + r")"
            r"(?:\s*(?:de\s+|,\s*)?(\d{4}))?(?!\d)", re.IGNORECASE),
        "month_day": re.compile(
            r"(" + month_alt + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:,?\s*(\d{4}))?(?!\d)", re.IGNORECASE),
        "year_first": re.compile(r"(\d{4})\.\s*" + facts_data.alternation(year_words) + r"\s+(\d{1,2})\.\s*(" +
                              month_alt + r")", re.IGNORECASE),
        "relative": [(re.compile(facts_data.alternation([w]), re.IGNORECASE), n) for w, n in relative],
        "excludes": [re.compile(facts_data.alternation([e]), re.IGNORECASE) for e in excludes],
        "weekday": re.compile(
            r"(" + facts_data.alternation(next_week) + r")?\s*(" + facts_data.alternation(weekday_words) + r")",
            re.IGNORECASE),
        "in_days": [re.compile(p, re.IGNORECASE) for p in in_days],
        "last_before": re.compile(facts_data.alternation(last_words) + r"\s*$", re.IGNORECASE),
        "last_after": re.compile(r"\s*" + facts_data.alternation(last_words), re.IGNORECASE),
        "every_before": re.compile(facts_data.alternation(every_words) + r"\s*$", re.IGNORECASE),
        "dom": [re.compile(p, re.IGNORECASE) for p in dom],
        # One pattern for all of them, so the longest name wins ("New Year's Eve" over "New Year").
        "holidays": re.compile(facts_data.alternation([n for names in holidays.values() for n in names]),
                               re.IGNORECASE),
        "holiday_of": sorted(((re.sub(r"\s+", " ", n.rstrip("*").lower()), md)
                              for md, names in holidays.items() for n in names), key=lambda e: -len(e[0])),
        "date_order": facts_data.lexicon(langs[0]).get("date_order", "DMY"),
    }


# Before 周/星期 these make it a count of weeks or a past week, not a weekday to come.
_CJK_NOT_A_DAY = set("一二三四五六七八九十两兩几幾每上")
_ISO = re.compile(r"(?<![\d.])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])")
_NUMERIC = re.compile(r"(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d./-])")
_DOTTED_NO_YEAR = re.compile(r"(?<![\d./-])(\d{1,2})\.(\d{1,2})\.(?![\d])")
_CJK_FULL = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]")


def find_dates(text: str, received: datetime | date | None = None, language: str = "",
               claimed: Spans | None = None) -> list[DateMention]:
    """Every date mentioned in ``text``; relative ones only when ``received`` is known.

    Spans in ``claimed`` (other facts) are skipped; each date found is claimed there too.
    """
    pats = _patterns(language)
    today = received.date() if isinstance(received, datetime) else received
    taken = claimed if claimed is not None else Spans()
    out: list[DateMention] = []

    def add(start: int, end: int, value: date | None, relative: bool = False) -> None:
        if value is None or not taken.take(start, end):
            return
        out.append(DateMention(start, end, value, relative))

    for m in _ISO.finditer(text):
        add(m.start(), m.end(), _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _CJK_FULL.finditer(text):
        month, day = int(m.group(2)), int(m.group(3))
        value = (_safe_date(int(m.group(1)), month, day) if m.group(1)
                 else _guess_year(month, day, today))
        add(m.start(), m.end(), value)
    for m in _NUMERIC.finditer(text):
        a, b, year = int(m.group(1)), int(m.group(3)), _full_year(int(m.group(4)))
        mdy = pats["date_order"] == "MDY" and a <= 12 or b > 12
        month, day = (a, b) if mdy else (b, a)
        add(m.start(), m.end(), _safe_date(year, month, day))
    for m in _DOTTED_NO_YEAR.finditer(text):      # "am 27.04." (de, ru, et, lv write day.month.)
        if pats["date_order"] != "MDY":
            add(m.start(), m.end(), _guess_year(int(m.group(2)), int(m.group(1)), today))
    month_of = pats["month_of"]
    for m in pats["year_first"].finditer(text):  # type: ignore[attr-defined]
        month = _month(m.group(3), month_of)
        add(m.start(), m.end(), month and _safe_date(int(m.group(1)), month, int(m.group(2))))
    for key in ("day_month", "month_day"):
        for m in pats[key].finditer(text):  # type: ignore[attr-defined]
            if key == "day_month":
                day, month, year = int(m.group(1)), _month(m.group(2), month_of), m.group(3)
            else:
                month, day, year = _month(m.group(1), month_of), int(m.group(2)), m.group(3)
            if not month:
                continue
            value = _safe_date(int(year), month, day) if year else _guess_year(month, day, today)
            add(m.start(), m.end(), value)
    if today is None:
        return sorted(out, key=lambda d: d.start)
    for pat, offset in pats["relative"]:  # type: ignore[union-attr]
        for m in pat.finditer(text):
            if any(e.search(text, max(0, m.start() - 12), min(len(text), m.end() + 12))
                   and _overlaps(e, text, m) for e in pats["excludes"]):  # type: ignore[union-attr]
                continue
            add(m.start(), m.end(), today + timedelta(days=offset), True)
    for m in pats["holidays"].finditer(text):  # type: ignore[attr-defined]
        # "by Christmas", "к Новому году", "bis Weihnachten"; a stem ("jõulude*") by its prefix.
        said = re.sub(r"\s+", " ", m.group(0).lower())
        key = next((key for name, key in pats["holiday_of"] if said == name), None) or \
            next((key for name, key in pats["holiday_of"] if said.startswith(name)), None)  # type: ignore[union-attr]
        if key:
            add(m.start(), m.end(), _holiday(today, key), True)
    for pat in pats["in_days"]:  # type: ignore[union-attr]
        for m in pat.finditer(text):
            add(m.start(), m.end(), today + timedelta(days=int(m.group(1))), True)
    for pat in pats["dom"]:  # type: ignore[union-attr]
        for m in pat.finditer(text):
            add(m.start(), m.end(), _next_day_of_month(today, int(m.group(1))), True)
    for m in pats["weekday"].finditer(text):  # type: ignore[attr-defined]
        wd = next((i for p, i in pats["weekday_of"] if p.fullmatch(m.group(2))), None)  # type: ignore[union-attr]
        if wd is None:
            continue
        if not m.group(1) and facts_data.is_cjk(m.group(2)) and text[max(0, m.start(2) - 1):m.start(2)] in _CJK_NOT_A_DAY:
            continue            # "一周一次" is once a week, "上周五" last Friday: not a coming day
        before = text[max(0, m.start(2) - 14):m.start(2)]
        if pats["every_before"].search(before) and not pats["last_before"].search(before):  # type: ignore[union-attr]
            continue            # "every Friday", "jeden Freitag": no single date
        if pats["last_before"].search(before) or pats["last_after"].match(text, m.end()):  # type: ignore[union-attr]
            # "last Friday", "vendredi dernier": the one before the email
            add(m.start(), m.end(), today - timedelta(days=(today.weekday() - wd - 1) % 7 + 1), True)
            continue
        if m.group(1):      # 下周五: Friday of next calendar week
            monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
            value = monday + timedelta(days=wd)
        else:               # "Friday", "next Friday", "bis Freitag": the coming one
            value = today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)
        add(m.start(), m.end(), value, True)
    return sorted(out, key=lambda d: d.start)


def _overlaps(pattern: re.Pattern[str], text: str, m: re.Match[str]) -> bool:
    return any(e.start() <= m.start() and m.end() <= e.end()
               for e in pattern.finditer(text, max(0, m.start() - 12), min(len(text), m.end() + 12)))


def _month(word: str, month_of: dict[str, int]) -> int | None:
    w = word.lower().rstrip(".")
    if w in month_of or w + "." in month_of:
        return month_of.get(w) or month_of.get(w + ".")
    for name, n in month_of.items():          # inflected: "мая", "maijā", "märtsil"
        stem = name.rstrip(".")
        if len(stem) >= 3 and w.startswith(stem):
            return n
    return None


def _holiday(today: date, key: str) -> date | None:
    """The holiday the customer means: the coming one, or one up to 60 days past ("since
    Christmas" written in January); "by New Year" in November is the first of January next.

    ``key`` is a fixed "MM-DD" or the name of a moving holiday in ``holiday_dates.yaml``.
    """
    if re.fullmatch(r"\d{2}-\d{2}", key):
        month, day = (int(x) for x in key.split("-"))
        days = [_safe_date(year, month, day) for year in (today.year - 1, today.year, today.year + 1)]
    else:
        days = sorted((facts_data.load("holiday_dates").get(key) or {}).values())
    return next((d for d in days if d is not None and (today - d).days <= 60), None)


def _next_day_of_month(today: date, day: int) -> date | None:
    if not 1 <= day <= 31:
        return None
    year, month = today.year, today.month
    for _ in range(3):
        d = _safe_date(year, month, day)
        if d is not None and d >= today:
            return d
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return None
