"""Parse one raw message into a ``ParsedMessage`` (headers, body, attachments, reply split).

Parsing never raises for bad mail: every step runs on its own, and a step that fails leaves
its fields empty and adds a line to ``errors`` naming the source and what failed. The raw
bytes are always kept, so a later, better parser can re-run on them (STYLE lesson 3).
"""

from __future__ import annotations

import re
from email import message_from_bytes
from email.message import Message
from email.policy import compat32
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from tactful.errors import MailInputError
from tactful.mail.autoreply import is_auto_reply
from tactful.mail.body import extract_body
from tactful.mail.headers import decode_header, message_ids, parse_addresses, parse_date
from tactful.mail.htmltext import sanitize_html, text_to_html
from tactful.mail.quotes import split_reply
from tactful.mail.types import Address, ParsedMessage

# Headers kept on the ParsedMessage (decoded); others stay in ``raw``.
KEPT_HEADERS = ("from", "to", "cc", "reply-to", "subject", "date", "message-id", "in-reply-to",
                "references", "content-language", "auto-submitted", "precedence",
                "x-autoreply", "x-autorespond", "return-path", "sender", "x-mailer", "user-agent",
                "list-id", "x-failed-recipients", "content-type", "x-original-to", "delivered-to")


@lru_cache(maxsize=1)
def _language_hints() -> tuple[dict[str, str], dict[str, str]]:
    text = resources.files("tactful.mail").joinpath("data", "language_hints.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return ({k.lower(): v for k, v in data["charsets"].items()},
            {k.lower(): v for k, v in data["tags"].items()})


def language_hint(content_language: str, charsets: list[str]) -> str:
    """A language code from Content-Language, else from a charset that names one language."""
    by_charset, by_tag = _language_hints()
    tag = content_language.split(",")[0].strip().lower().replace("_", "-")
    if tag:
        return by_tag.get(tag) or by_tag.get("-".join(tag.split("-")[:2])) or tag.split("-")[0]
    for charset in charsets:
        if charset.lower() in by_charset:
            return by_charset[charset.lower()]
    return ""


def _raw_headers(message: Message) -> tuple[dict[str, str], list[str]]:
    """First value of each header (lower-case names), and every From value in order."""
    headers: dict[str, str] = {}
    froms: list[str] = []
    for name, value in message.raw_items():
        key = name.strip().lower()
        text = value if isinstance(value, str) else str(value)
        if key == "from":
            froms.append(text)
        if key not in headers:
            headers[key] = text
    return headers, froms


_HEADER_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]+[ \t]*:")
_LOOKAHEAD = 60


def repair_header_block(raw: bytes) -> tuple[bytes, list[str]]:
    """Fix header blocks the parser would misread: junk before the first header, and
    continuation lines a broken client forgot to indent (RFC 5322 2.2.3)."""
    head, sep, rest = raw.partition(b"\n\n") if b"\r\n\r\n" not in raw[:65536] else raw.partition(b"\r\n\r\n")
    lines = head.splitlines(keepends=True)
    notes: list[str] = []
    start = 0
    while start < len(lines) and not (_HEADER_LINE.match(lines[start]) or lines[start].startswith(b"From ")):
        start += 1
    if start >= len(lines):
        return raw, []
    if start:
        notes.append(f"skipped {start} line(s) before the first header")
    fixed: list[bytes] = []
    for i in range(start, len(lines)):
        line = lines[i]
        if _HEADER_LINE.match(line) or line[:1] in (b" ", b"\t") or (i == start and line.startswith(b"From ")):
            fixed.append(line)
            continue
        if any(_HEADER_LINE.match(x) for x in lines[i + 1:i + _LOOKAHEAD]):
            fixed.append(b" " + line)
            if not any("not indented" in n for n in notes):
                notes.append("header continuation lines were not indented")
        else:
            # Headers ended without the blank line: the body starts here.
            notes.append("no blank line between header and body")
            ending = b"\r\n" if line.endswith(b"\r\n") else b"\n"
            return b"".join(fixed) + ending + b"".join(lines[i:]) + sep + rest, notes
    return b"".join(fixed) + sep + rest, notes


def _fallback_charset(message: Message) -> str | None:
    """The first declared body charset: raw 8-bit headers are usually in it."""
    for part in message.walk():
        charset = part.get_param("charset")
        if isinstance(charset, str) and charset:
            return charset
    return None


