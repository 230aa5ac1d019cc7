"""Property tests: random and mutated mail never escapes as an exception, and nothing is lost silently."""

from __future__ import annotations

import base64
import json
import quopri

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mail_corpus import lost_words
from tactful.mail import parse_bytes, split_reply, thread_messages

CHARSETS = ["utf-8", "iso-8859-1", "windows-1252", "koi8-r", "gb2312", "big5", "iso-2022-jp",
            "shift_jis", "utf-7", "windows-1251", "iso-8859-13"]
BOGUS = ["bogus", "x-unknown", "", "utf8\"", "iso-8859-99", "unicode-2-0", "*", "gb2312;"]
WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=0, max_size=40)
ASCII_WORDS = st.lists(st.from_regex(r"[A-Za-z]{3,10}", fullmatch=True), min_size=1, max_size=12)


@st.composite
def messages(draw) -> tuple[bytes, list[str]]:
    """A MIME message in a random shape and charset, and the ASCII words its body holds."""
    words = draw(ASCII_WORDS)
    extra = draw(WORDS)
    charset = draw(st.sampled_from(CHARSETS))
    text = " ".join(words) + "\n" + extra
    try:
        data = text.encode(charset)
    except (UnicodeEncodeError, LookupError):
        charset, data = "utf-8", text.encode("utf-8")
    cte = draw(st.sampled_from(["8bit", "quoted-printable", "base64"]))
    if cte == "quoted-printable":
        data = quopri.encodestring(data)
    elif cte == "base64":
        data = base64.encodebytes(data)
    subject = draw(WORDS)
    subject_header = "=?utf-8?B?" + base64.b64encode(subject.encode()).decode() + "?="
    shape = draw(st.sampled_from(["plain", "alternative", "mixed", "html"]))
    head = (f"From: =?utf-8?Q?{draw(st.from_regex(r'[A-Za-z_]{0,12}', fullmatch=True))}?= <a@example.com>\n"
            f"To: shop@example.com\nSubject: {subject_header}\nMessage-ID: <x{len(words)}@example.com>\n"
            "MIME-Version: 1.0\n").encode()
    part = (f"Content-Type: text/{'html' if shape == 'html' else 'plain'}; charset=\"{charset}\"\n"
            f"Content-Transfer-Encoding: {cte}\n\n").encode() + data
    if shape in ("plain", "html"):
        raw = head + part
    else:
        sub = "alternative" if shape == "alternative" else "mixed"
        raw = (head + f"Content-Type: multipart/{sub}; boundary=\"b1\"\n\n--b1\n".encode() + part +
               b"\n--b1\nContent-Type: application/octet-stream; name=\"f.bin\"\n"
               b"Content-Transfer-Encoding: base64\n\nAAEC\n--b1--\n")
    return raw, words


@st.composite
def mutated(draw) -> bytes:
    raw, _ = draw(messages())
    operation = draw(st.sampled_from(["truncate", "flip", "charset", "boundary", "garbage", "none"]))
    if operation == "truncate":
        raw = raw[: draw(st.integers(0, len(raw)))]
    elif operation == "flip":
        data = bytearray(raw)
        for _ in range(draw(st.integers(1, 8))):
            index = draw(st.integers(0, len(data) - 1))
            data[index] = draw(st.integers(0, 255))
        raw = bytes(data)
    elif operation == "charset":
        raw = raw.replace(b"charset=\"", b"charset=\"" + draw(st.sampled_from(BOGUS)).encode() + b"\"; x=\"", 1)
    elif operation == "boundary":
        raw = raw.replace(b"--b1--", b"").replace(b"boundary=\"b1\"", draw(st.sampled_from(
            [b"boundary=\"zz\"", b"boundary=", b"boundary=\"b1", b""])))
    elif operation == "garbage":
        raw = draw(st.binary(max_size=400)) + raw[: draw(st.integers(0, len(raw)))]
    return raw


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _json_safe(message) -> None:
    json.dumps(message.to_json(), ensure_ascii=False).encode("utf-8")  # no lone surrogates


