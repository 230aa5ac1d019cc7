"""Charsets, encoded words, addresses, dates, HTML and language hints: the decoding details."""

from __future__ import annotations

import base64

import pytest

from tactful.mail.autoreply import is_auto_reply
from tactful.mail.charsets import decode_bytes, iso2022jp_as_cp932
from tactful.mail.headers import decode_header, message_ids, parse_addresses, parse_date
from tactful.mail.htmltext import html_to_text, sanitize_html
from tactful.mail.parse import language_hint


@pytest.mark.parametrize("label, text, codec", [
    ("gb2312", "𠀀 is outside GB2312, 镕 too", "gb18030"),          # GB2312 label, GB18030 bytes
    ("big5", "香港增補字符集：嘅", "big5hkscs"),                       # Big5 label, HKSCS bytes
    ("koi8-r", "Здравствуйте", "koi8_r"),
    ("iso-8859-1", "€ and “quotes”", "cp1252"),                     # Latin-1 label, Windows-1252 bytes
    ("windows-1257", "Ar cieņu, Jānis", "cp1257"),
    ("iso-8859-13", "Lugupidamisega, Õie", "iso8859_13"),
    ("iso-2022-jp", "注文した商品", "iso2022_jp"),
    ("utf-7", "Übermittlung", "utf-7"),
    ("ks_c_5601-1987", "감사합니다", "cp949"),
])
def test_declared_charsets_and_their_supersets(label, text, codec):
    decoded = decode_bytes(text.encode(codec), label)
    assert decoded.text == text and not decoded.error


def test_nec_extensions_in_iso_2022_jp():
    data = "①１都３県".encode("cp932")  # build the JIS bytes through CP932 -> JIS
    jis = bytearray(b"\x1b$B")
    for i in range(0, len(data), 2):
        s1, s2 = data[i], data[i + 1]
        s1 -= 0x40 if s1 >= 0xE0 else 0
        j1 = (s1 - 0x81) * 2 + 0x21 + (1 if s2 >= 0x9F else 0)
        j2 = s2 - (0x7E if s2 >= 0x9F else (0x1F if s2 < 0x7F else 0x20))
        jis += bytes((j1, j2))
    jis += b"\x1b(B"
    assert iso2022jp_as_cp932(bytes(jis)) == "①１都３県"
    assert decode_bytes(bytes(jis), "iso-2022-jp").text == "①１都３県"


def test_mislabelled_charset_is_repaired_and_reported():
    decoded = decode_bytes("Grüße aus Köln".encode("utf-8"), "iso-8859-2")
    assert decoded.text == "Grüße aus Köln"
    decoded = decode_bytes("Привет, как дела?".encode("cp1251"), "utf-8")
    assert decoded.text == "Привет, как дела?" and "repaired" in decoded.error


def test_undecodable_bytes_are_kept_with_a_mark_and_an_error():
    decoded = decode_bytes(b"abc \x81\x8d\x8f\x90\x9d def", "utf-8")
    assert "abc" in decoded.text and "def" in decoded.text and decoded.error


def test_mixed_utf8_and_latin1_in_one_part():
    decoded = decode_bytes("Grüße ".encode() + "und Grüße".encode("latin-1"), "utf-8")
    assert decoded.text == "Grüße und Grüße" and "mixed" in decoded.error


@pytest.mark.parametrize("raw, text", [
    ("=?utf-8?q?Gr=C3=BC=C3=9Fe?= aus =?iso-8859-1?q?K=F6ln?=", "Grüße aus Köln"),
    ("=?utf-8?B?5L2g?= =?utf-8?B?5aW9?=", "你好"),                           # whitespace between words dropped
    ("=?utf-8?B?" + base64.b64encode("你好".encode()[:4]).decode() + "?= =?utf-8?B?"
     + base64.b64encode("你好".encode()[4:]).decode() + "?=", "你好"),      # a character split over two words
    ("Re:=?utf-8?Q?_Bestellung?=", "Re: Bestellung"),                      # glued to text
    ("=?utf-8?Q?with spaces inside=21?=", "with spaces inside!"),          # spaces inside the word
    ("=?UTF-8?B?SGVsbG8?=", "Hello"),                                      # missing padding
    ("=?gb2312?B?" + base64.b64encode("回复：订单".encode("gb18030")).decode() + "?=", "回复：订单"),
    ("=?utf-8*en?q?tag?=", "tag"),                                         # RFC 2231 language suffix
    ("plain\r\n folded", "plain folded"),
])
def test_encoded_words(raw, text):
    assert decode_header(raw)[0] == text


