"""`tactful demo`, the README's main command: the whole desk on the sample shop and inbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tactful.cli.main import cli
from tactful.samples import INBOX_DIR


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(cli, ["demo", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (out / "drafts.jsonl").read_text(encoding="utf-8").splitlines()]
    return out, result.output, {r["file"]: r for r in records}


def test_every_sample_email_gets_a_ticket_and_a_reviewed_draft_or_a_reason(demo):
    out, output, records = demo
    emails = sorted(p.name for p in Path(INBOX_DIR).glob("*.eml"))
    assert sorted(records) == emails
    for name, r in records.items():
        assert r["ticket"].startswith("TF-"), name
        if r["body"] is None:
            assert r["skipped"].startswith("duplicate"), (name, r["skipped"])
        else:
            assert r["review"] is not None and r["review"]["passed"], (name, r["review"])
            # SUBJECT: the reply keeps the thread's subject and carries the desk's ticket reference.
            assert r["subject"] and f"[#{r['ticket']}]" in r["subject"], (name, r["subject"])
            text = (out / (Path(name).stem + ".txt")).read_text(encoding="utf-8")
            assert text.startswith(f"Subject: {r['subject']}\n\n") and r["body"] in text
    assert "passed the review" in output and "SLA-24" in output


def test_resent_email_is_answered_once_on_one_ticket(demo):
    # READ-DUP: 034 and 035 are the same question six minutes apart; 035 has the order number.
    _, _, records = demo
    a, b = records["034-es-duplicate-a.eml"], records["035-es-duplicate-b.eml"]
    assert a["body"] is None and a["skipped"] == "duplicate of 035-es-duplicate-b.eml"
    assert b["body"] and "7315053163" in b["body"]
    assert a["ticket"] == b["ticket"]


def test_the_desk_database_is_left_for_the_agent(demo, monkeypatch):
    out, _, records = demo
    monkeypatch.setenv("TACTFUL_DATABASE_URL", f"sqlite:///{out / 'desk.sqlite3'}")
    result = CliRunner().invoke(cli, ["tickets", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert listed and {t["ref"] for t in listed} <= {r["ticket"] for r in records.values()}
    priorities = [t["priority"] for t in listed]
    assert priorities == sorted(priorities, reverse=True)     # most urgent first
