"""VOLUME (PLAYBOOK §7): when the desk is swamped, drafts are concise -- every part the review
requires, none of the optional personal touches -- and the agent is told VOLUME mode is on."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from tactful.compose import compose, context_for
from tactful.compose.phrases import LANGUAGES, phrasebook
from tactful.compose.writer import concise_style
from tactful.desk.models import Draft, Review
from tactful.desk.volume import is_high
from tactful.mail import iter_messages, parse_file
from tactful.review import review
from tactful.samples import INBOX_DIR

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def sample_drafts(shop):
    """Every sample email (ten languages): its analysis, full draft and concise draft, reviewed."""
    from tactful.understand import analyze_many
    analyses = [a for a in analyze_many(list(iter_messages([INBOX_DIR])), context_for(shop)) if not a.duplicate_of]
    out = []
    for a in analyses:
        full = compose(a, shop, now=NOW)
        concise = compose(a, shop, now=NOW, concise=True)
        out.append((a, full, concise, review(full.body, a, shop=shop, sent_at=NOW),
                    review(concise.body, a, shop=shop, sent_at=NOW)))
    return out


def left_out_sentences(language: str) -> set[str]:
    """Every variant of every phrase the concise style leaves out, in ``language`` (placeholders cut)."""
    book = phrasebook(language)
    return {v.split("{")[0].strip() for key in concise_style().leave_out for v in book.variants(key)
            if v.split("{")[0].strip()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_concise_drafts_pass_the_review_in_every_language(sample_drafts, language):
    cases = [c for c in sample_drafts if c[1].language == language]
    assert cases, f"no sample email in {language}"
    for analysis, full, concise, full_verdict, verdict in cases:
        name = analysis.source.rsplit("/", 1)[-1]
        assert verdict.passed, (name, [f.to_json() for f in verdict.findings])
        assert verdict.score >= full_verdict.score, (name, verdict.score, full_verdict.score)
        # Still greeted, thanked, answered item by item, asked what is missing, signed.
        sections = [s.section for s in concise.plan]
        assert sections[0] == "greeting" and sections[-1] == "signoff" and "thanks" in sections
        assert [s.item_index for s in concise.plan if s.section == "answer"] == \
               [s.item_index for s in full.plan if s.section == "answer"]
        assert ("ask" in sections) == ("ask" in [s.section for s in full.plan])
        assert len(concise.body) <= len(full.body)
        for sentence in left_out_sentences(concise.language):
            assert sentence not in concise.body, (name, sentence)
        assert concise.facts_used.get("concise") is True


def test_concise_drops_the_touches_and_keeps_the_answers(sample_drafts):
    by_name = {a.source.rsplit("/", 1)[-1]: (full, concise) for a, full, concise, _fv, _v in sample_drafts}
    full, concise = by_name["004-en-damaged.eml"]       # an upset customer: empathy + options
    assert "rest assured" in full.body or "stay with it until it is solved" in full.body
    assert "rest assured" not in concise.body and "stay with it until it is solved" not in concise.body
    assert "sorry" in concise.body                          # EMPATHY itself stays
    assert [s.text for s in concise.plan if s.section == "options"] == \
           [s.text for s in full.plan if s.section == "options"]
    full, concise = by_name["074-pt-review.eml"]         # a happy reviewer: invited to review, with the link
    assert "lindenloom.example/review" in full.body and "lindenloom.example/review" not in concise.body
    shorter = sum(len(c.body) < len(f.body) for f, c in by_name.values())
    assert shorter >= len(by_name) // 2


def test_volume_is_high_when_either_trigger_reaches_its_threshold():
    assert not is_high(299, 199, open_threshold=300, waiting_threshold=200)
    assert is_high(300, 0, open_threshold=300, waiting_threshold=200)
    assert is_high(0, 200, open_threshold=300, waiting_threshold=200)
    assert not is_high(10_000, 10_000, open_threshold=0, waiting_threshold=0)      # both triggers off


def test_a_swamped_desk_writes_concise_drafts_and_says_so(desk):
    files = sorted(INBOX_DIR.glob("*-damaged.eml"))
    desk.pipeline = None                                    # the real stages
    desk.settings = dataclasses.replace(desk.settings, volume_open_tickets=len(files), volume_waiting_messages=0)
    desk.import_messages([parse_file(f) for f in files])
    assert desk.volume(fresh=True).on
    assert "VOLUME mode on" in desk.volume().describe() and f"{len(files)} open tickets unanswered" in desk.volume().describe()
    report = desk.process()
    assert report.drafted == len(files) and report.failed == 0
    with desk.session() as s:
        drafts = list(s.scalars(select(Draft)))
        assert drafts and all(d.concise for d in drafts)
        assert all(r.passed for r in s.scalars(select(Review)))
        assert not any("rest assured" in d.body for d in drafts)


def test_a_calm_desk_writes_full_drafts(desk):
    desk.pipeline = None
    desk.import_messages([parse_file(INBOX_DIR / "004-en-damaged.eml")])
    assert not desk.volume(fresh=True).on and desk.volume().describe() == ""
    desk.process()
    with desk.session() as s:
        draft = s.scalars(select(Draft)).one()
        assert not draft.concise


def test_the_agent_sees_volume_mode_in_tickets_sla_handover_and_the_web(db_url, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from desk_fakes import msg
    from tactful.cli.main import cli
    from tactful.desk.app import Desk
    from tactful.desk.config import load_settings
    from tactful.samples import SHOP_DIR
    from tactful.web.desk_app import make_app

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TACTFUL_DATABASE_URL", db_url[0])
    if db_url[1]:
        monkeypatch.setenv("TACTFUL_DATABASE_SCHEMA", db_url[1])
    monkeypatch.setenv("TACTFUL_SHOP_DIR", str(SHOP_DIR))
    monkeypatch.setenv("TACTFUL_VOLUME_OPEN_TICKETS", "3")
    desk = Desk(load_settings(), schema=db_url[1])
    desk.import_messages([msg(sender=f"v{i}@example.com", msgid=f"<v{i}@x>", body="Which size?") for i in range(2)])
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output
    assert "VOLUME" not in run("tickets") and json.loads(run("sla", "--json"))["volume"]["on"] is False
    desk.import_messages([msg(sender="v9@example.com", msgid="<v9@x>", body="Which size?")])
    assert "VOLUME mode on: 3 open tickets unanswered (threshold 3)" in run("tickets")
    assert "VOLUME mode on" in run("sla") and "VOLUME mode on" in run("handover")
    assert json.loads(run("sla", "--json"))["volume"] == {"on": True, "open_unanswered": 3, "waiting": 3,
                                                          "open_threshold": 3, "waiting_threshold": 200}
    from wsgiref.util import setup_testing_defaults
    environ = {"PATH_INFO": "/", "QUERY_STRING": ""}
    setup_testing_defaults(environ)
    body = b"".join(make_app(desk)(environ, lambda *a: None)).decode()
    assert "VOLUME mode on" in body and "concise" in body
    desk.engine.dispose()