def test_addresses():
    parsed, _ = parse_addresses('"Müller, Hans" <hans@example.de>, =?utf-8?q?Jos=C3=A9?= <jose@example.es>, '
                                'bare@example.com, Namely (named@example.com)')
    assert [(a.name, a.address) for a in parsed] == [
        ("Müller, Hans", "hans@example.de"), ("José", "jose@example.es"), ("", "bare@example.com"),
        ("Namely", "named@example.com")]


def test_dates_keep_the_offset_and_default_to_utc():
    assert parse_date("Mon, 3 Mar 2025 10:15:00 +0100 (CET)")[0].isoformat() == "2025-03-03T10:15:00+01:00"
    assert parse_date("3 Mar 2025 10:15:00")[0].isoformat() == "2025-03-03T10:15:00+00:00"
    date, errors = parse_date("next tuesday-ish")
    assert date is None and errors


def test_message_ids_with_and_without_brackets():
    assert message_ids("<a@x> <b@y>\r\n <a@x>") == ("a@x", "b@y")
    assert message_ids("c@z") == ("c@z",)


def test_html_to_text_keeps_structure_and_drops_noise():
    html = ('<html><head><title>t</title><style>p{}</style></head><body><h1>Order</h1>'
            '<p>See <a href="https://x.example/a">the page</a> or <a href="mailto:s@x.example">mail us</a>.</p>'
            '<ol><li>one</li><li>two</li></ol><table><tr><td>Size</td><td>M</td></tr></table>'
            '<img src="https://t.example/p.gif" width="1" height="1"><img src="cid:a" alt="logo">'
            '<blockquote>old text</blockquote><script>evil()</script></body></html>')
    assert html_to_text(html) == ("Order\n\nSee the page (https://x.example/a) or mail us (s@x.example).\n\n"
                                  "1. one\n2. two\n\nSize M\n\n[logo]\n\n> old text")


def test_sanitizer_blocks_scripts_remote_images_and_bad_links():
    dirty = ('<p onclick="x()">Hi<script>alert(1)</script></p><img src="https://t.example/p.gif">'
             '<img src="cid:photo"><a href="javascript:alert(1)">x</a><a href="https://ok.example">ok</a>'
             '<iframe src="https://evil.example"></iframe><style>body{}</style>')
    clean = sanitize_html(dirty)
    for bad in ("onclick", "<script", "alert", "t.example", "javascript:", "<iframe", "<style"):
        assert bad not in clean
    assert 'src="cid:photo"' in clean and 'href="https://ok.example"' in clean and "noopener" in clean


@pytest.mark.parametrize("content_language, charsets, hint", [
    ("de-DE", [], "de"), ("zh-TW", [], "zh-Hant"), ("zh-CN", ["utf-8"], "zh"), ("", ["gb2312"], "zh"),
    ("", ["big5"], "zh-Hant"), ("", ["koi8-r"], "ru"), ("", ["utf-8"], ""), ("pt-BR, en", [], "pt"),
])
def test_language_hints(content_language, charsets, hint):
    assert language_hint(content_language, charsets) == hint


@pytest.mark.parametrize("headers, subject, sender, auto", [
    ({"auto-submitted": "auto-replied"}, "Hello", "a@x", True),
    ({"auto-submitted": "no"}, "Hello", "a@x", False),
    ({"x-autoreply": "yes"}, "Hello", "a@x", True),
    ({"precedence": "bulk"}, "Hello", "a@x", True),
    ({}, "Automatische Antwort: Bestellung", "a@x", True),
    ({}, "自动回复：订单", "a@x", True),
    ({}, "Автоматический ответ: заказ", "a@x", True),
    ({}, "Undelivered Mail Returned to Sender", "MAILER-DAEMON@x", True),
    ({}, "Re: automatic replies are great", "a@x", False),
])
def test_auto_replies(headers, subject, sender, auto):
    assert is_auto_reply(headers, subject=subject, sender=sender) is auto


@pytest.mark.parametrize("text, codec", [
    ("Привет, как дела?", "cp1251"), ("äöü café", "latin-1"), ("Grüße aus Köln, wie geht es?", "cp1252"),
    ("Здравствуйте! Куртка пришла с дыркой", "koi8-r"), ("您好，请问订单什么时候发货", "gb18030"),
    ("請問這件外套有L號嗎", "big5"), ("注文した商品がまだ", "shift_jis"), ("武兰成", "gb2312"),
])
def test_unlabelled_legacy_text_is_recognised(text, codec):
    decoded = decode_bytes(text.encode(codec), "no-such-charset")
    assert decoded.text == text and "repaired" in decoded.error
