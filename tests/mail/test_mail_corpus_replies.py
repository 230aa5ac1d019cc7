"""Reply splitting on the reply-parser corpora: Discourse, talon and five email_reply_parser ports.

Discourse and talon ship expected outputs as files; the others kept theirs in test code, which
tests/data/mail/replies/*.yaml restates (see its README). Fixtures with no upstream
expectation must still split without error and leave a non-empty new text.
"""

from __future__ import annotations

import re
import time

import pytest

from mail_corpus import CORPORA, REPLY_SUITES, check_reply, reply_cases
from tactful.mail import html_to_text, parse_file, split_reply

DISCOURSE = CORPORA / "discourse-email-reply-trimmer" / "test"
TALON = CORPORA / "talon" / "tests" / "fixtures"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("name", sorted(p.name for p in (DISCOURSE / "emails").glob("*.txt")))
def test_discourse_trimmed(name):
    split = split_reply((DISCOURSE / "emails" / name).read_text(encoding="utf-8"))
    # Discourse keeps sign-offs ("Thanks,\nSome One") in the reply: compare the visible text.
    assert _squash(split.visible_text) == _squash((DISCOURSE / "trimmed" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(p.name for p in (DISCOURSE / "emails").glob("*.txt")))
def test_discourse_elided_is_kept(name):
    """What Discourse cuts is still in our quoted text or signature: nothing is thrown away."""
    split = split_reply((DISCOURSE / "emails" / name).read_text(encoding="utf-8"))
    elided = (DISCOURSE / "elided" / name).read_text(encoding="utf-8")
    def unquoted(text: str) -> str:  # Discourse rewrites "|" quote marks as ">": ignore both
        return _squash(re.sub(r"[>|]", " ", text))

    kept = unquoted(split.quoted_text + "\n" + split.signature)
    for line in elided.splitlines():
        if line.strip() and line.strip() not in split.visible_text:
            assert unquoted(line) in kept, line


def test_discourse_pathological_input_is_fast():
    text = (DISCOURSE / "matchers" / "does_not_contain_embedded_email.txt").read_text(encoding="utf-8")
    start = time.perf_counter()
    split_reply(text)
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize("path", sorted((TALON / "standard_replies").glob("*.eml")), ids=lambda p: p.name)
def test_talon_standard_replies(path):
    expected_file = path.with_name(path.stem + "_reply_text")
    expected = expected_file.read_text(encoding="utf-8") if expected_file.exists() else "Hello"
    message = parse_file(path)
    # talon's test strips the quotation only, so its expected reply keeps the signature.
    got = (message.new_text + "\n" + message.signature).strip()
    assert re.sub(r"\s+", "", got) == re.sub(r"\s+", "", expected)


@pytest.mark.parametrize("path", sorted((TALON / "html_replies").glob("*.html")), ids=lambda p: p.name)
def test_talon_html_replies(path):
    split = split_reply(html_to_text(path.read_text(encoding="utf-8", errors="replace")))
    assert re.sub(r"\s+", "", split.visible_text) == "Hi.Iamfine.Thanks,Alex"


SIGNATURES = TALON / "signature" / "emails" / "stripped"


@pytest.mark.parametrize("name", sorted(p.name[:-5] for p in SIGNATURES.glob("*_body")))
def test_talon_signatures(name):
    sender_file = SIGNATURES / f"{name}_sender"
    sender = sender_file.read_text(encoding="utf-8").strip() if sender_file.exists() else ""
    expected_file = SIGNATURES / f"{name}_signature"
    expected = expected_file.read_text(encoding="utf-8") if expected_file.exists() else ""
    split = split_reply((SIGNATURES / f"{name}_body").read_text(encoding="utf-8"), sender_name=sender)
    assert re.sub(r"\s+", "", split.signature) == re.sub(r"\s+", "", expected)


def _reply_params():
    for suite in REPLY_SUITES:
        for case_id, path, expectation in reply_cases(suite):
            marks = ()
            if expectation.get("xfail"):
                marks = (pytest.mark.xfail(reason=expectation["xfail"], strict=True),)
            yield pytest.param(path, expectation, id=f"{suite}-{case_id}", marks=marks)


@pytest.mark.parametrize("path, expectation", list(_reply_params()))
def test_reply_parser_fixture(path, expectation):
    start = time.perf_counter()
    problems = check_reply(path, expectation)
    assert not problems, problems
    assert time.perf_counter() - start < 3.0, "splitting must not backtrack badly"


def test_splitting_stays_linear_on_huge_mails():
    alternating = "\n".join(f"> question {i}" if i % 2 else f"answer {i}" for i in range(20000))
    plain = "\n".join(f"line {i} of a very long message" for i in range(20000))
    start = time.perf_counter()
    split_reply(alternating)
    split_reply(plain)
    assert time.perf_counter() - start < 6.0


def test_corpora_are_there():
    counts = {suite: len(reply_cases(suite)) for suite in REPLY_SUITES}
    assert counts["github"] >= 22 and counts["zapier"] >= 24 and counts["mail-parser-reply"] >= 47
    assert counts["crisp"] >= 90 and counts["willdurand"] >= 46
    assert len(list((DISCOURSE / "emails").glob("*.txt"))) == 64
    assert len(list((TALON / "html_replies").glob("*.html"))) == 9
