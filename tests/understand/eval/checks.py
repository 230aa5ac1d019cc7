"""Check digits for the evaluation set: the numbers we write must be valid for their format.

READ-FACTS (tracking numbers) and READ-SECRET (cards, IBAN) are only fairly tested when the
numbers in the emails are real-shaped: a card number that fails Luhn is not a secret, and a
tracking number with a wrong check digit should not be recognised as one.
"""

from __future__ import annotations

import re

S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in re.sub(r"\D", "", number)]
    if len(digits) < 12:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(prefix: str) -> str:
    """Append the Luhn check digit to ``prefix``."""
    for d in "0123456789":
        if luhn_ok(prefix + d):
            return prefix + d
    raise ValueError(prefix)


def s10_check(serial8: str) -> int:
    """UPU S10 check digit of an 8-digit serial."""
    s = sum(int(c) * w for c, w in zip(serial8, S10_WEIGHTS))
    c = 11 - s % 11
    return 0 if c == 10 else 5 if c == 11 else c


def s10_ok(number: str) -> bool:
    m = re.fullmatch(r"[A-Z]{2}(\d{8})(\d)[A-Z]{2}", number.replace(" ", "").upper())
    return bool(m) and s10_check(m.group(1)) == int(m.group(2))


def ups_check(body15: str) -> int:
    """UPS 1Z check digit over the 15 characters after '1Z'."""
    total = 0
    for i, c in enumerate(body15.upper()):
        n = int(c) if c.isdigit() else (ord(c) - 3) % 10
        total += n * 2 if i % 2 else n
    return (10 - total % 10) % 10


def ups_ok(number: str) -> bool:
    n = number.replace(" ", "").upper()
    return bool(re.fullmatch(r"1Z[0-9A-Z]{16}", n)) and ups_check(n[2:17]) == int(n[17])


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def iban_complete(country: str, bban: str) -> str:
    r = bban + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in r)) % 97
    return f"{country}{check:02d}{bban}"


def tracking_ok(number: str, carrier: str) -> bool:
    """True when ``number`` is valid for ``carrier`` (formats without a check digit: shape only)."""
    n = number.replace(" ", "").upper()
    if carrier == "upu":
        return s10_ok(n)
    if carrier == "ups":
        return ups_ok(n)
    if carrier == "dhl":
        # DHL Express waybills are 10 digits with a mod-7 check digit.
        return bool(re.fullmatch(r"\d{10}", n)) and int(n[:9]) % 7 == int(n[9])
    if carrier == "fedex":
        # FedEx Express 12 digits: weights 1,7,3 from the right over the first 11, mod 11 (10 -> 0).
        if not re.fullmatch(r"\d{12}", n):
            return False
        w = (1, 7, 3)
        s = sum(int(c) * w[i % 3] for i, c in enumerate(reversed(n[:11])))
        return s % 11 % 10 == int(n[11])
    return False
