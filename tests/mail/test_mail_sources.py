"""Reading mailboxes: .eml files, mbox (streamed, >From unescaped), Maildir, folders, bad input."""

from __future__ import annotations

import pytest

from tactful.errors import MailInputError
from tactful.mail import iter_mbox, iter_messages, parse_bytes, parse_file

ONE = b"From: Ann <ann@example.com>\nSubject: Hello\nMessage-ID: <a1@example.com>\n\nFirst line\n"
TWO = (b"From: Bob <bob@example.com>\nSubject: Second\nMessage-ID: <b2@example.com>\n\n"
       b"Line one\n>From the start of a line\n\n")


def _mbox(*messages: bytes) -> bytes:
    out = b""
    for raw in messages:
        escaped = b"".join((b">" + line if line.lstrip(b">").startswith(b"From ") else line)
                           for line in raw.splitlines(keepends=True))
        out += b"From sender@example.com Mon Mar  3 10:00:00 2025\n" + escaped + b"\n"
    return out


def test_mbox_is_split_and_unescaped(tmp_path):
    path = tmp_path / "box.mbox"
    body_with_from = ONE + b"From here on it is body text\n"
    path.write_bytes(_mbox(body_with_from, TWO))
    messages = list(iter_messages(path))
    assert [m.source for m in messages] == [f"{path}#1", f"{path}#2"]
    assert [m.subject for m in messages] == ["Hello", "Second"]
    assert "From here on it is body text" in messages[0].text
    assert ">From the start of a line" in messages[1].text  # mboxrd: one level removed
    assert messages[0].raw == body_with_from


def test_mbox_is_streamed(tmp_path):
    path = tmp_path / "big.mbox"
    path.write_bytes(_mbox(*([ONE] * 50)))
    stream = iter_mbox(path)
    number, raw = next(stream)
    assert number == 1 and raw == ONE  # the first message is out before the rest is read
    assert sum(1 for _ in stream) == 49


def test_maildir_and_plain_folder(tmp_path):
    maildir = tmp_path / "Maildir"
    for part in ("new", "cur", "tmp"):
        (maildir / part).mkdir(parents=True)
    (maildir / "new" / "1.host").write_bytes(ONE)
    (maildir / "cur" / "2.host:2,S").write_bytes(TWO)
    (maildir / "tmp" / "3.host").write_bytes(b"Subject: half delivered\n\n")
    assert [m.subject for m in iter_messages(maildir)] == ["Hello", "Second"]
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "a.eml").write_bytes(ONE)
    (folder / "b.msg").write_bytes(TWO)
    (folder / "notes.md").write_text("not mail")
    (folder / "photo.JPG").write_bytes(b"\xff\xd8\xff not mail either")
    assert [m.subject for m in iter_messages([folder])] == ["Hello", "Second"]


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(MailInputError) as info:
        iter_messages([tmp_path / "nope.mbox"])
    assert "nope.mbox" in str(info.value)
    with pytest.raises(MailInputError):
        parse_file(tmp_path / "nope.eml")


def test_bad_message_does_not_stop_the_batch(tmp_path):
    path = tmp_path / "mixed.mbox"
    garbage = b"\x00\xff\xfe garbage without headers \x80\x81\n--boundary\n"
    broken = (b"From: X <x@example.com>\nContent-Type: multipart/mixed; boundary=zz\n\n"
              b"--zz\nContent-Type: text/plain; charset=no-such-charset\n\n\xe4\xf6\xfc caf\xe9\n")
    path.write_bytes(_mbox(ONE, garbage, broken, TWO))
    messages = list(iter_messages(path))
    assert len(messages) == 4
    assert messages[-1].subject == "Second"
    assert messages[1].raw == garbage
    assert any("#3" in e and "charset" in e for e in messages[2].errors), messages[2].errors
    assert "café" in messages[2].text  # repaired, not dropped


def test_parse_bytes_names_the_source_in_errors():
    message = parse_bytes(b"Subject: =?x-unknown?Q?caf=E9?=\nContent-Type: text/plain; charset=bogus\n\n\xff\xfe ok\n",
                          source="inbox.mbox#7")
    assert message.errors and all(e.startswith("inbox.mbox#7") for e in message.errors)
    assert "ok" in message.text


def test_unescaped_body_from_line_does_not_split(tmp_path):
    # mboxo writers leave "From " body lines alone; without an envelope date they are text.
    path = tmp_path / "o.mbox"
    path.write_bytes(b"From a@x Mon Mar  3 10:00:00 2025\nSubject: One\n\nHello\n\nFrom the team: thanks\n\n"
                     b"From b@x Mon Mar  3 11:00:00 2025\nSubject: Two\n\nBye\n")
    messages = list(iter_messages(path))
    assert [m.subject for m in messages] == ["One", "Two"]
    assert "From the team: thanks" in messages[0].text
