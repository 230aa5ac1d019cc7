"""`tactful draft`, `tactful notify` and `tactful demo` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tactful.cli.main import cli
from tactful.samples import INBOX_DIR, SHOP_DIR


def run(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_draft_json_contract():
    out = run("draft", str(Path(INBOX_DIR) / "002-en-tracking.eml"), "--shop", str(SHOP_DIR),
              "--now", "2026-11-21T09:00:00Z", "--json")
    record = json.loads(out.splitlines()[0])
    for key in ("source", "message_id", "language", "subject", "body", "plan", "facts_used", "review"):
        assert key in record
    assert record["subject"].startswith("Re: ") and "[#T-" in record["subject"]
    assert record["facts_used"]["tracking_number"] in record["body"]
    assert {"section", "rules", "text"} <= set(record["plan"][0])
    assert {"score", "findings"} <= set(record["review"])


def test_draft_text_shows_review():
    out = run("draft", str(Path(INBOX_DIR) / "045-de-material.eml"), "--shop", str(SHOP_DIR),
              "--now", "2026-11-21T09:00:00Z")
    assert "Subject: Re:" in out and "-- review: score" in out and "Marta" in out


def test_notify_lists_due_notices():
    out = run("notify", "--shop", str(SHOP_DIR), "--now", "2026-11-21T09:00:00Z", "--json")
    notices = [json.loads(line) for line in out.splitlines()]
    assert notices and {n["kind"] for n in notices} <= {"ordered", "unpaid", "shipped", "arrived", "customs", "delivered", "delay"}
    assert all(n["body"] and n["subject"] for n in notices)
    assert len({n["key"] for n in notices}) == len(notices)


def test_bad_now_is_a_clear_error():
    result = CliRunner().invoke(cli, ["notify", "--shop", str(SHOP_DIR), "--now", "yesterday"])
    assert result.exit_code != 0 and "ISO-8601" in result.output


def test_draft_polish_uses_the_configured_endpoint(monkeypatch):
    import threading
    from http.server import ThreadingHTTPServer

    from .test_llm import FakeModel

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeModel)
    httpd.requests, httpd.mode, httpd.text = [], "malformed", ""
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("TACTFUL_LLM_URL", f"http://127.0.0.1:{httpd.server_address[1]}/v1")
        monkeypatch.setenv("TACTFUL_LLM_MODEL", "fake-7b")
        out = run("draft", str(Path(INBOX_DIR) / "002-en-tracking.eml"), "--shop", str(SHOP_DIR),
                  "--now", "2026-11-21T09:00:00Z", "--json", "--polish")
    finally:
        httpd.shutdown()
        httpd.server_close()
    record = json.loads(out.splitlines()[0])
    assert len(httpd.requests) == 1                       # the model was asked
    assert any("model polish not used: malformed" in n for n in record["notes"])
    assert record["facts_used"]["tracking_number"] in record["body"]   # the template draft was kept
