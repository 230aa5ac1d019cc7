"""Pure parts of the desk: config, PROFILE-5, COMPLAINT-4, SLA-24, priority, masking, ACK texts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from tactful.desk import ack, complaint, masking, priority, sla, surge
from tactful.desk.config import load_settings
from tactful.desk.profile import build_profile
from tactful.desk.refs import find_ref, format_ref
from tactful.errors import ConfigError
from tactful.shop.model import Order, OrderLine
from tactful.understand.types import SERVED_LANGUAGES

T = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_settings_from_toml_and_env_with_env_winning(tmp_path):
    (tmp_path / "tactful.toml").write_text('[desk]\nimap_host = "mail.example.com"\nsurge_count = 7\nack = true\n')
    s = load_settings(env={"TACTFUL_SURGE_COUNT": "9"}, cwd=tmp_path)
    assert (s.imap_host, s.surge_count, s.ack) == ("mail.example.com", 9, True)


@pytest.mark.parametrize("toml, env, needle", [
    ('surge_count = "lots"\n', {}, "surge_count"),
    ('imap_hots = "x"\n', {}, "unknown setting 'imap_hots'"),
    ("", {"TACTFUL_ACK": "maybe"}, "TACTFUL_ACK"),
    ("", {"TACTFUL_DATABASE_URL": "mysql://x"}, "database_url"),
    ("", {"TACTFUL_SHOP_DIR": "/no/such/shop"}, "shop_dir"),
    ("surge_count = [", {}, "not valid TOML"),
])
def test_bad_settings_name_the_setting(tmp_path, toml, env, needle):
    (tmp_path / "tactful.toml").write_text(toml)
    with pytest.raises(ConfigError, match=needle.replace("(", r"\(")):
        load_settings(env=env, cwd=tmp_path)


def order(n, day, total, status="delivered"):
    return Order(order_id=f"LL-{n}", customer_email="Ann@Example.com", customer_name="Ann Lee",
                 placed_at=T - timedelta(days=day), status=status, items=(OrderLine("SKU", 1),),
                 total=Decimal(total), currency="EUR", country="DE")


def test_profile5_levels_and_figures_from_orders():
    p = build_profile("ann@example.com", [order(1, 90, "40.00"), order(2, 60, "60.00"), order(3, 30, "50.00"),
                                          order(4, 5, "999.00", status="cancelled")], now=T)
    assert p.levels == ("basic", "valuable", "high-value", "derived")
    assert (p.purchase_count, p.total_spend, p.average_order) == (3, Decimal("150.00"), Decimal("50.00"))
    assert p.purchase_cycle_days == 30.0
    assert p.derived["segment"] == "repeat" and p.derived["lapsed"] is False
    assert build_profile("new@example.com", [], now=T).levels == ("basic",)


def test_complaint4_moves_only_forward():
    stage = complaint.after_customer_message(None, is_complaint=True, supplied_missing=False)
    assert stage == "accepted"
    stage = complaint.after_customer_message(stage, is_complaint=True, supplied_missing=True)
    assert stage == "clarified"
    stage = complaint.after_reply(stage, proposes_solution=True, asks_missing=False)
    assert stage == "solution_proposed"
    assert complaint.advance(stage, "accepted") == "solution_proposed"
    assert complaint.advance(stage, "followed_up") == "followed_up"
    assert complaint.after_customer_message(None, is_complaint=False, supplied_missing=False) is None


def test_sla_states():
    due = sla.due_at(T, 24)
    assert due == T + timedelta(hours=24)
    assert sla.state(due=due, first_reply=None, now=T, soon_hours=4) == "ok"
    assert sla.state(due=due, first_reply=None, now=due - timedelta(hours=3), soon_hours=4) == "soon"
    assert sla.state(due=due, first_reply=None, now=due + timedelta(minutes=1), soon_hours=4) == "breached"
    assert sla.state(due=due, first_reply=due, now=T, soon_hours=4) == "met"
    assert sla.Compliance(4, 3).percent == 75.0 and sla.Compliance(0, 0).percent is None


def test_priority_orders_signals():
    base = priority.score(priority.Signals(), today=T.date())
    angry = priority.score(priority.Signals(anger=0.9, negative=True, complaint=True), today=T.date())
    chased = priority.score(priority.Signals(reminders=2), today=T.date())
    deadline = priority.score(priority.Signals(deadlines=(T.date() + timedelta(days=1),)), today=T.date())
    far = priority.score(priority.Signals(deadlines=(T.date() + timedelta(days=30),)), today=T.date())
    assert angry > chased > base and deadline > far == base
    assert priority.label(angry) in ("urgent", "high") and priority.label(base) == "low"


def test_surge_window():
    times = [T - timedelta(minutes=m) for m in (1, 10, 50, 70)]
    assert surge.is_surge(times, now=T, count=3, window_minutes=60)
    assert not surge.is_surge(times, now=T, count=4, window_minutes=60)


def test_refs():
    assert format_ref(123) == "TF-000123"
    assert find_ref("Re: Your parcel [TF-000123]") == "TF-000123" and find_ref("no ref") is None


def test_mask_raw_keeps_length_and_other_bytes():
    raw = b"Subject: x\r\n\r\nPIN 1234, card 4111-1111-1111-1111 thanks"
    out = masking.mask_raw(raw, [("card_number", "4111-1111-1111-1111")])
    assert out.raw == b"Subject: x\r\n\r\nPIN 1234, card ****-****-****-**** thanks" and out.masked == 1
    missing = masking.mask_raw(raw, [("password", "hunter2")])
    assert missing.unfound == ("password",) and missing.raw == raw


@pytest.mark.parametrize("language", SERVED_LANGUAGES)
def test_ack_exists_for_every_served_language_with_ref_and_time(language):
    text = ack.render_ack(language=language, ref="TF-000042", hours=24, due=T, name="Ann", shop="Lumen & Loom")
    assert text.language == language
    assert "TF-000042" in text.subject and "TF-000042" in text.body
    assert "24" in text.body and "2026-03-02 09:00 UTC" in text.body and "Lumen & Loom" in text.body
    assert "{" not in text.body


def test_ack_falls_back_to_english():
    assert ack.render_ack(language="ja", ref="TF-1", hours=24, due=T, name="", shop="S").language == "en"


def test_short_secret_is_masked_only_as_a_whole_token():
    raw = b"Order LL-10123, CVV: 123.\r\n"
    assert masking.mask_raw(raw, [("cvv", "123")]).raw == b"Order LL-10123, CVV: ***.\r\n"


def test_every_desk_command_is_documented():
    from pathlib import Path

    from tactful.cli import desk as desk_cli
    doc = (Path(__file__).resolve().parents[2] / "docs" / "desk.md").read_text(encoding="utf-8")
    for command in desk_cli.commands:
        assert f"tactful {command.name}" in doc, command.name


def test_public_names_exist():
    import tactful.desk
    for name in tactful.desk.__all__:
        assert hasattr(tactful.desk, name)


@pytest.mark.parametrize("language", SERVED_LANGUAGES)
def test_follow_up_mail_exists_for_every_served_language(language):
    text = ack.render_follow_up(language=language, ref="TF-000042", name="Ann", shop="Lumen & Loom")
    assert text.language == language and "TF-000042" in text.subject and "TF-000042" in text.body
    assert "Ann" in text.body and "{" not in text.body
