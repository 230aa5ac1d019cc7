"""H3 / READ-SECRET for stored raw bytes: mask secrets in place, keeping every other byte.

The issue asks to keep the original bytes losslessly; H3 says secrets are masked before
storage. We resolve it so: the stored raw message is the original byte for byte, except that
each character of a secret the customer pasted is replaced by ``*`` in place (same length, so
MIME structure, offsets and line lengths are unchanged). Base64 parts are decoded, masked and
re-encoded with the same line length. ``Message.raw_masked`` records how many secrets were
masked. A secret that cannot be found in the raw bytes (an exotic encoding) makes the whole body
unsafe to keep: ``mask_raw`` then reports it and the caller stores the headers only.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

_B64_BLOCK = re.compile(rb"(?:[A-Za-z0-9+/]{4}){8,}[A-Za-z0-9+/=]*(?:\r?\n(?:[A-Za-z0-9+/]{4})+[A-Za-z0-9+/=]*)*")
MASK = "*"


@dataclass(frozen=True)
class MaskResult:
    raw: bytes
    masked: int              # secrets masked (counted once each)
    unfound: tuple[str, ...]  # secret kinds that were not found in the raw bytes


def _masked_value(value: str) -> str:
    """Mask every character except spaces and separators, keeping the length in characters."""
    return "".join(ch if ch in " -./\t" else MASK for ch in value)


def _variants(value: str) -> list[tuple[bytes, bytes]]:
    """(needle, replacement) byte pairs for the encodings a text part may use."""
    masked = _masked_value(value)
    out = []
    for enc in ("utf-8", "latin-1", "utf-16-le"):
        try:
            needle = value.encode(enc)
        except UnicodeEncodeError:
            continue
        # Replacement must keep the byte length: mask byte-for-byte by character.
        repl = b"".join(
            ch.encode(enc) if ch == m else MASK.encode(enc) * len(ch.encode(enc))
            for ch, m in zip(value, masked))
        out.append((needle, repl))
    return out


def _mask_plain(data: bytes, values: list[str]) -> tuple[bytes, set[str]]:
    """Replace whole-token occurrences only: a CVV "123" must not mask order "LL-10123"."""
    found: set[str] = set()
    for value in values:
        for needle, repl in _variants(value):
            if not needle:
                continue
            pattern = re.compile(rb"(?<![A-Za-z0-9])" + re.escape(needle) + rb"(?![A-Za-z0-9])")
            data, n = pattern.subn(lambda _m, r=repl: r, data)
            if n:
                found.add(value)
    return data, found


def _mask_base64(data: bytes, values: list[str]) -> tuple[bytes, set[str]]:
    found: set[str] = set()

    def fix(match: re.Match) -> bytes:
        block = match.group(0)
        newline = b"\r\n" if b"\r\n" in block else b"\n"
        lines = block.split(newline)
        width = len(lines[0])
        try:
            decoded = base64.b64decode(b"".join(lines), validate=True)
        except (binascii.Error, ValueError):
            return block
        changed, hit = _mask_plain(decoded, values)
        if not hit:
            return block
        found.update(hit)
        encoded = base64.b64encode(changed)
        return newline.join(encoded[i:i + width] for i in range(0, len(encoded), width))

    return _B64_BLOCK.sub(fix, data), found


def mask_raw(raw: bytes, secret_values: list[tuple[str, str]]) -> MaskResult:
    """Mask each ``(kind, value)`` secret wherever it occurs in ``raw`` (plain or base64)."""
    values = [v for _k, v in secret_values if v and v.strip()]
    if not values:
        return MaskResult(raw, 0, ())
    data, found = _mask_plain(raw, values)
    data, found64 = _mask_base64(data, values)
    found |= found64
    unfound = tuple(k for k, v in secret_values if v and v.strip() and v not in found)
    return MaskResult(data, len(found), unfound)


def headers_only(raw: bytes) -> bytes:
    """The header block of ``raw`` plus a note: used when a secret could not be masked in place."""
    for sep in (b"\r\n\r\n", b"\n\n"):
        if sep in raw:
            head = raw.split(sep, 1)[0]
            return head + sep + b"[tactful: body withheld because a secret could not be masked (H3)]\n"
    return b"[tactful: message withheld because a secret could not be masked (H3)]\n"
