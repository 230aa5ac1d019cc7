"""Turn the bytes of a MIME part into text, whatever charset the sender claimed.

Real mail lies about its charset: GB2312 labels carry GBK/GB18030 characters, Big5 labels
carry HKSCS, "iso-8859-1" is really Windows-1252, and "us-ascii" parts hold UTF-8. We decode
with the widest superset of the declared charset first, then repair (UTF-8, then
charset-normalizer) and only as a last resort keep the text with U+FFFD replacement
characters -- recording a defect each time, never dropping text silently (STYLE lesson 9).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Declared label -> the codec we actually use (a superset of what the label names).
SUPERSETS: dict[str, str] = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "euc-cn": "gb18030", "cp936": "gb18030", "x-euc-cn": "gb18030", "chinese": "gb18030",
    "hz-gb-2312": "hz",
    "big5": "big5hkscs", "x-big5": "big5hkscs", "big5-hkscs": "big5hkscs", "cn-big5": "big5hkscs",
    "cp950": "big5hkscs",
    "ks_c_5601-1987": "cp949", "ks_c_5601": "cp949", "euc-kr": "cp949", "korean": "cp949",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "windows-31j": "cp932", "ms_kanji": "cp932",
    "iso-2022-jp": "iso2022_jp_ext", "csiso2022jp": "iso2022_jp_ext",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252", "us-ascii": "utf-8", "ascii": "utf-8", "ansi_x3.4-1968": "utf-8",
    "iso-8859-9": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874", "windows-874": "cp874",
    "iso-8859-8-i": "iso-8859-8", "iso-8859-6-i": "iso-8859-6", "utf8": "utf-8",
    "unicode-1-1-utf-7": "utf-7", "x-unicode-2-0-utf-7": "utf-7", "unicode-1-1-utf-8": "utf-8",
    "x-mac-roman": "mac_roman", "macintosh": "mac_roman", "x-mac-cyrillic": "mac_cyrillic",
    "koi8-r": "koi8_r", "koi8-u": "koi8_u", "cp-850": "cp850", "ibm850": "cp850", "ibm866": "cp866",
}

# Codecs to try next when the declared one fails: the same family, wider or older variants.
ALTERNATES: dict[str, tuple[str, ...]] = {
    "iso2022_jp_ext": ("cp50220", "iso2022_jp_2004", "iso2022_jp_3", "iso2022_jp_2"),
    "cp932": ("shift_jis_2004", "shift_jisx0213"),
    "euc_jp": ("euc_jis_2004", "euc_jisx0213"),
    "big5hkscs": ("cp950",),
}

# Labels that say nothing about the bytes: decode as if no charset was given.
MEANINGLESS = {"", "unknown", "unknown-8bit", "x-unknown", "8bit", "binary", "default",
               "charset", "none", "x-user-defined", "us", "auto", "_autodetect_all"}


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    chunk = error.object[error.start:error.end]
    return chunk.decode("cp1252", errors="replace"), error.end


_MIXED = "tactful-utf8-cp1252"
codecs.register_error(_MIXED, _cp1252_fallback)


def iso2022jp_as_cp932(data: bytes) -> str:
    """Decode ISO-2022-JP that uses Microsoft/NEC extensions (①, ㈱ ...; CP50220).

    Python's ISO-2022-JP codecs reject NEC row 13; we convert the JIS pairs to Shift_JIS and
    decode them as CP932, which has those characters.
    """
    out = bytearray()
    mode = "ascii"
    i = 0
    while i < len(data):
        if data[i] == 0x1B and i + 2 < len(data):
            seq = data[i + 1:i + 3]
            if seq in (b"$B", b"$@"):
                mode, i = "jis", i + 3
                continue
            if seq in (b"(B", b"(J"):
                mode, i = "ascii", i + 3
                continue
            if seq == b"(I":
                mode, i = "kana", i + 3
                continue
            if data[i + 1:i + 4] == b"$(D" or data[i + 1:i + 4] == b"$(Q" or data[i + 1:i + 4] == b"$(O":
                raise UnicodeDecodeError("iso2022_jp", data, i, i + 4, "unsupported JIS plane")
        byte = data[i]
        if mode == "jis" and byte > 0x20 and i + 1 < len(data):
            j1, j2 = byte, data[i + 1]
            s2 = j2 + (0x1F + (1 if j2 >= 0x60 else 0) if j1 % 2 else 0x7E)
            s1 = ((j1 - 0x21) >> 1) + 0x81
            if s1 > 0x9F:
                s1 += 0x40
            out += bytes((s1, s2))
            i += 2
            continue
        out.append(byte + 0x80 if mode == "kana" and 0x21 <= byte <= 0x5F else byte)
        i += 1
    return bytes(out).decode("cp932")


_SEVEN_BIT = {"utf-7", "iso2022_jp_ext", "iso2022_jp", "iso2022_kr", "hz"}

# Legacy charsets tried, in order, when the declared one fails and UTF-8 does not fit.
GUESSES = ("cp1252", "cp932", "gb18030", "big5hkscs", "cp1251", "koi8_r", "cp1257", "cp1250",
           "iso8859_15", "cp949")


LATIN_CODECS = {"cp1252", "cp1250", "cp1257", "iso8859_15", "iso8859_13", "iso8859_2", "latin_1"}
_WORD = re.compile(r"[^\W\d_]+")


def plausibility(text: str, codec: str = "") -> float:
    """How much ``text`` looks like real writing rather than mojibake (1.0 = fully plausible).

    Mojibake is full of symbols among its non-ASCII characters; it also makes words whose case
    flips inside ("зДРАВСТВУЙТЕ" is KOI8-R read as Windows-1251), and, read through a Latin
    charset, whole words of accented letters ("Ïðèâåò" is Cyrillic read as Windows-1252).
    """
    wide = [ch for ch in text if ord(ch) > 127]
    if not wide:
        return 1.0
    # Letters, and the punctuation of real writing (“quotes”, CJK 。，「」); not Latin-1 symbols.
    good = sum(1 for ch in wide if unicodedata.category(ch)[0] in "LM" or
               (0x2000 <= ord(ch) <= 0x206F or 0x3000 <= ord(ch) <= 0x303F or 0xFF01 <= ord(ch) <= 0xFF5E))
    score = good / len(wide)
    # Half-width katakana is rare in today's mail, and what GB2312 bytes become as Shift_JIS.
    score -= 0.5 * sum(1 for ch in wide if 0xFF61 <= ord(ch) <= 0xFF9F) / len(wide)
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if words:
        flipped = sum(1 for w in words if any(a.islower() and b.isupper() for a, b in zip(w, w[1:])))
        score -= 0.5 * flipped / len(words)
        # "cafй": Latin letters and Cyrillic in one word is Latin-1 text read as Windows-1251.
        mixed = sum(1 for w in words if any(ch.isascii() for ch in w) and any("\u0400" <= ch <= "\u04ff" for ch in w))
        score -= 0.6 * mixed / len(words)
        if codec in LATIN_CODECS:
            foreign = sum(1 for w in words if len(w) >= 3 and not any(ch.isascii() for ch in w))
            score -= 0.6 * foreign / len(words)
    return score


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the codec that produced it, and any defect met on the way."""

    text: str
    codec: str
    error: str = ""


