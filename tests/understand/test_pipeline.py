"""The analyze pipeline and ``tactful analyze``: contract fields, date order, READ-DUP links,
masking, spans, and the command-line output."""

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from click.testing import CliRunner

import tactful.understand as understand
from tactful.cli.main import cli
from tactful.mail.types import Attachment, message_from_text
from tactful.understand import analyze, analyze_many, analyze_text
from tactful.understand.types import AnalysisContext

T0 = datetime(2026, 11, 16, 9, 0, tzinfo=timezone.utc)
CARD = "4111 1111 1111 1111"


def test_public_functions_are_exported():
    for name in ("analyze", "analyze_many", "analyze_text", "AnalysisContext"):
        assert name in understand.__all__ and hasattr(understand, name)


def test_json_contract_fields():
    data = analyze_text("Where is my order 88213? I need it by Friday!", date=T0).to_json()
    for key in ("source", "message_id", "language", "intents", "items", "mood", "clarity", "facts",
                "missing", "secrets", "duplicate_of", "repeat_of"):
        assert key in data
    assert set(data["items"][0]) >= {"text", "intent", "sort", "deadline"}
    assert set(data["mood"]) == {"negative", "anger", "kind", "emotions"}
    assert data["intents"] == ["shipping.status"]


def test_secret_is_masked_and_spans_point_into_text():
    a = analyze_text(f"My payment failed. I tried card {CARD} twice, what is wrong?")
    assert a.secrets, "a Luhn-valid card number is a secret (READ-SECRET)"
    assert CARD not in a.masked_text
    s = a.secrets[0]
    assert a.text[s.start:s.end].replace(" ", "") == CARD.replace(" ", "")
    assert "payment.failed" in a.intents


def test_new_text_is_analysed_and_empty_new_text_falls_back_to_full_text():
    m = message_from_text("Do you ship to Canada?")
    quoted_only = type(m)(**{**m.__dict__, "new_text": "", "text": "Do you ship to Canada?"})
    assert analyze(quoted_only).intents == ("shipping.options",)


def test_photo_attachment_and_known_orders_feed_missing_info():
    text = "The mug arrived broken."
    bare = analyze(message_from_text(text, sender="kim@example.com"))
    assert "photo" in bare.missing and "order_number" in bare.missing
    photo = Attachment("mug.jpg", "image/jpeg", 2048)
    ctx = AnalysisContext(sender_orders={"kim@example.com": ("LL-1", "LL-2")})
    known = analyze(message_from_text(text, sender="kim@example.com", attachments=(photo,)), ctx)
    assert "photo" not in known.missing and "order_number" not in known.missing
    assert known.has_image_attachment and known.profile.returning


def test_analyze_many_orders_by_date_and_links_duplicates():
    text = "Hello, where is my parcel? Order LL-10208. Thanks, Eva"
    later = message_from_text(text, sender="eva@example.com", date=T0 + timedelta(minutes=5),
                              message_id="b@x", source="b.eml")
    first = message_from_text(text, sender="eva@example.com", date=T0, message_id="a@x",
                              source="a.eml")
    out = analyze_many([later, first])
    assert [a.message_id for a in out] == ["a@x", "b@x"]
    assert sum(1 for a in out if a.duplicate_of) == 1


def _eml(path: Path, text: str, msgid: str, date: str) -> None:
    path.write_text(f"From: Eva <eva@example.com>\nTo: shop@example.com\nSubject: parcel\n"
                    f"Message-ID: <{msgid}>\nDate: {date}\nContent-Type: text/plain; charset=utf-8\n\n"
                    f"{text}\n", encoding="utf-8")


def test_cli_analyze_json_lines_in_date_order(tmp_path):
    _eml(tmp_path / "2.eml", "Wo ist mein Paket? Bestellung LL-10208.", "two@x",
         "Mon, 16 Nov 2026 10:00:00 +0000")
    _eml(tmp_path / "1.eml", "Kann ich mit PayPal bezahlen?", "one@x",
         "Mon, 16 Nov 2026 09:00:00 +0000")
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "2.eml"), str(tmp_path / "1.eml"),
                                      "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["message_id"] for r in rows] == ["one@x", "two@x"]
    assert rows[0]["language"] == "de" and rows[0]["intents"] == ["payment.methods"]
    assert rows[1]["intents"] == ["shipping.status"]


def test_cli_analyze_table(tmp_path):
    _eml(tmp_path / "a.eml", "Where is my parcel? Order LL-10208.", "t@x",
         "Mon, 16 Nov 2026 10:00:00 +0000")
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "a.eml")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "shipping.status" in result.output and "1 message(s) analysed" in result.output


def test_cli_analyze_missing_path_is_an_input_error(tmp_path):
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "nope.mbox")])
    assert result.exit_code != 0
    assert "nope.mbox" in str(result.exception)


def test_vague_body_under_a_clear_subject_takes_the_subjects_intent():
    a = analyze_text("Please help me!", subject="Re: Parcel arrived broken")
    assert a.intents == ("delivery.damaged",)
    assert analyze_text("Please help me!", subject="Question").intents == ("other",)


def test_empty_body_analyses_the_subject():
    a = analyze_text("", subject="Where is my order 4471?")
    assert a.text == "Where is my order 4471?" and a.intents == ("shipping.status",)
