"""``tactful check``: JSON contract, readable report, exit status 0 / 1 / 2 (issue 5)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tactful.cli.main import cli
from tactful.samples import SHOP_DIR

EMAIL = """From: Markus Weber <markus.weber@example.com>
To: care@lindenloom.example
Subject: Where is my scarf?
Date: Mon, 28 Sep 2026 09:00:00 +0200
Message-ID: <scarf-1@example.com>
Content-Type: text/plain; charset=utf-8

Hello, I ordered a scarf (order LL-10110) and it still has not arrived. Where is it?

Markus
"""

GOOD = """Subject: Re: Where is my scarf?
Dear Markus,

Thank you for your message, and I am sorry the scarf is taking so long. Your scarf from order LL-10110 was sent with China Post on 22 September, tracking number RR482434069CN.
You can follow it here: https://t.17track.net/en#nums=RR482434069CN

Parcels to Germany usually take 12-22 days, so it should arrive within the next week. If it has not arrived by 14 October, please write to me again and I will open an investigation with the carrier.

Best regards,
Marta
Linden & Loom
"""


@pytest.fixture()
def files(tmp_path):
    email = tmp_path / "mail.eml"
    email.write_text(EMAIL, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    return tmp_path, email, good


def _run(*args):
    return CliRunner().invoke(cli, ["check", *args], catch_exceptions=False)


def test_good_reply_passes_with_exit_0_and_json_contract(files):
    _, email, good = files
    res = _run("--email", str(email), "--reply", str(good), "--shop", str(SHOP_DIR),
               "--sent-at", "2026-09-28T15:00:00+02:00", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert set(data) == {"score", "passed", "findings"}
    assert data["passed"] is True
    assert 0 <= data["score"] <= 100
    assert not [f for f in data["findings"] if f["severity"] == "error"]
    for f in data["findings"]:
        assert set(f) == {"rule", "severity", "start", "end", "message", "suggestion"}


def test_reply_without_link_fails_with_exit_1_and_names_triad(files):
    tmp, email, _ = files
    bad = tmp / "bad.txt"
    bad.write_text(GOOD.replace("You can follow it here: https://t.17track.net/en#nums=RR482434069CN\n", ""),
                   encoding="utf-8")
    res = _run("--email", str(email), "--reply", str(bad), "--shop", str(SHOP_DIR), "--json")
    assert res.exit_code == 1
    data = json.loads(res.output)
    assert data["passed"] is False
    assert "TRIAD" in {f["rule"] for f in data["findings"]}


def test_late_reply_is_caught_only_with_sent_at(files):
    _, email, good = files
    late = _run("--email", str(email), "--reply", str(good), "--shop", str(SHOP_DIR),
                "--sent-at", "2026-10-01T09:00:00+02:00", "--json")
    assert late.exit_code == 1
    assert "LATE" in {f["rule"] for f in json.loads(late.output)["findings"]}


def test_readable_report_shows_reply_and_marked_findings(files):
    tmp, email, _ = files
    bad = tmp / "bad.txt"
    bad.write_text("Dear Markus,\n\nYou must wait. Please call our hotline.\n\nBest regards,\nMarta\n",
                   encoding="utf-8")
    res = _run("--email", str(email), "--reply", str(bad))
    assert res.exit_code == 1
    assert "You must wait" in res.output
    assert "NO-BLAME" in res.output and "NO-DEFLECT" in res.output
    assert "NOT PASSED" in res.output


def test_plain_text_email_and_disable_option(files):
    tmp, _, _ = files
    email = tmp / "mail.txt"
    email.write_text("Which payment methods do you accept?\n", encoding="utf-8")
    reply = tmp / "reply.txt"
    reply.write_text("Hello,\n\nThank you for asking. We accept Visa, Mastercard and PayPal.\n\n"
                     "Best regards,\nMarta\n", encoding="utf-8")
    res = _run("--email", str(email), "--reply", str(reply), "--json")
    rules = {f["rule"] for f in json.loads(res.output)["findings"]}
    assert "INVITE" in rules
    res = _run("--email", str(email), "--reply", str(reply), "--json", "--disable", "INVITE")
    assert "INVITE" not in {f["rule"] for f in json.loads(res.output)["findings"]}
    assert res.exit_code == 0


@pytest.mark.parametrize("problem", ["missing-email", "bad-date", "bad-shop", "empty-reply", "bad-rule"])
def test_bad_input_exits_2_with_a_clear_message(files, problem):
    tmp, email, good = files
    args = ["--email", str(email), "--reply", str(good)]
    if problem == "missing-email":
        args[1] = str(tmp / "nope.eml")
    elif problem == "bad-date":
        args += ["--sent-at", "yesterday-ish"]
    elif problem == "bad-shop":
        shop = tmp / "shop"
        shop.mkdir()
        (shop / "shop.yaml").write_text("name: [unclosed\n", encoding="utf-8")
        args += ["--shop", str(shop)]
    elif problem == "empty-reply":
        (tmp / "empty.txt").write_text("  \n", encoding="utf-8")
        args[3] = str(tmp / "empty.txt")
    elif problem == "bad-rule":
        args += ["--disable", "NOPE"]
    res = CliRunner().invoke(cli, ["check", *args])
    assert res.exit_code == 2, res.output
    out = res.output.lower()
    assert {"missing-email": "nope.eml", "bad-date": "iso-8601", "bad-shop": "shop",
            "empty-reply": "empty", "bad-rule": "nope"}[problem] in out


def test_shop_folder_can_silence_a_rule(files, tmp_path):
    import shutil

    tmp, email, good = files
    shop = tmp_path / "shop"
    shutil.copytree(SHOP_DIR, shop)
    reply = tmp / "no-invite.txt"
    reply.write_text(GOOD.replace("If it has not arrived by 14 October, please write to me again and I will "
                                  "open an investigation with the carrier.", ""), encoding="utf-8")
    base = json.loads(_run("--email", str(email), "--reply", str(reply), "--shop", str(shop), "--json").output)
    assert "INVITE" in {f["rule"] for f in base["findings"]}
    with open(shop / "shop.yaml", "a", encoding="utf-8") as fh:
        fh.write("\ndisabled_rules: [INVITE]\n")
    quiet = json.loads(_run("--email", str(email), "--reply", str(reply), "--shop", str(shop), "--json").output)
    assert "INVITE" not in {f["rule"] for f in quiet["findings"]}
