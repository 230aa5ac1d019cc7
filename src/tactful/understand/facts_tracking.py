"""READ-FACTS tracking numbers: recognise a parcel number and its carrier by format and check digit.

A number is taken without context only when its format is unmistakable and its check digit holds
(UPU S10, UPS 1Z, USPS 92/93/94 barcodes, DHL eCommerce, Cainiao LP); bare digit runs (FedEx,
DHL Express) need the carrier's name nearby; anything else needs a tracking cue word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# One implementation of the carriers' check-digit arithmetic, shared with the shop loader.
from tactful.shop.tracking import dhl_check_digit, s10_check_digit, ups_check_digit
from tactful.understand import facts_data

__all__ = ["Tracking", "carrier_spans", "s10_valid", "ups_valid", "usps_valid", "fedex_valid", "dhl_express_valid",
           "classify", "find_tracking"]

@dataclass(frozen=True)
class Tracking:
    start: int
    end: int
    value: str
    carrier: str
    country: str = ""


def s10_valid(value: str) -> bool:
    """UPU S10: 2 letters, 8 digits, check digit (weights 8,6,4,2,3,5,9,7, mod 11), country code."""
    m = re.fullmatch(r"[A-Z]{2}(\d{8})(\d)([A-Z]{2})", value)
    if not m or m.group(3) not in _country_codes():
        return False
    return s10_check_digit(m.group(1)) == int(m.group(2))


def ups_valid(value: str) -> bool:
    """UPS 1Z: 16 characters after "1Z"; letters count as (ord - 63) mod 10; mod-10 check digit."""
    if not re.fullmatch(r"1Z[0-9A-Z]{15}\d", value):
        return False
    return ups_check_digit(value[2:17]) == int(value[17])


def _mod10_31(digits: str) -> bool:
    """GS1 mod 10 (weights 3,1 from the right) used by USPS IMpb and SSCC-based numbers."""
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def usps_valid(digits: str) -> bool:
    return bool(re.fullmatch(r"9[2-5]\d{18,20}", digits)) and _mod10_31(digits)


def fedex_valid(digits: str) -> bool:
    """FedEx Express 12 digits: weights 1,7,3 repeating from the right, mod 11 (10 counts as 0)."""
    if len(digits) == 12:
        body, check = digits[:11], int(digits[11])
        weights = (1, 7, 3)
        total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(body)))
        return total % 11 % 10 == check
    if len(digits) in (15, 20, 22):
        return _mod10_31(digits)
    return False


def dhl_express_valid(digits: str) -> bool:
    """DHL Express waybills: 10 digits, the last is the first nine mod 7."""
    return len(digits) == 10 and digits.isdigit() and dhl_check_digit(digits[:9]) == int(digits[9])


@lru_cache(maxsize=None)
def _country_codes() -> frozenset[str]:
    return frozenset(facts_data.load("countries")["en"]) | {"UK"}


def classify(value: str) -> tuple[str, str] | None:
    """(carrier, country) for a number whose format alone names its carrier, else None."""
    v = value.upper()
    if s10_valid(v):
        country = "GB" if v[-2:] == "UK" else v[-2:]
        return facts_data.load("carriers")["s10_operators"].get(country, "upu"), country
    if ups_valid(v):
        return "ups", ""
    if v.isdigit() and usps_valid(v):
        return "usps", "US"
    if re.fullmatch(r"(?:GM\d{16,18}|JJD\d{18,20}|00340\d{15})", v):
        return "dhl", ""
    if re.fullmatch(r"LP\d{14,16}", v):
        return "cainiao", "CN"
    if re.fullmatch(r"YT\d{16}", v):
        return "yunexpress", "CN"
    return None


@lru_cache(maxsize=None)
def _carrier_re() -> tuple[re.Pattern[str], dict[str, str]]:
    """One prefix-tree pattern over every carrier name, and name -> carrier."""
    names = facts_data.load("carriers")["carrier_names"]
    owner = {n.rstrip("*"): str(key) for key, vals in names.items() for n in vals}
    return re.compile(facts_data.alternation([n for vals in names.values() for n in vals])), owner


def _carrier_of(found: str) -> str:
    _, owner = _carrier_re()
    if found in owner:
        return owner[found]
    return next((c for n, c in sorted(owner.items(), key=lambda e: -len(e[0])) if found.startswith(n)), "")


def _carrier_near(text: str, start: int, end: int, span: int = 80) -> str:
    """The carrier named closest to the number, within ``span`` characters."""
    best, best_dist = "", span + 1
    pattern, _ = _carrier_re()
    for m in pattern.finditer(text, max(0, start - span), min(len(text), end + span)):
        dist = max(start - m.end(), m.start() - end, 0)
        if dist < best_dist:
            best, best_dist = _carrier_of(m.group(0)), dist
    return best


def carrier_spans(text: str) -> list[tuple[int, int]]:
    """Where carriers are named ("Latvijas Pasts", "Почта России"): not countries, not colours."""
    return [(m.start(), m.end()) for m in _carrier_re()[0].finditer(text)]


_STRONG = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    r"[A-Za-z]{2} ?\d{3} ?\d{3} ?\d{3} ?[A-Za-z]{2}"      # UPU S10, often printed in groups
    r"|1Z(?: ?[0-9A-Za-z]){16}"                          # UPS
    r"|9[2-5](?: ?\d){18,20}"                            # USPS IMpb
    r"|(?:GM\d{16,18}|JJD\d{18,20}|00340\d{15})"         # DHL eCommerce / Paket
    r"|LP\d{14,16}|YT\d{16}"                             # Cainiao, YunExpress
    r")(?![A-Za-z0-9])")
_DIGITS = re.compile(r"(?<![\w.,/-])(\d{10}|\d{12}|\d{15}|\d{20}|\d{22})(?![\w/-])(?![.,]\d)")


@lru_cache(maxsize=None)
def _cue_re(language: str) -> re.Pattern[str]:
    cues = facts_data.alternation(facts_data.words("tracking_cues", language))
    nums = facts_data.alternation(facts_data.words("number_words", language))
    return re.compile(
        cues + r"(?:\s*(?:[:：#№=-]|" + nums + r"|\((?:[^()\n]{1,20})\)|is|ist|es|est|é))*\s*"
        r"([A-Za-z0-9]{2,}(?:[ -]?[A-Za-z0-9]{2,}){0,5})", re.IGNORECASE)


def find_tracking(text: str, language: str = "") -> list[Tracking]:
    """Every tracking number in ``text``, left to right, each once."""
    out: list[Tracking] = []

    def add(start: int, end: int, carrier: str, country: str = "") -> None:
        value = re.sub(r"[ -]", "", text[start:end]).upper()
        if any(t.value == value or (start < t.end and t.start < end) for t in out):
            return
        out.append(Tracking(start, end, value, carrier, country))

    for m in _STRONG.finditer(text):
        found = classify(re.sub(r" ", "", m.group(0)))
        if found:
            add(m.start(), m.end(), *found)
    for m in _DIGITS.finditer(text):
        digits = m.group(1)
        carrier = _carrier_near(text, m.start(), m.end())
        if carrier == "fedex" and len(digits) in (12, 15, 20, 22):
            add(m.start(1), m.end(1), "fedex")
        elif carrier == "dhl" and (len(digits) in (10, 12, 20)):
            add(m.start(1), m.end(1), "dhl")
        elif carrier == "usps" and len(digits) in (20, 22):
            add(m.start(1), m.end(1), "usps", "US")
    for m in _cue_re(language).finditer(text):
        raw = m.group(1)
        compact = re.sub(r"[ -]", "", raw)
        if not (8 <= len(compact) <= 35) or sum(ch.isdigit() for ch in compact) < 6:
            # The grouped run may have swallowed a following word: retry on the first group.
            first = re.match(r"[A-Za-z0-9]+", raw)
            if not first or not (8 <= len(first.group(0)) <= 35) or sum(c.isdigit() for c in first.group(0)) < 6:
                continue
            raw, compact = first.group(0), first.group(0)
        start = m.start(1)
        end = start + len(raw)
        found = classify(compact)
        if found:
            add(start, end, *found)
        else:
            add(start, end, _carrier_near(text, start, end) or "unknown")
    return sorted(out, key=lambda t: t.start)