def _header_fields(message: Message, source: str, fields: dict, errors: list[str]) -> dict[str, str]:
    """Fill the header fields of a ParsedMessage into ``fields``; returns the raw headers."""
    headers, from_values = _raw_headers(message)
    fallback = _fallback_charset(message)
    errs: list[str] = []
    sender = Address()
    # First From with an address; else Reply-To, Sender, Return-Path (mail without From).
    for value in (*from_values, headers.get("reply-to"), headers.get("sender"), headers.get("return-path")):
        found, more = parse_addresses(value, fallback)
        errs += more
        with_address = [a for a in found if "@" in a.address]
        if with_address:
            sender = with_address[0]
            break
        if found and not sender.name:
            sender = found[0]
    fields["from_"] = sender
    for name, key in (("to", "to"), ("cc", "cc"), ("reply_to", "reply-to")):
        addresses, more = parse_addresses(headers.get(key), fallback)
        fields[name] = tuple(a for a in addresses if a.address or a.name)
        errs += more
    subject, more = decode_header(headers.get("subject"), fallback)
    fields["subject"] = subject.strip()
    errs += more
    fields["date"], more = parse_date(headers.get("date"))
    errs += more
    ids = message_ids(headers.get("message-id"))
    fields["message_id"] = ids[0] if ids else ""
    reply_ids = message_ids(headers.get("in-reply-to"))
    fields["in_reply_to"] = reply_ids[0] if reply_ids else ""
    fields["references"] = message_ids(headers.get("references"))
    errors.extend(f"{source}: {e}" for e in errs)
    kept = []
    for key in KEPT_HEADERS:
        if key in headers:
            value, _ = decode_header(headers[key], fallback)
            kept.append((key, value))
    fields["headers"] = tuple(kept)
    return headers


def parse_headers(raw: bytes, source: str = "<bytes>") -> ParsedMessage:
    """Only the header fields of a message (no body): cheap, for threading a large mailbox.

    ``raw`` is not kept on the result, so a whole mailbox of these fits in little memory.
    """
    errors: list[str] = []
    fields: dict = {}
    try:
        header_end = raw.find(b"\n\n")
        head = raw if header_end < 0 else raw[:header_end + 2]
        message = message_from_bytes(head, policy=compat32)
        _header_fields(message, source, fields, errors)
        fields.pop("headers", None)  # not needed for threading; keeps a big mailbox small
    except Exception as exc:  # noqa: BLE001
        errors.append(f"{source}: header decoding failed: {type(exc).__name__}: {exc}")
    return ParsedMessage(source=source, errors=tuple(errors), **fields)


def parse_bytes(raw: bytes, source: str = "<bytes>") -> ParsedMessage:
    """Parse one RFC 5322 message; never raises for malformed mail (see the module docstring)."""
    errors: list[str] = []

    def fail(step: str, exc: BaseException) -> None:
        errors.append(f"{source}: {step} failed: {type(exc).__name__}: {exc}")

    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise TypeError(f"parse_bytes needs bytes, got {type(raw).__name__}")
    raw = bytes(raw)
    try:
        message = message_from_bytes(raw, policy=compat32)
    except Exception as exc:  # noqa: BLE001 - the stdlib parser is lenient; keep going anyway
        fail("MIME parsing", exc)
        return ParsedMessage(source=source, raw=raw, text=raw.decode("utf-8", "replace"),
                             new_text=raw.decode("utf-8", "replace"), errors=tuple(errors))
    if any(type(d).__name__ in ("MissingHeaderBodySeparatorDefect", "MisplacedEnvelopeHeaderDefect")
           for d in message.defects) or not message.keys():
        repaired, notes = repair_header_block(raw)
        if notes:
            errors.extend(f"{source}: header block repaired: {n}" for n in notes)
            message = message_from_bytes(repaired, policy=compat32)
    fields: dict = {}
    headers: dict[str, str] = {}
    try:
        headers = _header_fields(message, source, fields, errors)
    except Exception as exc:  # noqa: BLE001 - one bad header must not lose the body
        fail("header decoding", exc)
    body = None
    try:
        body = extract_body(message)
        errors.extend(f"{source}: {e}" for e in body.errors)
        fields["attachments"] = tuple(body.attachments)
        fields["text"] = body.text
    except Exception as exc:  # noqa: BLE001
        fail("body decoding", exc)
        fields["text"] = raw.decode("utf-8", "replace")
    try:
        if body is not None and body.html:
            fields["html_sanitized"] = sanitize_html(body.html)
        elif fields.get("text"):
            fields["html_sanitized"] = text_to_html(fields["text"])
    except Exception as exc:  # noqa: BLE001
        fail("HTML sanitising", exc)
    try:
        split = split_reply(fields.get("text", ""), sender_name=fields.get("from_", Address()).name)
        fields.update(new_text=split.new_text, quoted_text=split.quoted_text, signature=split.signature)
    except Exception as exc:  # noqa: BLE001
        fail("quote splitting", exc)
        fields["new_text"] = fields.get("text", "")
    try:
        fields["language_hint"] = language_hint(
            decode_header(headers.get("content-language", ""))[0], body.charsets if body else [])
        fields["is_auto_reply"] = is_auto_reply(
            headers, subject=fields.get("subject", ""), sender=fields.get("from_", Address()).address,
            content_type=message.get_content_type(), report=bool(body and body.report))
    except Exception as exc:  # noqa: BLE001
        fail("classification", exc)
    return ParsedMessage(source=source, raw=raw, errors=tuple(errors), **fields)


def parse_file(path: str | Path) -> ParsedMessage:
    """Parse one .eml (or any single-message) file; a missing file is a ``MailInputError``."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except FileNotFoundError as exc:
        raise MailInputError("no such file", path=str(file)) from exc
    except IsADirectoryError as exc:
        raise MailInputError("is a directory; use iter_messages for folders", path=str(file)) from exc
    except OSError as exc:
        raise MailInputError(f"cannot read: {exc.strerror or exc}", path=str(file)) from exc
    return parse_bytes(raw, source=str(file))
