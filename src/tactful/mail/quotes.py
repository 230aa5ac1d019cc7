"""Split a reply into the customer's new text, the quoted history and the signature (READ-WHOLE).

Clients mark quoted history in three ways, all handled here with the per-language cues of
``tactful.mail.cues``:

* a quote header line ("On ... wrote:", "Am ... schrieb:", "在 ... 写道：", possibly wrapped
  over two or three lines) or a framed separator ("-----Original Message-----",
  "------------------ 原始邮件 ------------------", "Begin forwarded message:");
* a header block (Outlook's From/Sent/To/Subject in the client's language);
* "> " quote marks. A quoted block only counts as history when nothing new follows it:
  interleaved answers ("> question" then the answer) stay in the new text, as in GitHub's
  email_reply_parser.

The signature is then cut from the end of the new text: a "-- " delimiter, a "Sent from my
..." line, a closing ("Best regards," / "Mit freundlichen Grüßen" / "此致") followed by a few
short lines or a company footer, the sender's own name, or a block of contact details.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tactful.mail.cues import cues

HARD_DELIMITER = re.compile(r"^(--|ᐧ|-- --)$")
SOFT_DELIMITER = re.compile(r"^([-_=*#~+]\s?){2,}$")
DASH_NAME = re.compile(r"^([-—–~/]\s?[^\W\d_][\w.' -]{0,30}|[—–])$")
RULE_LINE = re.compile(r"^\s*[-_=*—]{4,}\s*$")
DATE_OR_TIME = re.compile(r"\d{1,4}[:./-]\d{1,2}|\d{4}|@|\d{1,2}\s*(am|pm)\b|年|月", re.I)

MAX_SIGNATURE_LINES = 12
SOFT_KINDS = ("closing", "sender", "contact", "dash-name")


@dataclass(frozen=True)
class Split:
    """The three parts of a reply and how each boundary was found (for tests and debugging)."""

    new_text: str
    quoted_text: str
    signature: str
    quote_kind: str = ""      # "header", "separator", "header-block", "quote-marks" or ""
    signature_kind: str = ""  # "delimiter", "mobile", "closing", "sender", "contact", "dash-name" or ""
    # The sign-off at the head of a signature ("Best regards,\nAnna", "-Anna") up to any
    # "-- " or "Sent from my ..." line: the part a reader sees as the end of the message.
    signoff: str = ""

    @property
    def visible_text(self) -> str:
        """The new text with its sign-off, as a mail client shows a reply without history."""
        return f"{self.new_text}\n{self.signoff}".strip("\n") if self.signoff else self.new_text


QUOTE_MARK = re.compile(r"^\s*(>|\|(\s|$)|[A-Za-z]{1,3}>)")
# Gmail's date-only header: "2016-03-03 17:21 GMT+01:00 Some One <a@b.c>:" / "2013/7/20 Sam <a@b.c>"
DATE_HEADER = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b.{0,40}?(\d{1,2}:\d{2}.{0,20}?GMT[+-]\d{1,2}:?\d{2}\b.{0,250}"
                         r"|\s.{0,200}<?[\w.+-]+@[\w-]+\.[\w.-]+>?\s*:?)$")


# Any language: a date or time, then an e-mail address right before the final colon
# ("30.09.2017, 18.30, "John" <john@x.com>:", "ср, 30 апр. 2025 г. в 15:19, John <j@x.com>:").
ADDRESS_HEADER = re.compile(r"^.{0,250}?[<\[(]?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s?[>\])]?\s*[:：]$")


def _is_quoted(line: str) -> bool:
    return bool(QUOTE_MARK.match(line))


def _is_wrapped_quote(lines: list[str], j: int) -> bool:
    """An unquoted line that a client wrapped off the end of a long quoted line."""
    previous = lines[j - 1].strip() if j > 0 else ""
    if not previous or not _is_quoted(previous) or len(previous) < 50 or len(lines[j]) > 100:
        return False
    following = lines[j + 1].strip() if j + 1 < len(lines) else ""
    return not following or _is_quoted(following)


def _unquote(line: str) -> str:
    return QUOTE_MARK.sub("", line, count=1).strip()


def _nonblank_after(lines: list[str], index: int) -> int | None:
    for j in range(index, len(lines)):
        if lines[j].strip():
            return j
    return None


def _rest_quoted_table(lines: list[str]) -> list[bool]:
    """For each index: is every non-blank line from there on quoted (a signature may follow)?

    Built in one backward pass, so labelling stays linear on long mails with many quotes.
    """
    c = cues()
    n = len(lines)
    table = [True] * (n + 1)
    nonblank_after = 0  # non-blank lines from k to the end
    for k in range(n - 1, -1, -1):
        stripped = lines[k].strip()
        if stripped:
            nonblank_after += 1
        if not stripped or _is_quoted(stripped) or _is_wrapped_quote(lines, k):
            table[k] = table[k + 1]
        elif HARD_DELIMITER.match(stripped) or SOFT_DELIMITER.match(stripped) or c.mobile.search(stripped):
            # A signature or list footer after the quote: still a trailing quote.
            table[k] = nonblank_after <= MAX_SIGNATURE_LINES
        else:
            table[k] = False
    return table


def _wrote_header(lines: list[str], i: int) -> int | None:
    """If a quote header starts at line ``i``, the index of its last line (wrapped headers)."""
    c = cues()
    first = lines[i].strip().strip("-").strip()
    if len(first) > 300:
        return None
    # Cheap test first: a header ends with a colon or a "wrote" verb within a few lines,
    # or starts with a date (Gmail's "2016-03-03 17:21 GMT+01:00 Name"). Most lines do neither.
    window = lines[i:i + 7]
    if not first[:1].isdigit() and not any(_ends_like_header(x) for x in window):
        return None
    candidates = [(i, first)]
    joined = first
    k = i + 1
    # Clients wrap long headers, sometimes with blank lines and stray "<" / "> wrote:" pieces.
    while k < len(lines) and k <= i + 6 and len(joined) <= 300:
        piece = lines[k].strip()
        if piece and cues().leader.match(piece):
            break  # another header starts: this one did not end where we look
        if not piece and k > i + 1:
            blanks = sum(1 for x in lines[i + 1:k] if not x.strip())
            if blanks >= 1:
                break
        if piece and _is_quoted(piece) and len(_unquote(piece)) > 20:
            break  # only a stray "> wrote:" piece of a header is joined, never quoted text
        if piece:
            if joined.endswith("="):  # quoted-printable soft line break left in the text
                joined = joined[:-1] + piece
            else:
                joined = f"{joined} {piece.lstrip('>').strip().strip('-').strip()}"
            candidates.append((k, joined))
        elif k > i + 1 and not lines[k - 1].strip():
            break
        k += 1
    leader = bool(cues().leader.match(first))
    crossed_blank = False
    for end, text in candidates:
        wrapped = end > i
        if wrapped:
            crossed_blank = crossed_blank or not lines[end - 1].strip()
            # A wrapped header must start like one; across blank lines only with a leader word.
            if not (leader or (DATE_OR_TIME.search(first) and not crossed_blank)):
                break
        if DATE_HEADER.match(text):
            nxt = _nonblank_after(lines, end + 1)
            if "GMT" in text or text.endswith(":") or (nxt is not None and _is_quoted(lines[nxt])):
                return end
        if not (text.endswith((":", "：")) or cues().verb_end.search(text[-40:])):
            continue
        if ADDRESS_HEADER.match(text) and DATE_OR_TIME.search(text.split("@", 1)[0]) and \
                re.search(r"\d", text.split("@", 1)[0]):
            return end
        if c.wrote.search(text):
            if not wrapped or DATE_OR_TIME.search(text):
                return end
        elif c.wrote_weak.search(text) and not wrapped:
            nxt = _nonblank_after(lines, end + 1)
            supported = DATE_OR_TIME.search(text) or (nxt is not None and _is_quoted(lines[nxt]))
            if supported and (not wrapped or DATE_OR_TIME.search(text)):
                return end
    return None


def _ends_like_header(line: str) -> bool:
    tail = line.strip().strip("-").rstrip()[-40:]  # Zoho: "---- On ... wrote ----"
    return tail.endswith((":", "：", "=")) or bool(cues().verb_end.search(tail))


def _header_block(lines: list[str], i: int) -> bool:
    """Outlook-style "From: / Sent: / To: / Subject:" block starting at line ``i``."""
    c = cues()
    if not c.header_from.match(lines[i].strip().lstrip("> ")):
        return False
    fields = 0
    seen = 0
    for j in range(i + 1, min(len(lines), i + 12)):
        stripped = lines[j].strip().lstrip("> ")
        if not stripped:
            continue
        seen += 1
        if c.header_field.match(stripped):
            fields += 1
        elif seen > 2 and fields == 0:
            break
        if fields >= 2:
            return True
        if seen >= 7:
            break
    # One more field is enough right after a separator line ("_____" then From:/Sent:).
    previous = next((lines[k].strip() for k in range(i - 1, -1, -1) if lines[k].strip()), "")
    return fields >= 1 and bool(RULE_LINE.match(previous) or c.separator.match(previous))


def _back_over_rules(lines: list[str], i: int) -> int:
    """Include the rule lines and blanks that clients draw above a header block."""
    j = i
    while j > 0 and (not lines[j - 1].strip() or RULE_LINE.match(lines[j - 1])):
        j -= 1
    while j < i and not lines[j].strip():
        j += 1
    return j


def _header_block_end(lines: list[str], i: int) -> int:
    """Last line of the header block (or separator + header block) starting at ``i``."""
    j = i + 1
    while j < len(lines) and not lines[j].strip():  # blank lines after a separator
        j += 1
    if j >= len(lines) or not cues().header_field.match(lines[j].strip().lstrip("> ")):
        j = i + 1
    while j < len(lines) and lines[j].strip():
        j += 1
    return j - 1


def label_lines(lines: list[str]) -> tuple[list[bool], str]:
    """Mark each line as quoted history (True) or not; also say what marked the history.

    A quote header or header block after new text cuts everything below it. At the top of a
    mail (nothing new yet) only the header itself is history: what follows is either a
    forwarded mail the customer sends us as their message, or a bottom-posted quote.
    """
    c = cues()
    n = len(lines)
    quoted = [False] * n
    kind = ""
    rest_quoted = _rest_quoted_table(lines)
    seen_new = False
    after_header = False
    i = 0
    while i < n:
        stripped = lines[i].strip()
        if not stripped:
            i += 1
            continue
        if _is_quoted(stripped):
            j = i
            while j < n and (not lines[j].strip() or _is_quoted(lines[j].strip())):
                j += 1
            if rest_quoted[i]:
                starts_with_header = _wrote_header([_unquote(x) for x in lines[i:i + 7]], 0) is not None
                if seen_new or starts_with_header:
                    quoted[i:] = [True] * (n - i)
                    kind = kind or "quote-marks"
                return quoted, kind
            if not seen_new and after_header and not _interleaved(lines, j):
                # Bottom posting: header and quote first, the answer below. (With more
                # quote-then-answer pairs below, it is an interleaved reply: keep the quotes.)
                quoted[i:j] = [True] * (j - i)
                kind = kind or "quote-marks"
            i = j
            continue
        header_kind = ""
        end = i
        if c.separator.match(stripped) or c.intro.search(stripped):
            header_kind, end = "separator", _header_block_end(lines, i)
        elif _header_block(lines, i):
            header_kind, end = "header-block", _header_block_end(lines, i)
        else:
            wrote_end = _wrote_header(lines, i)
            if wrote_end is not None:
                header_kind, end = "header", wrote_end
        after_header = bool(header_kind)
        if not header_kind:
            seen_new = True
            i += 1
            continue
        kind = kind or header_kind
        nxt = _nonblank_after(lines, end + 1)
        follows_quote = nxt is not None and _is_quoted(lines[nxt])
        if seen_new and (not follows_quote or rest_quoted[nxt]):
            start = _back_over_rules(lines, i) if header_kind == "header-block" else i
            quoted[start:] = [True] * (n - start)
            return quoted, kind
        if follows_quote and rest_quoted[nxt]:
            quoted[i:] = [True] * (n - i)
            return quoted, kind
        # Only the header is history: interleaved answers, or a mail that starts with it.
        quoted[i:end + 1] = [True] * (end + 1 - i)
        i = end + 1
    return quoted, kind


def find_quote_start(lines: list[str]) -> tuple[int | None, str]:
    """Index of the first line of quoted history and how it was recognised."""
    quoted, kind = label_lines(lines)
    first = next((i for i, q in enumerate(quoted) if q), None)
    return first, kind


def _is_business_footer(lines: list[str], start: int) -> bool:
    """A long company signature after a closing: name, title, address, phone, register."""
    tail = [s.strip() for s in lines[start:] if s.strip()]
    return (0 < len(tail) <= 25 and all(len(s) <= 100 and not s.endswith("?") for s in tail)
            and sum(1 for s in tail if cues().contact.search(s)) >= 1)


def _interleaved(lines: list[str], start: int) -> bool:
    """True when, from ``start``, a quoted line is later followed by unquoted text."""
    quote_seen = False
    for line in lines[start:]:
        stripped = line.strip()
        if not stripped:
            continue
        if _is_quoted(stripped):
            quote_seen = True
        elif quote_seen:
            return True
    return False


def _tail_is_short(lines: list[str], start: int, max_lines: int, max_len: int) -> bool:
    tail = [s.strip() for s in lines[start:] if s.strip()]
    return len(tail) <= max_lines and all(len(s) <= max_len for s in tail)


def find_signature(lines: list[str], sender_name: str = "") -> tuple[int | None, str]:
    """Index of the first signature line in the new text, and which cue found it."""
    c = cues()
    nonblank = [i for i, s in enumerate(lines) if s.strip()]
    if len(nonblank) < 2:
        return None, ""
    first = nonblank[0]
    name = " ".join(sender_name.split()).lower()
    name_tokens = set(re.findall(r"[^\W\d_][\w'.-]*", name))
    window = nonblank[-MAX_SIGNATURE_LINES:]
    fenced = set()
    inside = False
    for i, line in enumerate(lines):
        if line.strip().startswith("```"):
            inside = not inside
            fenced.add(i)
        elif inside:
            fenced.add(i)
    # Every cue below allows at most 40 non-blank lines after it: look only there.
    for i in nonblank[1:][-41:]:
        stripped = lines[i].strip()
        if i in fenced:
            continue
        in_window = i >= window[0]
        if HARD_DELIMITER.match(stripped) and _tail_is_short(lines, i, 30, 200):
            return i, "delimiter"
        if SOFT_DELIMITER.match(stripped) and i > first and _tail_is_short(lines, i, 16, 80):
            return i, "delimiter"
        if c.mobile.search(stripped) and _tail_is_short(lines, i, 40, 200):
            return i, "mobile"
        if c.closing.match(stripped) and _is_business_footer(lines, i + 1):
            return i, "closing"
        if not in_window:
            continue
        if DASH_NAME.match(stripped) and i > first and not stripped.startswith("- "):
            after = next((lines[k].strip() for k in range(i + 1, len(lines)) if lines[k].strip()), "")
            if i >= nonblank[-min(3, len(nonblank))] or HARD_DELIMITER.match(after) or SOFT_DELIMITER.match(after):
                return i, "dash-name"
        if c.closing.match(stripped) and _tail_is_short(lines, i + 1, 6, 70):
            return i, "closing"

        if name and len(name) >= 3 and len(stripped) <= len(name) + 30 and _tail_is_short(lines, i, 8, 70):
            # "Sean O'Neil" signs a mail from "O'Neil, Sean": compare the words, not the order.
            line_tokens = set(re.findall(r"[^\W\d_][\w'.-]*", stripped.lower()))
            if stripped.lower().startswith(name) or (len(name_tokens) >= 2 and name_tokens <= line_tokens):
                return i, "sender"
        previous_blank = not lines[i - 1].strip()
        if previous_blank and _tail_is_short(lines, i, 8, 70):
            tail = [s for s in lines[i:] if s.strip()]
            contacts = sum(1 for s in tail if cues().contact.search(s))
            if len(tail) >= 2 and contacts >= 2 and contacts * 5 >= len(tail) * 2:
                return i, "contact"
    return None, ""


def _join(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n").rstrip()


def split_reply(text: str, *, sender_name: str = "") -> Split:
    """Split a plain-text reply into new text, quoted history and signature."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    quoted_flags, quote_kind = label_lines(lines)
    body = [line for line, q in zip(lines, quoted_flags) if not q]
    # Interleaved answers keep their "> " lines in the new text (the answers need them), and
    # the quoted history still lists every quoted line, in order.
    quoted = [line for line, q in zip(lines, quoted_flags) if q or _is_quoted(line)]
    sig_at, signature_kind = find_signature(body, sender_name)
    signature: list[str] = []
    if sig_at is not None:
        body, signature = body[:sig_at], body[sig_at:]
    new_text = _join(body)
    if not new_text.strip() and signature and not quoted:
        # Everything looked like a signature: it is the message, keep it as text.
        new_text, signature, signature_kind = _join(signature), [], ""
    signoff: list[str] = []
    if signature_kind in SOFT_KINDS:
        c = cues()
        for line in signature:
            stripped = line.strip()
            if signoff and (HARD_DELIMITER.match(stripped) or SOFT_DELIMITER.match(stripped)
                            or c.mobile.search(stripped)):
                break
            signoff.append(line)
    return Split(new_text=new_text.strip("\n"), quoted_text=_join(quoted),
                 signature=_join(signature), quote_kind=quote_kind, signature_kind=signature_kind,
                 signoff=_join(signoff))
