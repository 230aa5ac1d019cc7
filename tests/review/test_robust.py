"""The review never crashes and never points outside the reply, whatever text it is given."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tactful.review import review
from tactful.understand.types import Analysis, Facts, Item, Mood, Secret

from .shopdata import make_shop

SHOP = make_shop()
EMAIL = "Where is my order #10231? Also, can I pay by card 4111 1111 1111 1111?"
WHEN = datetime(2026, 3, 5, 10, tzinfo=timezone.utc)


def _analysis(language: str, **kw) -> Analysis:
    fields = dict(source="t", message_id="<t>", text=EMAIL, masked_text=EMAIL, language=language,
                  language_confidence=0.9,
                  items=(Item(EMAIL[:26], 0, 26, "shipping.status"), Item(EMAIL[27:], 27, len(EMAIL), "payment.methods")),
                  mood=Mood(negative=True, kind="complaint"), clarity="C2", facts=Facts(),
                  missing=("photo",), secrets=(Secret("card_number", 52, 71),), sender_name="Ann Lee",
                  received_at=WHEN - timedelta(days=2))
    fields.update(kw)
    return Analysis(**fields)


PIECES = list("ab Zé.,!?\n:：。吗？#%€$1234567890-/") + [
    "http://x.y/track", "Dear", "sorry", "DHL", "you must", "10%", "Спасибо", "感谢",
    " 4111 1111 1111 1111 ", "1. ", "Re: ", "2026-03-01", "3 March", "LL-10231"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reply=TEXT, language=st.sampled_from(["en", "zh", "zh-Hant", "de", "ru", "lv", "it", "und"]),
       with_shop=st.booleans())
def test_any_text_gives_findings_inside_the_reply(reply, language, with_shop):
    result = review(reply, _analysis(language), shop=SHOP if with_shop else None, sent_at=WHEN)
    assert 0 <= result.score <= 100
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(reply), f
        assert f.rule and f.message
    assert result.passed == all(f.severity != "error" for f in result.findings)


def test_empty_and_whitespace_replies_fail_cleanly():
    for reply in ("", "   \n\n  "):
        result = review(reply, _analysis("en"), shop=SHOP, sent_at=WHEN)
        assert not result.passed
        assert {"COVER", "GREET", "SIGN"} <= result.rules()


def test_email_without_items_and_unserved_language():
    analysis = _analysis("it", items=(), missing=(), secrets=(), mood=Mood())
    reply = "Dear Ann,\n\nThank you for your message. We ship to Italy within 5-9 working days.\n\nBest regards,\nLaura"
    result = review(reply, analysis)
    # Italian customers are answered in English: an English reply is in the right language.
    assert "LANG" not in result.rules()
    assert "COVER" not in result.rules()
