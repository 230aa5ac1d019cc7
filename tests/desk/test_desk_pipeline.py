"""The desk on the real stages (mail, understand, compose, review) and the bundled samples."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tactful.desk.models import Draft, Message, Review
from tactful.mail import parse_file
from tactful.samples import INBOX_DIR


@pytest.fixture
def real_desk(desk):
    desk.pipeline = None
    return desk


def test_pasted_card_details_never_reach_storage(real_desk):
    path = INBOX_DIR / "006-en-card-number.eml"
    original = path.read_bytes()
    result = real_desk.ingest(parse_file(path))
    real_desk.process()
    with real_desk.session() as s:
        m = s.get(Message, result.message_pk)
        assert len(m.raw) == len(original) and m.raw_masked >= 2
        for secret in (b"4111 1111 1111 1111", b"CVV: 123"):
            assert secret in original and secret not in m.raw
        assert b"LL-10241" in m.raw                       # the order number is kept
        stored_text = str(m.parsed) + str(m.analysis)
        assert "4111 1111 1111 1111" not in stored_text
        assert "payment.failed" in m.analysis["intents"]
        draft = s.scalars(select(Draft)).one()
        assert "4111" not in draft.body and "TF-000001" in draft.subject
        assert s.scalars(select(Review)).one().score >= 0


def test_sample_inbox_in_every_language_gets_a_reviewed_draft(real_desk):
    files = sorted(INBOX_DIR.glob("*.eml"))
    by_lang = {}
    for f in files:
        lang = f.name.split("-")[1]
        by_lang.setdefault(lang, f)
    real_desk.import_messages([parse_file(f) for f in by_lang.values()])
    report = real_desk.process()
    with real_desk.session() as s:
        from tactful.desk.models import JobRun
        errors = [r.detail for r in s.scalars(select(JobRun).where(JobRun.status == "failed"))]
    assert report.failed == 0, errors
    assert report.drafted + report.duplicates == len(by_lang)
    with real_desk.session() as s:
        langs = {d.language for d in s.scalars(select(Draft))}
    assert len(langs) >= 8


def test_real_read_dup_answers_a_resent_mail_once(real_desk):
    from desk_fakes import eml
    from tactful.mail import parse_bytes
    body = "Hello, my order LL-10241 has not arrived yet. Could you please check where it is?"
    real_desk.ingest(parse_bytes(eml(msgid="<once1@example.com>", subject="Order not arrived", body=body)))
    real_desk.process()
    real_desk.ingest(parse_bytes(eml(msgid="<once2@example.com>", subject="Order not arrived", body=body,
                                     date="Mon, 02 Mar 2026 08:04:00 +0000")))
    report = real_desk.process()
    assert report.duplicates == 1 and report.drafted == 0
    with real_desk.session() as s:
        assert len(list(s.scalars(select(Draft)))) == 1
