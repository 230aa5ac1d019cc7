"""Build the sample inbox: real RFC 5322 messages from the per-language YAML specs.

Each spec entry becomes one ``NNN-<lang>-<case>.eml`` written with the standard library's
``email`` package (so headers are encoded the way mail clients do it), plus one INDEX.csv row with
the labels the email is meant to exercise.
"""

from __future__ import annotations

import csv
import hashlib
import html
import re
import struct
import zlib
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses
from pathlib import Path

import yaml

SHOP_ADDRESS = "Linden & Loom <care@lindenloom.example>"
LANGS = ("en", "zh", "zh-Hant", "es", "de", "fr", "ru", "pt", "et", "lv")

MAILERS = {
    "gmail": None,  # Gmail sets no X-Mailer; its Message-IDs look like <CA...@mail.gmail.com>
    "apple": ("X-Mailer", "Apple Mail (2.3826.200.121)"),
    "iphone": ("X-Mailer", "iPhone Mail (22B91)"),
    "outlook": ("X-Mailer", "Microsoft Outlook 16.0"),
    "thunderbird": ("User-Agent", "Mozilla Thunderbird 128.4.2"),
    "foxmail": ("X-Mailer", "Foxmail 7.2.25.228[cn]"),
    "yandex": ("X-Mailer", "Yandex.Mail"),
}

MONTHS = {
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
    "ru": "янв. февр. мар. апр. мая июн. июл. авг. сент. окт. нояб. дек.".split(),
    "de": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.".split(),
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split(),
    "es": "ene ene feb mar abr may jun jul ago sept oct nov dic".split()[1:],
    "pt": "jan. fev. mar. abr. mai. jun. jul. ago. set. out. nov. dez.".split(),
    "et": "jaan veebr märts apr mai juuni juuli aug sept okt nov dets".split(),
    "lv": "janv. febr. marts apr. maijs jūn. jūl. aug. sept. okt. nov. dec.".split(),
}


def quote_header(lang: str, when: datetime, who: str) -> str:
    """The "On <date>, <who> wrote:" line in the style of the customer's mail client."""
    d, m, y, hm = when.day, when.month, when.year, when.strftime("%H:%M")
    if lang == "en":
        return f"On {when.strftime('%a')}, {d} {MONTHS['en'][m - 1]} {y} at {hm}, {who} wrote:"
    if lang == "ru":
        return f"{d} {MONTHS['ru'][m - 1]} {y} г., в {hm}, {who} написал(а):"
    if lang == "de":
        return f"Am {d:02d}.{m:02d}.{y} um {hm} schrieb {who}:"
    if lang == "fr":
        return f"Le {d} {MONTHS['fr'][m - 1]} {y} à {hm}, {who} a écrit :"
    if lang == "es":
        return f"El {d} {MONTHS['es'][m - 1]} {y}, a las {hm}, {who} escribió:"
    if lang == "pt":
        return f"Em {d} de {MONTHS['pt'][m - 1]} de {y}, às {hm}, {who} escreveu:"
    if lang in ("zh", "zh-Hant"):
        return f"{y}年{m}月{d}日 {hm}，{who} 写道：" if lang == "zh" else f"{y}年{m}月{d}日 {hm}，{who} 寫道："
    if lang == "et":
        return f"{d}. {MONTHS['et'][m - 1]} {y} kell {hm} kirjutas {who}:"
    return f"{y}. gada {d}. {MONTHS['lv'][m - 1]}, plkst. {hm}, {who} rakstīja:"


