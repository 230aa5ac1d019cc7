"""Threading (TRACK): Message-ID links first, then normalised subject + customer address in a window."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tactful.mail import ParsedMessage, normalize_subject, thread_messages
from tactful.mail.types import Address

T0 = datetime(2025, 3, 3, 10, 0, tzinfo=timezone.utc)


def msg(source, subject, sender="ann@example.com", *, mid="", irt="", refs=(), days=0, to=()):
    return ParsedMessage(source=source, subject=subject, from_=Address("", sender), message_id=mid,
                         in_reply_to=irt, references=tuple(refs), date=T0 + timedelta(days=days),
                         to=tuple(Address("", a) for a in to))


def test_subject_prefixes_in_every_language():
    for subject in ["Re: Order 12", "RE: AW: Order 12", "Fwd: Order 12", "WG: Order 12", "SV: Order 12",
                    "VS: Order 12", "Antw: Order 12", "回复：Order 12", "回覆: Order 12", "答复: Order 12",
                    "转发: Order 12", "轉寄: Order 12", "Ответ: Order 12", "Отв: Order 12", "Re[2]: Order 12",
                    "Fwd[2]: [Shop] Order 12", "[ticket#77] RE: order 12", "Atb: Order 12", "  re :  Order   12"]:
        assert normalize_subject(subject) == "order 12", subject


def test_ids_link_replies_even_with_a_missing_middle():
    root = msg("1", "Order 12", mid="r@x")
    reply = msg("2", "Re: Order 12", mid="a@x", irt="missing@x", refs=("r@x", "missing@x"))
    other = msg("3", "Order 13", mid="o@x")
    keyed = thread_messages([root, reply, other])
    assert keyed[0].thread_key == keyed[1].thread_key != keyed[2].thread_key
    assert [m.source for m in keyed] == ["1", "2", "3"]


def test_subject_and_address_within_the_window():
    first = msg("1", "Where is my parcel?", days=0)
    again = msg("2", "RE: Where is my parcel?", days=3)           # client dropped In-Reply-To
    stranger = msg("3", "Re: Where is my parcel?", sender="bob@example.com", days=3)
    late = msg("4", "Where is my parcel?", days=40)               # outside 14 days: a new case
    keyed = thread_messages([first, again, stranger, late])
    assert keyed[0].thread_key == keyed[1].thread_key
    assert keyed[2].thread_key != keyed[0].thread_key
    assert keyed[3].thread_key != keyed[0].thread_key


def test_shop_reply_joins_by_recipient():
    question = msg("1", "Size?", sender="ann@example.com")
    answer = msg("2", "Re: Size?", sender="shop@example.com", days=1, to=("ann@example.com",))
    follow = msg("3", "Re: Re: Size?", sender="ann@example.com", days=2)
    keys = {m.thread_key for m in thread_messages([question, answer, follow])}
    assert len(keys) == 1


def test_thread_key_is_stable_and_opaque():
    a = thread_messages([msg("1", "Hello", mid="r@x"), msg("2", "Re: Hello", irt="r@x")])
    b = thread_messages([msg("2", "Re: Hello", irt="r@x"), msg("1", "Hello", mid="r@x")])
    assert a[0].thread_key == b[0].thread_key and a[0].thread_key.startswith("t-")
    assert "r@x" not in a[0].thread_key


def test_header_only_keys_match_full_threading(tmp_path):
    from tactful.mail import iter_messages, thread_keys

    mbox = tmp_path / "t.mbox"
    mbox.write_bytes(
        b"From a@x Mon Mar  3 10:00:00 2025\nFrom: Ann <ann@example.com>\nTo: shop@example.com\n"
        b"Subject: Size?\nMessage-ID: <q1@x>\nDate: Mon, 3 Mar 2025 10:00:00 +0000\n\nWhich size?\n\n"
        b"From s@x Mon Mar  3 11:00:00 2025\nFrom: Shop <shop@example.com>\nTo: ann@example.com\n"
        b"Subject: Re: Size?\nIn-Reply-To: <q1@x>\nDate: Mon, 3 Mar 2025 11:00:00 +0000\n\nM.\n\n"
        b"From a@x Mon Mar  3 12:00:00 2025\nFrom: Ann <ann@example.com>\nTo: shop@example.com\n"
        b"Subject: AW: Size?\nDate: Tue, 4 Mar 2025 12:00:00 +0000\n\nThanks!\n")
    full = {m.source: m.thread_key for m in thread_messages(list(iter_messages(mbox)))}
    assert thread_keys(mbox) == full
    assert len(set(full.values())) == 1
