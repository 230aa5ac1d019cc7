"""CPython's own MIME edge cases: every message parses without an exception, nothing is lost."""

from __future__ import annotations

import pytest

from mail_corpus import CORPORA, lost_words
from tactful.mail import parse_bytes

FILES = sorted((CORPORA / "cpython-test-email" / "Lib" / "test" / "test_email" / "data").glob("msg_*.txt"))


def test_corpus_is_there():
    assert len(FILES) == 48


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_cpython_message_parses(path):
    raw = path.read_bytes()
    message = parse_bytes(raw, source=path.name)
    assert message.raw == raw
    assert not any("failed" in e for e in message.errors), message.errors
    # Every word of every text part is in the text, the HTML copy or an attachment.
    assert not lost_words(message)
