"""``tactful parse``: JSON Lines per the issue's contract, a table, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tactful.cli.main import cli

EML = Path(__file__).resolve().parents[1] / "data" / "mail" / "eml"
KEYS = {"source", "message_id", "in_reply_to", "references", "thread_key", "from", "to", "cc", "subject",
        "date", "language_hint", "new_text", "quoted_text", "signature", "html_sanitized", "attachments",
        "errors"}


def test_json_lines_contract(tmp_path):
    mbox = tmp_path / "two.mbox"
    mbox.write_bytes(b"From a@x Mon Mar  3 10:00:00 2025\nFrom: A <a@example.com>\nSubject: One\n\nHello\n\n"
                     b"From b@x Mon Mar  3 10:00:00 2025\nFrom: B <b@example.com>\nSubject: Re: One\n"
                     b"Date: Mon, 3 Mar 2025 10:00:00 +0100\n\nHi\n")
    result = CliRunner().invoke(cli, ["parse", "--json", str(EML / "de-outlook.eml"), str(mbox)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 3 and all(KEYS <= set(row) for row in rows)
    assert [r["source"] for r in rows] == [str(EML / "de-outlook.eml"), f"{mbox}#1", f"{mbox}#2"]
    first = rows[0]
    assert first["from"] == {"name": "Anna Schmidt", "address": "anna.schmidt@web.example"}
    assert first["date"] == "2025-03-03T11:20:00+01:00"
    assert first["language_hint"] == "de" and first["thread_key"].startswith("t-")
    assert first["new_text"].startswith("Guten Tag") and first["quoted_text"].startswith("Von:")
    assert rows[2]["date"] == "2025-03-03T10:00:00+01:00" and rows[1]["date"] is None


def test_table_output():
    result = CliRunner(env={"COLUMNS": "220"}).invoke(
        cli, ["parse", str(EML / "zh-qq-mail.eml"), str(EML / "ru-koi8-mailru.eml")])
    assert result.exit_code == 0
    assert "2 message(s)" in result.output and "12345678@qq.example" in result.output


def test_missing_path_exits_with_an_input_error(tmp_path):
    import subprocess
    import sys

    missing = tmp_path / "nowhere.mbox"
    # Call main() the way the console script does.
    proc = subprocess.run([sys.executable, "-c", "from tactful.cli.main import main; main()", "parse",
                           str(missing)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "nowhere.mbox" in proc.stderr and "no such file" in proc.stderr


def test_no_thread_streams_in_one_pass():
    result = CliRunner().invoke(cli, ["parse", "--json", "--no-thread", str(EML / "pt-gmail.eml")])
    assert result.exit_code == 0
    row = json.loads(result.output)
    assert row["thread_key"] == "" and row["new_text"].startswith("Olá")
