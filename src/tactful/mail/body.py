"""Walk a MIME tree: pick the body text and HTML, collect attachments, keep forwarded mail.

multipart/alternative gives one body in two forms (we keep the plain text for reading and
the HTML for display); multipart/related carries a body and the images it shows inline;
message/rfc822 is a forwarded mail, kept as an attachment and, as text, after the body so
the quote splitter files it under the quoted history.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from email.message import Message

from tactful.mail.charsets import decode_bytes
from tactful.mail.headers import decode_header, parse_addresses, raw_to_text, unfold
from tactful.mail.htmltext import html_to_text
from tactful.mail.types import Attachment

FORWARD_SEPARATOR = "---------- Forwarded message ----------"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.I)
MAX_DEPTH = 30  # nested multiparts deeper than this are a bomb, not mail


@dataclass
class Segment:
    plain: str | None = None
    html: str | None = None


@dataclass
class Body:
    """What the walk found: text segments in order, attachments, forwarded mails, defects."""

    segments: list[Segment] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    forwarded: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    charsets: list[str] = field(default_factory=list)
    report: bool = False

    @property
    def text(self) -> str:
        parts = []
        for seg in self.segments:
            if seg.plain is not None and seg.plain.strip():
                parts.append(seg.plain)
            elif seg.html is not None:
                parts.append(html_to_text(seg.html))
        text = "\n\n".join(p.strip("\n") for p in parts if p.strip())
        for forwarded in self.forwarded:
            text = f"{text}\n\n{FORWARD_SEPARATOR}\n{forwarded}" if text else f"{FORWARD_SEPARATOR}\n{forwarded}"
        return text

    @property
    def html(self) -> str:
        return "\n".join(seg.html for seg in self.segments if seg.html)


def _payload_bytes(part: Message, body: Body, where: str) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except Exception as exc:  # noqa: BLE001 - a broken transfer encoding keeps the raw text
        body.errors.append(f"{where}: transfer decoding failed ({exc}); kept raw")
        raw = part.get_payload(decode=False)
        return raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
    if payload is None:
        return b""
    if isinstance(payload, str):  # pragma: no cover - compat32 returns bytes for leaves
        return payload.encode("utf-8", "surrogateescape")
    return payload


def _text_of(part: Message, body: Body, where: str) -> str:
    data = _payload_bytes(part, body, where)
    charset = part.get_param("charset")
    if isinstance(charset, tuple):  # RFC 2231 encoded parameter
        charset = charset[2]
    if not charset and part.get_content_subtype() == "html":
        found = _META_CHARSET.search(data[:4096])
        charset = found.group(1).decode("ascii", "replace") if found else None
    if charset:
        body.charsets.append(str(charset).lower())
    decoded = decode_bytes(data, charset)
    if decoded.error:
        body.errors.append(f"{where}: {decoded.error}")
    text = decoded.text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "")


def _raw_param(part: Message, header: str, param: str) -> str:
    """A parameter as written, 8-bit bytes still surrogate-escaped (the API replaces them)."""
    for key, value in part.raw_items():
        if key.lower() == header:
            found = re.search(r"(?i)(?:^|;)\s*" + param + r"\s*=\s*(\"(?:[^\"\\]|\\.)*\"|[^;]*)", str(value))
            if found:
                return unfold(found.group(1).strip().strip('"'))
    return ""


def _filename(part: Message, body: Body, where: str) -> str:
    try:
        name = part.get_filename() or ""
    except Exception as exc:  # noqa: BLE001 - a malformed RFC 2231 parameter
        body.errors.append(f"{where}: filename unreadable ({exc})")
        name = ""
    if not name:
        raw = part.get_param("name")
        if isinstance(raw, tuple):
            raw = raw[2]
        name = raw or ""
    if "\ufffd" in name or "?" in name and "=?" not in name:
        # Raw 8-bit bytes in the parameter: read them as written, then guess their charset.
        raw = _raw_param(part, "content-disposition", "filename") or _raw_param(part, "content-type", "name")
        if raw:
            name, note = raw_to_text(raw, part.get_param("charset") or body.charsets[0] if body.charsets else None)
            if note:
                body.errors.append(f"{where}: filename {note}")
    if "=?" in name:
        name, errs = decode_header(name)
        body.errors.extend(f"{where}: filename {e}" for e in errs)
    return name.strip().replace("\r", "").replace("\n", "")


# Names for parts that carry none (the convention Zammad and most desks use).
_EXTENSIONS = {"message/rfc822": ".eml", "message/delivery-status": ".txt"}
_GENERIC_NAMES = {"text/html": "document.html", "message/delivery-status": "delivery-status.txt",
                  "message/rfc822": "Undelivered Message.eml", "text/calendar": "calendar.ics"}


def _generic_name(part: Message, ctype: str) -> str:
    description = " ".join(str(part.get("Content-Description", "") or "").split())
    if ctype.startswith("message/") and description and len(description) <= 80 and "/" not in description:
        description, _ = decode_header(description)
        ext = _EXTENSIONS.get(ctype) or mimetypes.guess_extension(ctype) or ""
        return description if description.lower().endswith(ext.lower()) else description + ext
    cid = str(part.get("Content-ID", "") or "").strip().strip("<>").split("@", 1)[0]
    if cid and (re.fullmatch(r"[\w.-]{1,76}\.[A-Za-z]{2,4}", cid) or
                ctype.startswith("application/") and re.fullmatch(r"[\w.-]{1,80}", cid)):
        return cid  # Outlook and Apple name inline parts only in the Content-ID: image001.jpg@...
    if ctype in _GENERIC_NAMES:
        return _GENERIC_NAMES[ctype]
    kind = ctype.split("/", 1)[0]
    if kind in ("image", "video", "audio"):
        ext = mimetypes.guess_extension(ctype) or "." + ctype.split("/", 1)[1]
        return kind + ext
    return "file"


def _unique(name: str, taken: list[Attachment]) -> str:
    names = {a.filename for a in taken}
    if name not in names:
        return name
    # "scan.2018.png" -> "scan1.2018.png": the counter goes before the first dot, so
    # multi-part extensions (.tar.gz) stay intact.
    stem, dot, ext = name.partition(".")
    if not dot or not stem:
        stem, ext = name, ""
    for n in range(1, 10_000):
        candidate = f"{stem}{n}.{ext}" if ext else f"{stem}{n}"
        if candidate not in names:
            return candidate
    return name


def _disposition(part: Message) -> str:
    value = part.get("Content-Disposition", "")
    return str(value).split(";", 1)[0].strip().lower()


def _add_attachment(part: Message, body: Body, where: str, payload: bytes | None = None,
                    name: str = "", inline: bool | None = None) -> None:
    ctype = part.get_content_type()
    if payload is None:
        payload = _payload_bytes(part, body, where)
    name = _unique(name or _filename(part, body, where) or _generic_name(part, ctype), body.attachments)
    cid = str(part.get("Content-ID", "") or "").strip().strip("<>") or None
    if inline is None:
        disposition = _disposition(part)
        inline = disposition == "inline" or (not disposition and cid is not None)
    body.attachments.append(Attachment(filename=name, content_type=ctype, size=len(payload),
                                       inline=inline, content_id=cid, payload=payload))


def _forwarded(part: Message, body: Body, where: str, depth: int) -> None:
    """message/rfc822: keep the whole mail as an attachment and its text as quoted history."""
    inner_list = part.get_payload()
    inner = inner_list[0] if isinstance(inner_list, list) and inner_list else None
    if not isinstance(inner, Message):
        _add_attachment(part, body, where)
        return
    try:
        raw = inner.as_bytes()
    except Exception:  # noqa: BLE001 - re-serialising odd headers can fail; keep the text
        raw = str(inner).encode("utf-8", "surrogateescape")
    raw_subject = next((str(v) for k, v in inner.raw_items() if k.lower() == "subject"), "")
    subject, _ = decode_header(raw_subject, inner.get_param("charset") or
                               (body.charsets[0] if body.charsets else None))
    subject = " ".join(subject.split())
    safe = re.sub(r"[\\/\x00-\x1f]+", " ", subject).strip()[:120]
    _add_attachment(part, body, where, payload=raw, name=f"{safe}.eml" if safe else "",
                    inline=False)
    sub = Body()
    _walk(inner, sub, where + ".1", depth + 1)
    body.errors.extend(sub.errors)
    body.attachments.extend(sub.attachments)
    senders, _ = parse_addresses(str(inner.get("From", "") or ""))
    header = []
    if senders:
        sender = senders[0]
        header.append(f"From: {sender.name} <{sender.address}>" if sender.name else f"From: {sender.address}")
    if inner.get("Date"):
        header.append(f"Date: {inner.get('Date')}")
    if subject:
        header.append(f"Subject: {subject}")
    body.forwarded.append("\n".join(header) + "\n\n" + sub.text)


def _report(part: Message, body: Body, where: str) -> None:
    """A delivery or read report (RFC 3464/8098): machine text, kept as a text attachment."""
    body.report = True
    payload = part.get_payload()
    if isinstance(payload, list):
        data = "\n".join(str(m) for m in payload if isinstance(m, Message)).encode("utf-8", "surrogateescape")
    else:
        data = _payload_bytes(part, body, where)
    _add_attachment(part, body, where, payload=data, inline=False)


def _walk(part: Message, body: Body, where: str, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        body.errors.append(f"{where}: MIME nesting deeper than {MAX_DEPTH}; rest kept in raw only")
        return
    for defect in getattr(part, "defects", ()):
        body.errors.append(f"{where}: {type(defect).__name__}")
    ctype = part.get_content_type()
    # message/* parts hold parsed messages, so compat32 calls them multipart: check them first.
    if ctype == "message/rfc822" or ctype == "message/news":
        _forwarded(part, body, where, depth)
        return
    if ctype in ("message/delivery-status", "message/disposition-notification",
                 "message/feedback-report"):
        _report(part, body, where)
        return
    if part.is_multipart():
        children = [c for c in part.get_payload() if isinstance(c, Message)]
        subtype = part.get_content_subtype()
        if subtype == "report":
            body.report = True
        if subtype == "alternative":
            seg = Segment()
            for i, child in enumerate(children, 1):
                sub = Body()
                _walk(child, sub, f"{where}.{i}", depth + 1)
                body.errors.extend(sub.errors)
                body.attachments.extend(sub.attachments)
                body.forwarded.extend(sub.forwarded)
                body.charsets.extend(sub.charsets)
                plains = [s.plain for s in sub.segments if s.plain is not None]
                htmls = [s.html for s in sub.segments if s.html is not None]
                if plains and seg.plain is None:
                    seg.plain = "\n\n".join(plains)
                if htmls:
                    # The last (richest) HTML form wins (RFC 2046 5.1.4); Apple Mail splits
                    # one HTML body into several parts around attachments: keep them together.
                    seg.html = "\n".join(htmls)
            body.segments.append(seg)
            return
        if subtype == "related" and children:
            start = str(part.get_param("start") or "").strip("<>")
            root = next((c for c in children if start and str(c.get("Content-ID", "")).strip("<> ") == start),
                        children[0])
            _walk(root, body, f"{where}.1", depth + 1)
            for i, child in enumerate(children, 1):
                if child is not root:
                    if child.is_multipart():
                        _walk(child, body, f"{where}.{i}", depth + 1)
                    else:
                        _add_attachment(child, body, f"{where}.{i}",
                                        inline=_disposition(child) != "attachment")
            return
        if subtype == "signed" and children:
            _walk(children[0], body, f"{where}.1", depth + 1)
            for i, child in enumerate(children[1:], 2):
                _add_attachment(child, body, f"{where}.{i}")
            return
        for i, child in enumerate(children, 1):
            _walk(child, body, f"{where}.{i}", depth + 1)
        return
    disposition = _disposition(part)
    if ctype in ("text/plain", "text/html") and disposition != "attachment":
        filename = _filename(part, body, where) if part.get_param("name") or disposition else ""
        first_text = not body.segments
        if not filename or first_text or disposition == "inline" and ctype == "text/plain":
            text = _text_of(part, body, where)
            body.segments.append(Segment(plain=text) if ctype == "text/plain" else Segment(html=text))
            return
    _add_attachment(part, body, where)


def extract_body(message: Message) -> Body:
    """Walk ``message`` and return its body, attachments and defects."""
    body = Body()
    _walk(message, body, "part 1")
    return body