def png_bytes(seed: str, size: int = 16) -> bytes:
    """A small, valid PNG (a soft two-tone square) standing in for a customer's photo."""
    digest = hashlib.sha1(seed.encode()).digest()
    a, b = digest[:3], digest[3:6]
    rows = b"".join(b"\x00" + b"".join(a if (x // 4 + y // 4) % 2 else b for x in range(size))
                    for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + \
        chunk(b"IEND", b"")


def _address(text: str) -> Address:
    (name, addr), = getaddresses([text])
    user, _, domain = addr.partition("@")
    return Address(display_name=name, username=user, domain=domain)


def _message_id(key: str, sender: Address, mailer: str) -> str:
    digest = hashlib.sha1(key.encode()).hexdigest()
    if mailer == "gmail":
        return f"<CAJ{digest[:8].upper()}+{digest[8:30]}@mail.gmail.com>"
    if mailer == "outlook":
        return f"<{digest[:12].upper()}.{digest[12:20].upper()}@{sender.domain}>"
    return f"<{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:28]}@{sender.domain}>"


def _html(body: str) -> str:
    """The HTML alternative a webmail client would send for the same text."""
    out, quote = [], []
    for para in re.split(r"\n\s*\n", body.strip()):
        lines = para.splitlines()
        if all(line.startswith(">") for line in lines):
            quote.append("<br>".join(html.escape(line.lstrip("> "), quote=False) for line in lines))
            continue
        out.append("<div>" + "<br>".join(html.escape(line, quote=False) for line in lines) + "</div><div><br></div>")
    if quote:
        out.append('<blockquote style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">'
                   + "<br><br>".join(quote) + "</blockquote>")
    return '<html><head><meta charset="utf-8"></head><body><div dir="ltr">' + "".join(out) + "</div></body></html>"


def _fill(text: str, orders: dict[str, dict]) -> str:
    """Replace {tracking:LL-10215} with that order's tracking number (computed, check digit valid)."""
    def sub(m: re.Match) -> str:
        return orders[m.group(1)]["tracking_number"]
    return re.sub(r"\{tracking:(LL-\d{5})\}", sub, text)


def build_message(spec: dict, lang: str, orders: dict[str, dict], by_file: dict[str, dict]) -> EmailMessage:
    sender = _address(spec["from"])
    when = datetime.fromisoformat(str(spec["date"]))
    mailer = spec.get("mailer", "gmail")
    body = _fill(spec["body"].rstrip() + "\n", orders)

    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = spec.get("to", SHOP_ADDRESS)
    msg["Subject"] = _fill(spec["subject"], orders)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = _message_id(spec["file"], sender, mailer)
    if MAILERS.get(mailer):
        msg[MAILERS[mailer][0]] = MAILERS[mailer][1]
    if spec.get("language_header", True) and lang not in ("en",):
        msg["Content-Language"] = {"zh": "zh-CN", "zh-Hant": "zh-TW"}.get(lang, lang)

    earlier = by_file.get(spec.get("reply_to", ""))
    if earlier is not None:
        first = datetime.fromisoformat(str(earlier["date"]))
        msg["In-Reply-To"] = _message_id(earlier["file"], _address(earlier["from"]), earlier.get("mailer", "gmail"))
        msg["References"] = msg["In-Reply-To"]
        who = earlier["from"]
        quoted = "\n".join("> " + line if line else ">" for line in
                           _fill(earlier["body"].rstrip(), orders).splitlines())
        body += f"\n{quote_header(lang, first, who)}\n{quoted}\n"
    elif spec.get("quote"):
        q = spec["quote"]
        ref = f"<{hashlib.sha1(q['body'].encode()).hexdigest()[:20]}@lindenloom.example>"
        msg["In-Reply-To"] = ref
        msg["References"] = ref
        quoted = "\n".join("> " + line if line else ">" for line in _fill(q["body"].rstrip(), orders).splitlines())
        body += f"\n{quote_header(lang, datetime.fromisoformat(str(q['date'])), q['from'])}\n{quoted}\n"
    if spec.get("forward"):
        f = spec["forward"]
        body += ("\n---------- Forwarded message ---------\n"
                 f"From: {f['from']}\nDate: {f['date']}\nSubject: {f['subject']}\nTo: {f['to']}\n\n"
                 f"{f['body'].rstrip()}\n")

    # Older clients still send legacy charsets (GBK from Foxmail, KOI8-R, Latin-1); "charset" keeps that.
    charset = spec.get("charset", "utf-8")
    if spec.get("html_only"):
        msg.set_content(_html(body), subtype="html", charset=charset)
    else:
        msg.set_content(body, subtype="plain", charset=charset,
                        cte=spec.get("cte") or ("8bit" if charset == "utf-8" and lang in
                                                ("de", "fr", "es", "pt", "et", "lv") else None))
    if spec.get("html"):
        msg.add_alternative(_html(body), subtype="html", charset=charset)
    for name in spec.get("attach", ()):
        if msg.get_content_type() != "multipart/mixed":
            msg.make_mixed()
        msg.add_attachment(png_bytes(spec["file"] + name), maintype="image", subtype="png", filename=name)
    _fixed_boundaries(msg, spec["file"])
    return msg


def _fixed_boundaries(msg: EmailMessage, key: str) -> None:
    # The stdlib picks random MIME boundaries; fixed ones keep regeneration byte-identical.
    for i, part in enumerate(msg.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_{hashlib.sha1(f'{key}{i}'.encode()).hexdigest()[:24]}")


def load_specs(folder: Path) -> list[tuple[str, dict]]:
    specs = []
    for lang in LANGS:
        path = folder / f"inbox_{lang}.yaml"
        for spec in yaml.safe_load(path.read_text(encoding="utf-8")):
            specs.append((lang, spec))
    return specs


def build_inbox(spec_dir: Path, out_dir: Path, orders: dict[str, dict]) -> int:
    specs = load_specs(spec_dir)
    by_file = {spec["file"]: spec for _, spec in specs}
    rows, messages = [], {}
    for lang, spec in specs:          # build everything first: a bad spec leaves the inbox untouched
        for oid in spec.get("orders", ()):
            if oid not in orders:
                raise SystemExit(f"{spec['file']}: order {oid} is not in order_list.py")
        messages[f"{spec['file']}.eml"] = bytes(build_message(spec, lang, orders, by_file))
        rows.append({
            "file": f"{spec['file']}.eml", "language": lang, "intents": ";".join(spec["intents"]),
            "case": spec["case"], "orders": ";".join(spec.get("orders", ())),
            "sender": _address(spec["from"]).addr_spec.lower(),
            "expect": ";".join(_fill(e, orders) for e in spec.get("expect", ())),
            "notes": spec.get("notes", ""),
        })
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("*.eml"):
        if stale.name not in messages:
            stale.unlink()
    for name, data in messages.items():
        (out_dir / name).write_bytes(data)
    with (out_dir / "INDEX.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "language", "intents", "case", "orders", "sender",
                                                    "expect", "notes"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: r["file"]))
    return len(rows)
