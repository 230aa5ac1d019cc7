"""READ-SECRET: find the card numbers, security codes, passwords and bank credentials a customer pasted.

Precision matters more than anything here: masking an order number as a "card" would hide the
very fact the answer needs. So a card number must be Luhn-valid, inside a real issuer range,
written in a grouping people actually use, and not introduced by an order, parcel or phone cue.
Codes, expiry dates, passwords and logins are only taken right after their cue word (or right
after a card). Cue words for all served languages live in ``data/facts/<language>.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from tactful.understand import facts_data
from tactful.understand.types import SERVED_LANGUAGES, Secret

__all__ = ["find_secrets", "mask_secrets", "luhn_valid", "iban_valid", "is_card_number"]

# Digits in groups separated by one space or dash; boundaries keep us out of URLs, ids, hex.
# ASCII boundaries: Chinese writes "卡号6212..." with no space before the digits.
_DIGIT_RUN = re.compile(r"(?<![A-Za-z0-9./=&?%+#-])\d(?:[ \-]?\d){11,22}(?![A-Za-z0-9/=%])(?![.,]\d)")
_EXPIRY = r"(0[1-9]|1[0-2])\s?[/.-]\s?(\d{2}|20\d{2})(?!\d)"
_SEP = r"[\s:=：\-]*"
_VALUE_TRAIL = ".,;:!?)]}\"'”’»"


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check every payment card number carries."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _in_issuer_range(digits: str) -> bool:
    for low, high, lengths in facts_data.load("secrets")["card_ranges"]:
        width = len(str(low))
        if len(digits) in lengths and low <= int(digits[:width]) <= high:
            return True
    return False


def is_card_number(digits: str) -> bool:
    """True for a Luhn-valid number of 12-19 digits inside a real card issuer range."""
    return 12 <= len(digits) <= 19 and luhn_valid(digits) and _in_issuer_range(digits)


def iban_valid(compact: str) -> bool:
    """ISO 13616: right length for the country and the mod-97 check equals 1."""
    lengths = facts_data.load("secrets")["iban_lengths"]
    if len(compact) != lengths.get(compact[:2], -1):
        return False
    moved = compact[4:] + compact[:4]
    try:
        number = int("".join(str(int(ch, 36)) for ch in moved))
    except ValueError:
        return False
    return number % 97 == 1


@lru_cache(maxsize=None)
def _cues() -> dict[str, re.Pattern[str]]:
    """Compiled cue patterns over every served language (a secret is a secret in any language)."""
    merged: dict[str, list[str]] = {}
    for lang in SERVED_LANGUAGES:
        for key, vals in (facts_data.lexicon(lang).get("secrets") or {}).items():
            merged.setdefault(key, []).extend(vals or ())
    # A number introduced as an order, parcel, phone, barcode or serial number is not a card.
    for section in ("order_cues", "tracking_cues", "phone_cues", "sku_cues"):
        merged.setdefault("not_card", []).extend(facts_data.words(section))
    out_not_card = re.compile(facts_data.alternation(merged["not_card"]), re.IGNORECASE)
    out = {key: re.compile(facts_data.alternation(vals), re.IGNORECASE) for key, vals in merged.items()
           if key not in ("not_values", "pin", "not_card")}
    # "PIN" is only a cue in capitals; "pin" is also a brooch or a hair pin.
    out["not_card"] = out_not_card
    out["pin"] = re.compile(facts_data.alternation(merged.get("pin", ())))
    # Any case, but then only as "pin: 1234" / "pin=1234".
    out["pin_colon"] = re.compile(facts_data.alternation(merged.get("pin", ())) + r"[ \t]*[:=：][ \t]*(\d{4,8})(?!\d)",
                                  re.IGNORECASE)
    out["not_values"] = frozenset(v.lower() for v in merged.get("not_values", ()))  # type: ignore[assignment]
    # After a Chinese cue: its "is" (是, 為, 係 ...) or a colon, then an ASCII value, spaces optional.
    out["cjk_value_sep"] = re.compile(r"[ \t]*(?:" + facts_data.alternation(
        [w for w in merged["assign"] if facts_data.is_cjk(w)] + [":", "："]) + r")?[ \t]*(?=[!-~])")
    # After a bank named between a login cue and its value ("логин в Т-Банке ..."): the rest of
    # the bank's word, then a colon, "is" or a space before the value.
    out["after_bank"] = re.compile(r"[^\s:：,，]*[ \t]*(?:[:：][ \t]*|[ \t]*(?:" + out["assign"].pattern
                                   + r")[ \t]+|(?<=[ \t]))")
    return out


def _groupings() -> set[tuple[int, ...]]:
    return {tuple(g) for g in facts_data.load("secrets")["card_groupings"]}


def _nearest_cue_is_card(text: str, start: int) -> bool | None:
    """Which cue introduces the number at ``start``: True card, False order/parcel/phone, None none.

    Only the current line, up to 48 characters back, counts: the nearest cue wins.
    """
    line_start = text.rfind("\n", 0, start) + 1
    window_start = max(line_start, start - 48)
    window = text[window_start:start]
    best_card = max((m.end() for m in _cues()["card"].finditer(window)), default=-1)
    best_other = max((m.end() for m in _cues()["not_card"].finditer(window)), default=-1)
    if best_card < 0 and best_other < 0:
        return None
    return best_card > best_other


def _phone_prefixed(text: str, start: int) -> bool:
    """A number right after "+49 " or "(0)" is a phone number, whatever its digits say."""
    before = text[max(0, start - 8):start]
    return bool(re.search(r"(\+\d{1,3}|\(0\)|\(\d{1,4}\))[\s-]?$", before))


def _cards(text: str) -> list[Secret]:
    found: list[Secret] = []
    shapes = _groupings()
    for m in _DIGIT_RUN.finditer(text):
        run = m.group(0)
        groups = re.split(r"[ \-]", run)
        seps = set(re.findall(r"[ \-]", run))
        if len(seps) > 1 or _phone_prefixed(text, m.start()):
            continue
        # A card may be followed by its expiry or code on the same line: try shorter prefixes.
        for k in range(len(groups), 0, -1):
            head = groups[:k]
            digits = "".join(head)
            if k > 1 and tuple(len(g) for g in head) not in shapes:
                continue
            if k == 1 and not (13 <= len(digits) <= 19):
                continue
            rest = groups[k:]
            # Only a security code may follow on the same run ("4111 ... 1111 123"); a longer
            # run ("4242-4242-4242-4242-4242") is some other reference number.
            if rest and (len(rest) > 1 or len(rest[0]) > 4 or "-" in seps):
                continue
            if not is_card_number(digits):
                continue
            if _nearest_cue_is_card(text, m.start()) is False:
                break
            end = m.start() + len(" ".join(head))
            found.append(Secret("card_number", m.start(), end))
            break
    return found


def _value_span(text: str, start: int, limit: int = 64) -> tuple[int, int] | None:
    """The span of one pasted value (no spaces) starting at ``start``, trailing punctuation cut."""
    # A value ends at white space, and at CJK text or punctuation ("密码 dm1987abc，麻烦…").
    m = re.compile(r"[^\s<>\u3000-\u303f\u4e00-\u9fff\uff0c\uff1a\uff1b\uff01\uff1f\uff08\uff09]{1,%d}" % limit
                   ).match(text, start)
    if not m:
        return None
    end = m.end()
    while end > start and text[end - 1] in _VALUE_TRAIL:
        end -= 1
    lead = start
    while lead < end and text[lead] in "\"'“‘«":
        lead += 1
    return (lead, end) if end > lead else None


def _looks_like_value(value: str) -> bool:
    """Reject placeholders and ordinary words that follow a cue in a sentence."""
    low = value.lower()
    if low in _cues()["not_values"]:  # type: ignore[operator]
        return False
    if set(value) <= set("*xX•●·.-_#?"):
        return False
    if value.startswith("[") or value.startswith("http") or "@" in value and "." in value.split("@")[-1]:
        return False
    return len(value) >= 3


def _looks_generated(value: str) -> bool:
    """A digit, a symbol or a capital inside the word: not a word of the sentence."""
    if re.fullmatch(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", value) and not re.search(r"(?<=\w)[A-ZА-Я]", value):
        return False                       # a word, "doesn't" or "self-service": part of the sentence
    return bool(re.search(r"\d|[^\w'’-]|_", value) or re.search(r"(?<=\w)[A-ZА-Я]", value))


def _after_cue(text: str, cue: re.Pattern[str], assign: re.Pattern[str], kind: str,
               value_re: re.Pattern[str] | None = None, allow_space: bool = False) -> list[Secret]:
    """Secrets written as '<cue>: value' or '<cue> is value' (in any served language)."""
    out: list[Secret] = []
    for m in cue.finditer(text):
        pos = m.end()
        sep = re.compile(r"[ \t]*(?:[:=：][ \t]*|[ \t]+(?:" + assign.pattern + r")[ \t]*[:：]?[ \t]*)"
                         ).match(text, pos)
        if sep is None and kind in ("password", "bank_login") and facts_data.is_cjk(m.group(0)):
            # "密码是 abc123", "密碼係 Mongkok#2026" (Cantonese), "登入帳號是 pai_yh0815".
            sep = _cues()["cjk_value_sep"].match(text, pos)
        if sep is None:
            # "parole Ziema#2025", "安全码 802": a value straight after the cue, no colon.
            sep = re.compile(r"[ \t\u3000]+" if not allow_space else r"[ \t\u3000]*").match(text, pos)
        if sep is None:
            continue
        start = sep.end()
        by_word = not re.search(r"[:=：]", sep.group(0)) and kind in ("password", "bank_login")
        if value_re is not None:
            vm = value_re.match(text, start)
            if vm:
                out.append(Secret(kind, vm.start(1), vm.end(1)))
            continue
        span = _value_span(text, start)
        if span and _looks_like_value(text[span[0]:span[1]]):
            quoted = start < span[0]
            # "my password is denied" is a sentence; "my password is Tr0ub4dor" is a secret.
            if by_word and not quoted and not _looks_generated(text[span[0]:span[1]]):
                continue
            out.append(Secret(kind, *span))
    return out


# "parool peaks olema õige: Kevad2026!": a few words between the cue and the colon.
_WORDS_TO_COLON = re.compile(r"(?:[ \t]+[^\W\d_]+){1,4}[ \t]*[:：][ \t]*")


def _after_words(text: str, cue: re.Pattern[str], kind: str) -> list[Secret]:
    """A value after '<cue> <up to four words>:' that looks generated (a digit, a symbol or an
    inner capital), so "the password doesn't work: please help" is still a sentence."""
    out: list[Secret] = []
    for m in cue.finditer(text):
        sep = _WORDS_TO_COLON.match(text, m.end())
        if sep is None:
            continue
        span = _value_span(text, sep.end())
        if span and _looks_like_value(text[span[0]:span[1]]) and _looks_generated(text[span[0]:span[1]]):
            out.append(Secret(kind, *span))
    return out


def _near(spans: Iterable[Secret], pos: int, distance: int) -> bool:
    return any(s.start - distance <= pos <= s.end + distance for s in spans)


def _card_tail(text: str, cards: Sequence[Secret]) -> list[Secret]:
    """Expiry and security code typed right after a card number: '4111 ... 1111 09/27 123'."""
    out: list[Secret] = []
    for card in cards:
        pos = card.end
        exp = re.compile(r"[\s,;/|，；、]*(?:[^\W\d]{1,12}\.?[\s:]*){0,2}" + _EXPIRY).match(text, pos)
        if exp:
            out.append(Secret("card_expiry", exp.start(1), exp.end(2)))
            pos = exp.end()
        code = re.compile(r"[\s,;/|，；、]*(?:[^\W\d]{1,12}\.?[\s:]*){0,2}(\d{3,4})(?![\d/]|[.,-]\d)").match(text, pos)
        if code and text.count("\n", card.end, code.start(1)) <= 1:
            out.append(Secret("cvv", code.start(1), code.end(1)))
    return out


def find_secrets(text: str) -> tuple[Secret, ...]:
    """Every secret in ``text``, in order of appearance, as non-overlapping spans (READ-SECRET)."""
    return _find_secrets(text)


@lru_cache(maxsize=256)
def _find_secrets(text: str) -> tuple[Secret, ...]:
    # Cached: the analysis asks twice for the same text (facts skip secret spans; masking).
    cues = _cues()
    assign = cues["assign"]
    cards = _cards(text)
    found: list[Secret] = list(cards) + _card_tail(text, cards)
    found += _after_cue(text, cues["cvv"], assign, "cvv", re.compile(r"(\d{3,4})(?![\d/]|[.,-]\d)"), allow_space=True)
    expiries = _after_cue(text, cues["expiry"], assign, "card_expiry", re.compile(r"(" + _EXPIRY + r")"),
                          allow_space=True)
    found += [e for e in expiries if cards or any(s.kind == "cvv" for s in found)]
    found += _after_cue(text, cues["password"], assign, "password")
    found += _after_words(text, cues["password"], "password")
    found += _after_cue(text, cues["pin"], assign, "pin", re.compile(r"(\d{4,8})(?!\d)"))
    found += [Secret("pin", m.start(1), m.end(1)) for m in cues["pin_colon"].finditer(text)]
    found += _logins(text, found)
    found += _ibans(text)
    return _resolve(found)


def _logins(text: str, found: Sequence[Secret]) -> list[Secret]:
    """A user name is a secret in an online-banking context (a shop login name is not)."""
    cues = _cues()
    out: list[Secret] = []
    for s in _after_cue(text, cues["login"], cues["assign"], "bank_login"):
        if cues["bank"].search(text, max(0, s.start - 160), min(len(text), s.end + 160)):
            out.append(s)
    return out + _login_at_bank(text)


def _login_at_bank(text: str) -> list[Secret]:
    """'логин в Т-Банке vbelyaev1967', 'login at Swedbank ab12cd': the bank named between the cue
    and a value that looks generated (a digit, a symbol or an inner capital)."""
    cues = _cues()
    out: list[Secret] = []
    for m in cues["login"].finditer(text):
        bank = cues["bank"].search(text, m.end(), m.end() + 30)
        if bank is None or re.search(r"[.!?。！？\n]", text[m.end():bank.start()]):
            continue
        sep = cues["after_bank"].match(text, bank.end())
        span = _value_span(text, sep.end()) if sep else None
        if span and _looks_like_value(text[span[0]:span[1]]) and _looks_generated(text[span[0]:span[1]]):
            out.append(Secret("bank_login", *span))
    return out


# Any case: "de89 3704 ..." typed in lower case is still an IBAN (the mod-97 check keeps it safe).
_IBAN_RUN = re.compile(r"(?<![\w])([A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){10,30})(?![\w])")


def _ibans(text: str) -> list[Secret]:
    out: list[Secret] = []
    lengths = facts_data.load("secrets")["iban_lengths"]
    for m in _IBAN_RUN.finditer(text):
        run = m.group(1)
        want = lengths.get(run[:2].upper())
        if not want:
            continue
        # Walk the run until it holds the country's IBAN length (it may run into the next word).
        count, end = 0, m.start(1)
        for i, ch in enumerate(run):
            if ch != " ":
                count += 1
            if count == want:
                end = m.start(1) + i + 1
                break
        if count != want:
            continue
        compact = text[m.start(1):end].replace(" ", "").upper()
        if iban_valid(compact) and not text[end:end + 1].isalnum():
            out.append(Secret("iban", m.start(1), end))
    return out


def _resolve(found: Iterable[Secret]) -> tuple[Secret, ...]:
    """Order by position; where spans overlap keep the earlier-found, stronger kind."""
    rank = {"card_number": 0, "iban": 1, "cvv": 2, "card_expiry": 3, "pin": 4, "password": 5,
            "bank_login": 6, "login": 7}
    kept: list[Secret] = []
    for s in sorted(set(found), key=lambda s: (rank.get(s.kind, 9), s.start)):
        if s.end > s.start and not any(s.start < k.end and k.start < s.end for k in kept):
            kept.append(s)
    return tuple(sorted(kept, key=lambda s: s.start))


def mask_secrets(text: str, secrets: Iterable[Secret]) -> str:
    """``text`` with every secret replaced by a marker; cards keep their last four digits."""
    markers = facts_data.load("secrets")["markers"]
    out = text
    for s in sorted(secrets, key=lambda s: s.start, reverse=True):
        value = text[s.start:s.end]
        compact = re.sub(r"[\s-]", "", value)
        marker = markers.get(s.kind, "[secret removed]").format(last4=compact[-4:])
        out = out[:s.start] + marker + out[s.end:]
    return out