@lru_cache(maxsize=512)
def codec_for(label: str | None) -> str | None:
    """The Python codec to use for a declared charset label, or None when unknown/meaningless."""
    name = (label or "").strip().strip("\"'").lower()
    if "*" in name:  # RFC 2231 language suffix: utf-8*en
        name = name.split("*", 1)[0]
    if name in MEANINGLESS:
        return None
    name = SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        # Some clients write "windows1252", "cp-1251", "utf_8" ...
        squashed = name.replace("_", "-")
        for candidate in (squashed, squashed.replace("windows", "cp").replace("-", ""),
                          squashed.replace("iso", "iso-").replace("--", "-")):
            candidate = SUPERSETS.get(candidate, candidate)
            try:
                return codecs.lookup(candidate).name
            except LookupError:
                continue
    return None


def _detect(data: bytes) -> str | None:
    """charset-normalizer's best guess for bytes that do not decode as declared."""
    from charset_normalizer import from_bytes  # imported lazily: only for broken parts

    best = from_bytes(data[:65536]).best()
    return best.encoding if best is not None else None


def most_plausible(data: bytes, codecs) -> tuple[float, str, str] | None:
    """(score, codec, text) of the decoding whose non-ASCII characters are most plausibly letters.

    Codecs are tried in order; a later one must beat the best so far by a clear margin, and a
    near-perfect score stops the search. None when no codec decodes the bytes.
    """
    best: tuple[float, str, str] | None = None
    for codec in codecs:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        score = plausibility(text, codec)
        if best is None or score > best[0] + 0.05:
            best = (score, codec, text)
        if score >= 0.999:
            break
    return best


