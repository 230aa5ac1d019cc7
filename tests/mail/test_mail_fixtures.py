"""Real mails from each client and language (tests/data/mail/eml) parse to exactly what a reader sees."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tactful.mail import parse_file

DATA = Path(__file__).resolve().parents[1] / "data" / "mail"
EXPECTED = yaml.safe_load((DATA / "eml_expected.yaml").read_text(encoding="utf-8"))


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def _actual(message, key):
    if key == "from":
        return message.from_.to_json()
    if key == "attachments":
        wanted = EXPECTED_KEYS_FOR_ATTACHMENTS
        return [{k: v for k, v in a.to_json().items() if k in wanted or v is not None and k == "content_id"}
                for a in message.attachments]
    if key == "date":
        return message.date.isoformat() if message.date else None
    return getattr(message, key)


EXPECTED_KEYS_FOR_ATTACHMENTS = ("filename", "content_type", "inline")


def test_every_fixture_has_expectations():
    assert sorted(p.name for p in (DATA / "eml").glob("*.eml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_parses_as_expected(name):
    message = parse_file(DATA / "eml" / name)
    assert not message.errors, message.errors
    for key, want in EXPECTED[name].items():
        got = _actual(message, key)
        if isinstance(want, str):
            got, want = _clean(got), _clean(want)
        if key == "attachments":
            want = [{k: v for k, v in a.items()} for a in want]
            got = [{k: v for k, v in a.items() if k in a_keys(want, i)} for i, a in enumerate(got)]
        assert got == want, f"{name}: {key}"


def a_keys(want: list[dict], index: int) -> set[str]:
    return set(want[index]) if index < len(want) else set(EXPECTED_KEYS_FOR_ATTACHMENTS)


def test_sanitized_html_is_safe():
    message = parse_file(DATA / "eml" / "html-only-tracking.eml")
    html = message.html_sanitized
    assert "<script" not in html and "alert" not in html and "onclick" not in html
    assert "tracker.example" not in html and "<style" not in html
    assert 'href="https://shop.example/p/42"' in html


def test_attachment_bytes_stay_retrievable():
    message = parse_file(DATA / "eml" / "attachments-rfc2231.eml")
    pdf = next(a for a in message.attachments if a.content_type == "application/pdf")
    assert pdf.payload.startswith(b"%PDF-1.4") and pdf.size == len(pdf.payload)
    image = next(a for a in message.attachments if a.is_image)
    assert image.payload.startswith(b"\x89PNG") and image.inline
