"""Decode header values: RFC 2047 encoded words (also broken ones), addresses, dates, ids.

Clients break RFC 2047 in many ways: encoded words glued to text, spaces inside them, a
multi-byte character split over two words, missing base64 padding, raw 8-bit bytes. We decode
adjacent words of one charset together (so split characters join up), tolerate the
rest, and report what we could not read instead of dropping it.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime, timezone
from email.utils import getaddresses, parsedate_to_datetime

from tactful.mail.charsets import codec_for, decode_bytes, most_plausible
from tactful.mail.types import Address

# =?charset?B|Q?text?=  -- text may contain spaces (a common client bug), never "?=".
ENCODED_WORD = re.compile(r"=\?([^?\s]{1,60})\?([bBqQ])\?(.*?)\?=", re.S)
FOLD = re.compile(r"\r?\n(?=[ \t])")
_QP_HEX = re.compile(rb"=([0-9A-Fa-f]{2})")


def unfold(value: str) -> str:
    """Undo header folding (RFC 5322 2.2.3) and drop stray line breaks."""
    return FOLD.sub("", value).replace("\r", "").replace("\n", " ")


# A 7-bit body charset says which 8-bit one the same client uses in raw headers.
_FAMILY = {"iso2022_jp_ext": ("cp932", "euc_jp"), "iso2022_jp": ("cp932", "euc_jp"),
           "iso2022_kr": ("cp949",), "hz": ("gb18030",)}
_HEADER_GUESSES = ("cp1252", "cp932", "gb18030", "big5hkscs", "cp1251", "koi8_r", "cp949")


def raw_to_text(value: str, fallback_charset: str | None = None) -> tuple[str, str]:
    """Turn a header string that may hold surrogate-escaped 8-bit bytes into real text.

    Raw 8-bit headers (RFC 6532 allows UTF-8; old clients send their local charset) carry
    no label: try UTF-8, then the body's charset and common legacy charsets, and keep the
    decoding whose non-ASCII characters are most plausibly letters.
    """
    if value.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value, ""
    data = value.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    first = codec_for(fallback_charset)
    family = _FAMILY.get(first or "", ())
    best = most_plausible(data, ((first,) if first and first != "utf-8" else ()) + family + _HEADER_GUESSES)
    if best is not None:
        return best[2], ""
    decoded = decode_bytes(data, fallback_charset or "utf-8")
    return decoded.text, ("8-bit header: " + decoded.error) if decoded.error else ""


def _word_bytes(encoding: str, payload: str) -> bytes:
    if encoding in "bB":
        compact = re.sub(r"[^A-Za-z0-9+/=_-]", "", payload).rstrip("=")
        compact = compact.replace("-", "+").replace("_", "/")
        compact += "=" * (-len(compact) % 4)
        try:
            return base64.b64decode(compact)
        except (binascii.Error, ValueError):
            return base64.b64decode(compact[: len(compact) // 4 * 4] or b"")
    data = payload.replace("_", " ").encode("latin-1", "replace")
    return _QP_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def decode_header(value: str | None, fallback_charset: str | None = None) -> tuple[str, list[str]]:
    """Decode a raw header value into text; returns (text, defects)."""
    if not value:
        return "", []
    errors: list[str] = []
    text = unfold(str(value))
    text, err = raw_to_text(text, fallback_charset)
    if err:
        errors.append(err)
    if "=?" not in text:
        return text, errors
    out: list[str] = []
    pending: list[bytes] = []
    pending_charset: str | None = None
    pos = 0

    def flush() -> None:
        nonlocal pending, pending_charset
        if pending:
            decoded = decode_bytes(b"".join(pending), pending_charset)
            if decoded.error:
                errors.append("header: " + decoded.error)
            out.append(decoded.text)
        pending, pending_charset = [], None

    def out_ends_with_word(parts: list[str], position: int) -> bool:
        return position > 0 and text[:position].endswith("?=") and bool(parts)

    for match in ENCODED_WORD.finditer(text):
        between = text[pos:match.start()]
        charset = match.group(1).split("*", 1)[0].lower()
        # RFC 2047 6.2: whitespace between adjacent encoded words is ignored.
        if between and not between.isspace():
            flush()
            out.append(between)
        elif between and not pending and not out_ends_with_word(out, pos):
            out.append(between)
        # else: whitespace between two encoded words is dropped (RFC 2047 6.2)
        if pending and pending_charset != charset:
            flush()
        try:
            pending.append(_word_bytes(match.group(2), match.group(3)))
            pending_charset = charset
        except Exception as exc:  # noqa: BLE001 - keep the word as written
            flush()
            errors.append(f"header: bad encoded word {match.group(0)[:40]!r}: {exc}")
            out.append(match.group(0))
        pos = match.end()
    flush()
    out.append(text[pos:])
    return "".join(out), errors


def _getaddresses(value: str) -> list[tuple[str, str]]:
    # Python 3.11.10+/3.12.6+ parse strictly by default and give ('', '') for the malformed
    # lists real mail carries; we want the lenient reading and repair what it returns.
    try:
        return getaddresses([value], strict=False)
    except TypeError:  # older Pythons have no ``strict`` and are lenient already
        return getaddresses([value])


_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*")
_COMMENT = re.compile(r"\s*\([^()]*\)\s*")


def _one_address(name: str, address: str, raw_piece: str, words: list[str],
                 fallback_charset: str | None, errors: list[str]) -> Address | None:
    def restore(text: str) -> str:
        return re.sub(r"\x1a(\d+)\x1a", lambda m: words[int(m.group(1))], text)

    name, address = restore(name), restore(address)
    name, name_errors = decode_header(name, fallback_charset)
    errors.extend(name_errors)
    address = address.strip().strip("<>").strip()
    address_as_written = address
    if "=?" in address:  # an encoded word in the address part
        address, _ = decode_header(address, fallback_charset)
    bracketed = f"<{address_as_written}>" in restore(raw_piece)
    if "@" not in address or (any(ch.isspace() for ch in address) and not bracketed):
        # "Name (user@example.com)" or "Name user@example.com": the address hides in the text.
        found = _EMAIL.search(restore(raw_piece))
        if found:
            text, _ = decode_header(restore(raw_piece).replace(found.group(0), " "), fallback_charset)
            name = text if not name or "@" in name or name == address else name
            name = name.replace("()", " ").replace("<>", " ")
            address = found.group(0)
    elif not name.strip():
        rest = restore(raw_piece).replace(address_as_written, " ")
        rest = re.sub(r"[<>()\"]", " ", rest).strip()
        if rest:
            name, _ = decode_header(rest, fallback_charset)
    name = " ".join(name.split()).strip("\"' ")
    if address and "@" in address and _COMMENT.search(name) and _COMMENT.sub(" ", name).strip() \
            and '"' not in raw_piece:
        name = _COMMENT.sub(" ", name).strip()  # RFC 5322 comments are not part of the name
    if not address and not name:
        return None
    if not address and "@" in name and " " not in name:
        name, address = "", name
    return Address(name, address)


def parse_addresses(value: str | None, fallback_charset: str | None = None) -> tuple[tuple[Address, ...], list[str]]:
    """Parse an address-list header (names decoded, addresses kept as written)."""
    if not value:
        return (), []
    errors: list[str] = []
    raw = unfold(str(value))
    raw, err = raw_to_text(raw, fallback_charset)
    if err:
        errors.append(err)
    # Encoded words may hold commas or quotes once decoded ("=?..?Q?B=FCrling,=20A?="):
    # hide them from the address parser, and decode them per name afterwards.
    words: list[str] = []

    def hide(match: re.Match[str]) -> str:
        words.append(match.group(0))
        return f"\x1a{len(words) - 1}\x1a"

    hidden = ENCODED_WORD.sub(hide, raw)
    result: list[Address] = []
    try:
        pairs = _getaddresses(hidden)
    except Exception as exc:  # noqa: BLE001 - malformed lists must not stop the message
        errors.append(f"address list unreadable: {exc}")
        pairs = []
    pieces = [p for p in re.split(r",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", hidden) if p.strip()]
    for index, (name, address) in enumerate(pairs):
        piece = pieces[index] if len(pieces) == len(pairs) else hidden
        item = _one_address(name, address, piece, words, fallback_charset, errors)
        if item is not None:
            result.append(item)
    if not result and raw.strip():
        # getaddresses gave up: keep the best-effort decoded text as a name, never lose it.
        text, _ = decode_header(raw, fallback_charset)
        match = _EMAIL.search(text)
        result.append(Address(text.replace(match.group(0), "").strip(" <>\"'()") if match else text.strip(),
                              match.group(0) if match else ""))
    return tuple(result), errors


_TZ_FIX = re.compile(r"\s+([A-Z]{3,4}|[+-]\d{4})\s*\(.*\)\s*$")


def parse_date(value: str | None) -> tuple[datetime | None, list[str]]:
    """Parse a Date header into an aware datetime (UTC when the zone is missing)."""
    if not value:
        return None, []
    text = unfold(str(value)).strip()
    candidates = [text, _TZ_FIX.sub(r" \1", text),
                  # mail: "Date: Tue, 1 Jan 2019 12:00:00 +0100Received: ..." -- cut the glue.
                  re.split(r"(?<=\d)(?=[A-Z][a-z]+-?[A-Za-z]*:)", text)[0]]
    for candidate in candidates:
        try:
            parsed = parsedate_to_datetime(candidate)
        except (TypeError, ValueError, IndexError, OverflowError):
            parsed = None
        if parsed is not None:
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=timezone.utc)
            return parsed, []
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M"):
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)), []
    return None, [f"date unreadable: {text[:60]!r}"]


MSGID = re.compile(r"<([^<>\s]+)>")


def message_ids(value: str | None) -> tuple[str, ...]:
    """The message ids in a Message-ID / In-Reply-To / References header, without brackets."""
    if not value:
        return ()
    text, _ = raw_to_text(unfold(str(value)))
    ids = MSGID.findall(text)
    if not ids:
        # Broken clients omit the brackets; keep tokens that look like ids.
        ids = [token.strip("<>,;") for token in text.split() if "@" in token]
    seen: dict[str, None] = {}
    for item in ids:
        seen.setdefault(item, None)
    return tuple(seen)