@SETTINGS
@given(messages())
def test_well_formed_messages_keep_every_word(sample):
    raw, words = sample
    message = parse_bytes(raw, source="prop")
    assert message.raw == raw
    for word in words:
        assert word in message.text, (word, message.text, message.errors)
    # The split moves text between parts but never drops it.
    joined = message.new_text + message.quoted_text + message.signature
    for word in words:
        assert word in joined
    _json_safe(message)


@SETTINGS
@given(mutated())
def test_mutated_messages_never_raise_and_never_lose_text_silently(raw):
    message = parse_bytes(raw, source="mutant")
    assert message.raw == raw
    assert not lost_words(message) or message.errors
    _json_safe(message)


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_parse(raw):
    message = parse_bytes(raw, source="noise")
    assert message.raw == raw
    _json_safe(message)


@SETTINGS
@given(st.text(max_size=3000))
def test_split_reply_keeps_every_line(text):
    split = split_reply(text)
    kept = "\n".join([split.new_text, split.quoted_text, split.signature])
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        assert line.strip() in kept


@SETTINGS
@given(st.lists(messages(), max_size=6))
def test_threading_keeps_order_and_fills_keys(samples):
    parsed = [parse_bytes(raw, source=str(i)) for i, (raw, _) in enumerate(samples)]
    keyed = thread_messages(parsed)
    assert [m.source for m in keyed] == [m.source for m in parsed]
    assert all(m.thread_key for m in keyed)


HEADERS = [
    "On {day}, {date} at {time}, {name} <{addr}> wrote:",
    "Am {date} um {time} schrieb {name} <{addr}>:",
    "Le {date} à {time}, {name} <{addr}> a écrit :",
    "El {date} a las {time}, {name} <{addr}> escribió:",
    "Em {date} às {time}, {name} <{addr}> escreveu:",
    "在 {date} {time}，{name} <{addr}> 写道：",
    "{name} <{addr}> 於 {date} {time}寫道：",
    "{date}, в {time}, {name} <{addr}> написал(а):",
    "{date} kell {time} {name} <{addr}> kirjutas:",
    "{date} {time}, {name} <{addr}> rakstīja:",
    "-----Original Message-----\nFrom: {name} <{addr}>\nSent: {date} {time}\nTo: shop\nSubject: order",
    "------------------ 原始邮件 ------------------\n发件人: {name} <{addr}>\n发送时间: {date} {time}\n收件人: shop\n主题: 订单",
]
SENTENCE = st.lists(st.sampled_from(["order", "parcel", "size", "colour", "please", "check", "the", "my",
                                     "refund", "arrived", "today", "when", "will", "it", "ship", "Paket",
                                     "订单", "посылка", "pakk", "sūtījums", "commande", "pedido"]),
                    min_size=3, max_size=12).map(lambda words: " ".join(words).capitalize() + ".")


@SETTINGS
@given(st.lists(SENTENCE, min_size=1, max_size=5), st.sampled_from(HEADERS),
       st.sampled_from(["Tactful Shop", "Anna Schmidt", "王芳", "Иван", "Jānis Bērziņš"]),
       st.dates(), st.times(), st.lists(SENTENCE, min_size=1, max_size=5), st.booleans())
def test_new_text_is_recovered_under_any_language_header(new, header, name, date, time, old, marks):
    new_text = "\n\n".join(new)
    head = header.format(day="Mon", date=date.isoformat(), time=time.strftime("%H:%M"), name=name,
                         addr="shop@example.com")
    quoted = "\n".join(("> " + line) if marks else line for line in old)
    split = split_reply(f"{new_text}\n\n{head}\n{quoted}")
    assert split.new_text == new_text
    assert split.quoted_text.startswith(head.split("\n")[0])
