"""The desk's command line, end to end on the real pipeline and the sample shop."""

from __future__ import annotations

import json
from decimal import Decimal
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tactful.cli.main import cli
from tactful.samples import INBOX_DIR, SHOP_DIR


@pytest.fixture
def run(db_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TACTFUL_DATABASE_URL", db_url[0])
    monkeypatch.setenv("TACTFUL_SHOP_DIR", str(SHOP_DIR))
    if db_url[1]:
        monkeypatch.setenv("TACTFUL_DATABASE_SCHEMA", db_url[1])
    runner = CliRunner()

    def invoke(*args):
        result = runner.invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output
    return invoke


def test_import_process_approve_and_shift_views(run, tmp_path):
    files = sorted(INBOX_DIR.glob("*.eml"))[:5]
    out = run("import", *map(str, files))
    assert "5 messages read: 5 stored" in out
    assert "0 stored, 5 already stored" in run("import", *map(str, files))
    assert "processed 5: 5 drafted" in run("process")
    tickets = json.loads(run("tickets", "--json"))
    assert len(tickets) == 5 and all(t["ref"].startswith("TF-") for t in tickets)
    assert [t["priority"] for t in tickets] == sorted((t["priority"] for t in tickets), reverse=True)
    ref = tickets[0]["ref"]
    run("note", ref, "Customer prefers a refund; check stock tomorrow.", "--by", "ann")
    handover = run("handover")
    assert "Customer prefers a refund; check stock tomorrow." in handover and ref in handover
    as_json = json.loads(run("handover", "--json"))
    assert len(as_json["tickets"]) == 5 and as_json["incidents"] == []
    report = json.loads(run("report", "--since", "2000-01-01", "--json"))
    assert report["tickets"] == 5 and sum(report["languages"].values()) == 5
    sla = json.loads(run("sla", "--json"))
    assert {t["ref"] for t in sla["breached"]} <= {t["ref"] for t in tickets}
    approved = run("approve", ref, "--force", "--by", "ann")
    assert f"{ref}: draft" in approved and "approved" in approved


def test_db_upgrade_reports_the_revision(run):
    assert "at revision 0007" in run("db", "upgrade")


def test_customer_profile_levels(run):
    from tactful.shop import customer_stats, load_shop
    shop = load_shop(SHOP_DIR)
    email = max(sorted({o.customer_email for o in shop.orders}),
                key=lambda e: customer_stats(shop.orders_for(e)).purchase_count)
    expected = customer_stats(shop.orders_for(email))
    data = json.loads(run("customer", email, "--json"))
    assert data["purchase_count"] == expected.purchase_count >= 1
    assert data["total_spend"] == str(expected.total_spend.quantize(Decimal("0.01"))) and "high-value" in data["levels"] and "derived" in data["levels"]


def test_bad_configuration_names_the_setting(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "TACTFUL_SURGE_COUNT": "many", "HOME": str(tmp_path)}
    r = subprocess.run([sys.executable, "-c", "from tactful.cli.main import main; main()", "sla"],
                       env=env, cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 2
    assert "TACTFUL_SURGE_COUNT" in r.stderr and "surge_count" in r.stderr


def test_send_without_smtp_host_says_which_setting(run, tmp_path):
    r = subprocess.run([sys.executable, "-c", "from tactful.cli.main import main; main()", "send"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 2 and "smtp_host" in r.stderr and "TACTFUL_SMTP_HOST" in r.stderr
