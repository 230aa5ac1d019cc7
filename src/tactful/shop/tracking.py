"""Tracking-number formats and their check digits (UPU S10, UPS 1Z, DHL Express).

A mistyped tracking number sends the customer to a page that says "not found" — worse than no
number at all (TRIAD, GROUNDED). The loader uses these checks to reject numbers whose check digit
is wrong; the composer and the review can use them to recognise a carrier.
"""

from __future__ import annotations

import re

S10_RE = re.compile(r"^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$")
UPS_RE = re.compile(r"^1Z([0-9A-Z]{15})([0-9])$")
DHL_RE = re.compile(r"^(\d{9})(\d)$")

_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def normalize(number: str) -> str:
    """Upper case without spaces or dashes, the form carriers index by."""
    return re.sub(r"[\s-]", "", number or "").upper()


def s10_check_digit(serial: str) -> int:
    """The UPU S10 check digit of an 8-digit serial number (UPU standard S10, weights 86423597)."""
    if not re.fullmatch(r"\d{8}", serial):
        raise ValueError(f"S10 serial must be 8 digits, got {serial!r}")
    total = sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS))
    check = 11 - total % 11
    return {10: 0, 11: 5}.get(check, check)


def _ups_value(char: str) -> int:
    # UPS maps letters onto digits cyclically starting at A=2 (A→2 ... H→9, I→0, J→1 ...).
    return int(char) if char.isdigit() else (ord(char) - ord("A") + 2) % 10


def ups_check_digit(body: str) -> int:
    """The check digit of a UPS 1Z number from the 15 characters after "1Z"."""
    if not re.fullmatch(r"[0-9A-Z]{15}", body):
        raise ValueError(f"UPS body must be 15 characters, got {body!r}")
    values = [_ups_value(c) for c in body]
    total = sum(values[0::2]) + 2 * sum(values[1::2])
    return (10 - total % 10) % 10


def dhl_check_digit(body: str) -> int:
    """The check digit of a 10-digit DHL Express waybill: the first nine digits modulo 7."""
    if not re.fullmatch(r"\d{9}", body):
        raise ValueError(f"DHL waybill body must be 9 digits, got {body!r}")
    return int(body) % 7


def tracking_format(number: str) -> str:
    """The format a number looks like: "upu_s10", "ups", "dhl_express" or "" (unknown)."""
    n = normalize(number)
    if S10_RE.match(n):
        return "upu_s10"
    if UPS_RE.match(n):
        return "ups"
    if DHL_RE.match(n):
        return "dhl_express"
    return ""


def is_valid_tracking(number: str) -> bool | None:
    """True/False when the format carries a check digit; None when the format is unknown."""
    n = normalize(number)
    if m := S10_RE.match(n):
        return s10_check_digit(m.group(2)) == int(m.group(3))
    if m := UPS_RE.match(n):
        return ups_check_digit(m.group(1)) == int(m.group(2))
    if m := DHL_RE.match(n):
        return dhl_check_digit(m.group(1)) == int(m.group(2))
    return None


def make_s10(service: str, serial: str, country: str) -> str:
    """A complete S10 number, e.g. make_s10("RR", "12345678", "CN") → "RR123456785CN"."""
    return f"{service}{serial}{s10_check_digit(serial)}{country}"


def make_ups(shipper: str, service: str, package: str) -> str:
    """A complete 1Z number from a 6-character shipper, 2-digit service and 7-digit package id."""
    body = f"{shipper}{service}{package}"
    return f"1Z{body}{ups_check_digit(body)}"


def make_dhl(body: str) -> str:
    """A complete 10-digit DHL Express waybill from its first nine digits."""
    return f"{body}{dhl_check_digit(body)}"