def decode_bytes(data: bytes, label: str | None = None) -> Decoded:
    """Decode ``data`` declared as ``label``: superset codec, then repair, then replacement.

    The returned ``error`` is empty when the declared charset worked, else it says what was
    repaired or replaced (the caller records it on the message).
    """
    codec = codec_for(label)
    declared = (label or "").strip() or "none"
    if codec not in (None, "utf-8") and not data.isascii():
        # Valid UTF-8 with non-ASCII text is almost never anything else: a client that
        # labels UTF-8 as Latin-1 or GB2312 is far more common than such a coincidence.
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if sum(1 for ch in text if ord(ch) > 127) >= 1 and codec not in _SEVEN_BIT:
                return Decoded(text, "utf-8", f"charset repaired: declared {declared}, content is utf-8")
    if codec is not None:
        try:
            return Decoded(data.decode(codec), codec)
        except (UnicodeDecodeError, LookupError, ValueError):
            pass
        for alternate in ALTERNATES.get(codec, ()):
            try:
                if alternate == "cp50220":
                    return Decoded(iso2022jp_as_cp932(data), alternate)
                return Decoded(data.decode(alternate), alternate)
            except (UnicodeDecodeError, LookupError, ValueError):
                continue
    elif data.isascii():
        return Decoded(data.decode("ascii"), "ascii")
    # The declared charset failed (or was missing): UTF-8 is the most common truth.
    if codec != "utf-8":
        try:
            text = data.decode("utf-8")
            unlabelled = (label or "").strip().lower() in MEANINGLESS
            note = "" if unlabelled else f"charset repaired: declared {declared}, decoded as utf-8"
            return Decoded(text, "utf-8", note)
        except UnicodeDecodeError:
            pass
    # Mostly UTF-8 with some legacy bytes pasted in (one client, two charsets): read the
    # stray bytes as Windows-1252 rather than guessing a charset for the whole part.
    if not data.isascii():
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
        if good and good >= bad:
            mixed = data.decode("utf-8", errors=_MIXED)
            return Decoded(mixed, "utf-8", f"charset {declared}: mixed encodings, {bad} byte(s) "
                                           "that were not UTF-8 read as windows-1252")
    # Guess: charset-normalizer's answer for longer text, then the usual legacy charsets;
    # keep the decoding whose non-ASCII characters are most plausibly letters.
    candidates: list[str] = []
    if len(data) >= 256:
        try:
            detected = _detect(data)
        except Exception:  # noqa: BLE001 - detection is best effort
            detected = None
        if detected and (not detected.startswith("utf_16") and not detected.startswith("utf_32")
                         or b"\x00" in data):
            candidates.append(detected)
    candidates += [c for c in GUESSES if c != codec]
    best = most_plausible(data, candidates)
    if best is not None and best[0] >= 0.5:
        return Decoded(best[2], best[1], f"charset repaired: declared {declared}, detected {best[1]}")
    fallback = codec or "utf-8"
    text = data.decode(fallback, errors="replace")
    return Decoded(text, fallback,
                   f"charset {declared}: undecodable bytes replaced with U+FFFD ({fallback})")
