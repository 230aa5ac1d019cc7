"""Zammad's 115 real problem mails: sender, recipients, subject, body and attachments as expected.

Fields are compared the way ../shared/corpora/zammad-mail/SOURCE.md describes (addresses and
names exactly, the body loosely as words). Where Zammad's own expected value is itself a
decoding error, the case is a strict xfail naming why, so a change in either side shows up.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from mail_corpus import load_zammad_expected, zammad_cases, zammad_checks
from tactful.mail import parse_file

FIELDS = ("from_email", "from_display_name", "subject", "to", "cc", "attachments", "body")

UTF7 = "Zammad keeps the UTF-7 text undecoded (+ANw-...); we decode it (Übermittlungsstatus)"
KNOWN_DIFFERENCES = {
    ("mail018", "subject"): UTF7,
    ("mail018", "body"): UTF7,
    ("mail035", "from_email"): "From is only a quoted name that looks like an address; Zammad keeps the "
                               "quotes in the address, we read the bare address",
    ("mail046", "from_display_name"): "raw GB2312 bytes in From: Zammad's expected name is mojibake "
                                      "(ÎäŔźłÉ); we decode 武兰成",
    ("mail060", "body"): "UTF-8 and Latin-1 bytes mixed in one part: Zammad's expected body is mojibake; "
                         "we read each run in its own charset",
    ("mail064", "attachments"): "decomposed (NFD) filename: Zammad's expected name is mangled ('eì'); we keep 'é'",
    ("mail065", "from_display_name"): "an unquoted encoded word holds a comma: Zammad splits the name "
                                      "('=20Andreas?='), we decode 'Bürling, Andreas'",
    ("mail076", "from_email"): "broken From '\"name\"@example.com>': Zammad keeps the stray '>'",
    ("mail076", "from_display_name"): "broken From '\"name\"@example.com>': Zammad makes a name of it",
    ("mail085", "attachments"): "Apple Mail splits the HTML body in two parts: we join them as the body, "
                                "Zammad files the second as 'document.html'",
    ("mail087", "from_email"): "'From: Test test@example.com' (no brackets): Zammad keeps it whole as the "
                               "address, we split name and address",
    ("mail087", "from_display_name"): "'From: Test test@example.com': we read the name 'Test'",
    ("mail087", "attachments"): "a text part after the PDF: we read it as body text, Zammad as a file",
}


@lru_cache(maxsize=None)
def _parsed(box: str):
    return parse_file(box)


@lru_cache(maxsize=None)
def _checks(box: str) -> dict:
    from pathlib import Path

    return zammad_checks(_parsed(box), load_zammad_expected(Path(box).with_suffix(".yml")))


def _cases():
    for box, yml in zammad_cases():
        has_cc = any(line.startswith("cc:") for line in yml.read_text(encoding="utf-8").splitlines())
        for field in FIELDS:
            if field == "cc" and not has_cc:
                continue
            marks = ()
            reason = KNOWN_DIFFERENCES.get((box.stem, field))
            if reason:
                marks = (pytest.mark.xfail(reason=reason, strict=True),)
            yield pytest.param(str(box), field, id=f"{box.stem}-{field}", marks=marks)


@pytest.mark.parametrize("box, field", list(_cases()))
def test_zammad_field(box, field):
    ok, want, got = _checks(box)[field]
    assert ok, f"{field}: expected {want!r}, got {got!r}"


@pytest.mark.parametrize("box", [str(b) for b, _ in zammad_cases()], ids=lambda b: b.rsplit("/", 1)[-1])
def test_zammad_parses_and_keeps_raw(box):
    message = _parsed(box)
    with open(box, "rb") as handle:
        assert message.raw == handle.read()
    assert not any("failed" in e for e in message.errors), message.errors


def test_corpus_is_complete():
    # 106 mails of the main snapshot plus 9 upstream additions; a missing ../shared fails here.
    assert len(zammad_cases()) == 115
