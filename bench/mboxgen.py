"""Generate a large mbox of realistic customer mail, deterministically (seeded).

    python bench/mboxgen.py --count 100000 --out /tmp/inbox.mbox [--seed 7]

Messages mix the ten served languages, charsets (UTF-8, GB2312, Big5, KOI8-R, Windows-1251,
ISO-8859-1/-13/-15, ISO-2022-JP), transfer encodings (8bit, quoted-printable, base64),
plain text, HTML alternatives, attachments, quoted replies in each language's client style,
"Sent from my ..." lines and threads (In-Reply-To/References). The same seed and count give
byte-identical output, so benchmark runs compare like with like.
"""

from __future__ import annotations

import argparse
import base64
import html
import quopri
import random
from datetime import datetime, timedelta, timezone
from email.header import Header
from email.utils import format_datetime
from pathlib import Path

# (language, customer lines, quote header template, closing, mobile line, charsets that fit)
LANGUAGES = {
    "en": (["Hi, I ordered the blue jacket in size M last week.",
            "Could you tell me when it will ship? I need it before Friday.",
            "The tracking number has not updated for five days.",
            "Is it possible to exchange it for a size L?"],
           "On {date}, {shop} <{shop_addr}> wrote:", "Best regards,", "Sent from my iPhone",
           ["utf-8", "us-ascii", "iso-8859-1"]),
    "de": (["Hallo, ich habe letzte Woche die blaue Jacke in Größe M bestellt.",
            "Können Sie mir sagen, wann sie verschickt wird? Ich brauche sie vor Freitag.",
            "Die Sendungsnummer wurde seit fünf Tagen nicht aktualisiert.",
            "Kann ich sie gegen Größe L umtauschen?"],
           "Am {date} schrieb {shop} <{shop_addr}>:", "Mit freundlichen Grüßen", "Von meinem iPhone gesendet",
           ["utf-8", "iso-8859-1", "windows-1252", "iso-8859-15"]),
    "fr": (["Bonjour, j'ai commandé la veste bleue en taille M la semaine dernière.",
            "Pourriez-vous me dire quand elle sera expédiée ? J'en ai besoin avant vendredi.",
            "Le numéro de suivi n'a pas été mis à jour depuis cinq jours.",
            "Est-il possible de l'échanger contre une taille L ?"],
           "Le {date}, {shop} <{shop_addr}> a écrit :", "Cordialement,", "Envoyé de mon iPhone",
           ["utf-8", "iso-8859-1", "windows-1252"]),
    "es": (["Hola, la semana pasada pedí la chaqueta azul en talla M.",
            "¿Podrían decirme cuándo la enviarán? La necesito antes del viernes.",
            "El número de seguimiento no se ha actualizado en cinco días.",
            "¿Es posible cambiarla por una talla L?"],
           "El {date}, {shop} <{shop_addr}> escribió:", "Saludos cordiales,", "Enviado desde mi iPhone",
           ["utf-8", "iso-8859-1"]),
    "pt": (["Olá, encomendei o casaco azul no tamanho M na semana passada.",
            "Podem dizer-me quando será enviado? Preciso dele antes de sexta-feira.",
            "O número de rastreio não é atualizado há cinco dias.",
            "É possível trocá-lo por um tamanho L?"],
           "Em {date}, {shop} <{shop_addr}> escreveu:", "Atenciosamente,", "Enviado do meu iPhone",
           ["utf-8", "iso-8859-1"]),
    "ru": (["Здравствуйте, на прошлой неделе я заказал синюю куртку размера M.",
            "Подскажите, пожалуйста, когда её отправят? Она нужна мне до пятницы.",
            "Трек-номер не обновлялся уже пять дней.",
            "Можно ли обменять её на размер L?"],
           "{date}, {shop} <{shop_addr}> написал(а):", "С уважением,", "Отправлено с iPhone",
           ["utf-8", "koi8-r", "windows-1251"]),
    "zh": (["您好，我上周订购了一件M码的蓝色夹克。",
            "请问什么时候发货？我周五之前需要。",
            "物流单号已经五天没有更新了。",
            "可以换成L码吗？"],
           "在 {date}，{shop} <{shop_addr}> 写道：", "此致", "发自我的iPhone",
           ["utf-8", "gb2312", "gb18030"]),
    "zh-Hant": (["您好，我上週訂購了一件M號的藍色夾克。",
                 "請問什麼時候出貨？我星期五之前需要。",
                 "物流單號已經五天沒有更新了。",
                 "可以換成L號嗎？"],
                "{shop} <{shop_addr}> 於 {date} 寫道：", "謝謝", "從我的 iPhone 傳送",
                ["utf-8", "big5"]),
    "et": (["Tere, tellisin eelmisel nädalal sinise jope suuruses M.",
            "Kas saate öelda, millal see teele pannakse? Mul on seda vaja enne reedet.",
            "Saadetise jälgimisnumbrit pole viis päeva uuendatud.",
            "Kas seda saab vahetada suuruse L vastu?"],
           "{date} {shop} <{shop_addr}> kirjutas:", "Lugupidamisega", "Saadetud minu iPhone'ist",
           ["utf-8", "iso-8859-15", "iso-8859-13"]),
    "lv": (["Labdien, pagājušajā nedēļā pasūtīju zilo jaku M izmērā.",
            "Vai varat pateikt, kad tā tiks nosūtīta? Man tā vajadzīga līdz piektdienai.",
            "Sūtījuma izsekošanas numurs nav atjaunināts piecas dienas.",
            "Vai to var apmainīt pret L izmēru?"],
           "{date}, {shop} <{shop_addr}> rakstīja:", "Ar cieņu,", "Nosūtīts no mana iPhone",
           ["utf-8", "iso-8859-13", "windows-1257"]),
}
SHOP_REPLY = "Thank you for your message. Your order {order} was shipped on Monday; the tracking number is {track}."
NAMES = ["Anna Schmidt", "Li Wei", "María García", "Jean Dupont", "Иван Петров", "João Silva",
         "Mari Tamm", "Jānis Bērziņš", "陳美玲", "John Smith", "Olga Ivanova", "Pierre Martin"]
SUBJECTS = {"en": "Question about my order", "de": "Frage zu meiner Bestellung",
            "fr": "Question sur ma commande", "es": "Pregunta sobre mi pedido",
            "pt": "Pergunta sobre a minha encomenda", "ru": "Вопрос о заказе", "zh": "关于我的订单",
            "zh-Hant": "關於我的訂單", "et": "Küsimus tellimuse kohta", "lv": "Jautājums par pasūtījumu"}
REPLY_PREFIX = {"en": "Re: ", "de": "AW: ", "fr": "RE: ", "es": "RE: ", "pt": "Re: ", "ru": "Ответ: ",
                "zh": "回复：", "zh-Hant": "回覆：", "et": "Vs: ", "lv": "Atb: "}


def _encode_body(text: str, charset: str, rng: random.Random) -> tuple[bytes, str, str]:
    """Body bytes, the charset label and the transfer encoding actually used."""
    try:
        data = text.encode(charset)
    except UnicodeEncodeError:
        charset, data = "utf-8", text.encode("utf-8")
    if charset == "us-ascii" and not data.isascii():
        charset = "utf-8"
    choice = rng.random()
    if data.isascii() and choice < 0.5:
        return data, charset, "7bit"
    if choice < 0.4:
        return data, charset, "8bit"
    if choice < 0.75:
        return quopri.encodestring(data), charset, "quoted-printable"
    return base64.encodebytes(data), charset, "base64"


def _part(content_type: str, text: str, charset: str, rng: random.Random) -> bytes:
    data, label, cte = _encode_body(text, charset, rng)
    head = f"Content-Type: {content_type}; charset=\"{label}\"\nContent-Transfer-Encoding: {cte}\n\n"
    return head.encode("ascii") + data.replace(b"\r\n", b"\n") + b"\n"


def _attachment(rng: random.Random, index: int) -> bytes:
    kind = rng.choice([("image/png", "photo.png"), ("application/pdf", "invoice.pdf"),
                       ("image/jpeg", "damage.jpg")])
    payload = bytes(rng.getrandbits(8) for _ in range(rng.choice((800, 3000, 12000))))
    body = base64.encodebytes(payload).decode("ascii")
    name = f"{index}-{kind[1]}"
    return (f"Content-Type: {kind[0]}; name=\"{name}\"\nContent-Disposition: attachment; "
            f"filename=\"{name}\"\nContent-Transfer-Encoding: base64\n\n{body}\n").encode("ascii")


def generate_message(i: int, rng: random.Random, start: datetime) -> bytes:
    """One raw RFC 5322 message (LF line endings, as an mbox holds them)."""
    language = rng.choice(list(LANGUAGES))
    lines, header, closing, mobile, charsets = LANGUAGES[language]
    charset = rng.choice(charsets)
    name = rng.choice(NAMES)
    address = f"customer{i % 5000}@example.{rng.choice(['com', 'de', 'cn', 'ru', 'ee', 'lv'])}"
    when = start + timedelta(minutes=7 * i + rng.randint(0, 5))
    thread = i % 3000
    is_reply = rng.random() < 0.45
    order, track = f"#{100000 + thread}", f"LX{700000000 + thread}CN"
    body_lines = rng.sample(lines, rng.randint(2, 4))
    text = "\n\n".join(body_lines) + f"\n\nOrder {order}\n\n{closing}\n{name}\n"
    if rng.random() < 0.2:
        text += f"\n{mobile}\n"
    if is_reply:
        quoted = SHOP_REPLY.format(order=order, track=track)
        text += "\n" + header.format(date=format_datetime(when - timedelta(days=1)), shop="Shop Support",
                                     shop_addr="support@shop.example") + "\n> " + quoted + "\n>\n> Kind regards,\n> Shop\n"
    subject = (REPLY_PREFIX[language] if is_reply else "") + SUBJECTS[language] + f" {order}"
    try:
        subject_header = Header(subject, "utf-8" if not subject.isascii() else "us-ascii").encode()
    except UnicodeError:
        subject_header = subject
    from_header = Header(name, "utf-8").encode() if not name.isascii() else name
    head = [f"From: {from_header} <{address}>", "To: Shop Support <support@shop.example>",
            f"Subject: {subject_header}", f"Date: {format_datetime(when)}",
            f"Message-ID: <m{i}.{thread}@mail.example>", "MIME-Version: 1.0"]
    if is_reply:
        head += [f"In-Reply-To: <shop{thread}@shop.example>", f"References: <t{thread}@mail.example> <shop{thread}@shop.example>"]
    shape = rng.random()
    boundary = f"=_b{i}_{rng.getrandbits(32):08x}"
    html_text = "<html><head><style>p{margin:0}</style></head><body>" + "".join(
        f"<p>{html.escape(line)}</p>" for line in text.split("\n\n")) + \
        "<img src=\"https://track.example/p.gif\" width=\"1\" height=\"1\"></body></html>"
    if shape < 0.45:
        head.append("Content-Type: text/plain; charset=x")  # replaced by the part header below
        part = _part("text/plain", text, charset, rng)
        head.pop()
        body = part
        raw = ("\n".join(head) + "\n").encode("utf-8") + body
    elif shape < 0.8:
        alternative = b"".join([
            f"--{boundary}\n".encode(), _part("text/plain", text, charset, rng),
            f"--{boundary}\n".encode(), _part("text/html", html_text, charset, rng),
            f"--{boundary}--\n".encode()])
        raw = ("\n".join(head) + f"\nContent-Type: multipart/alternative; boundary=\"{boundary}\"\n\n").encode("utf-8") + alternative
    else:
        parts = [f"--{boundary}\n".encode(), _part("text/plain", text, charset, rng)]
        for k in range(rng.randint(1, 2)):
            parts += [f"--{boundary}\n".encode(), _attachment(rng, k + 1)]
        parts.append(f"--{boundary}--\n".encode())
        raw = ("\n".join(head) + f"\nContent-Type: multipart/mixed; boundary=\"{boundary}\"\n\n").encode("utf-8") + b"".join(parts)
    return raw


def write_mbox(path: Path, count: int, seed: int = 7) -> Path:
    """Write ``count`` messages to ``path`` as an mboxrd file and return the path."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, 8, 0, tzinfo=timezone.utc)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for i in range(count):
            raw = generate_message(i, rng, start)
            out.write(f"From customer{i % 5000}@example.com Wed Jan  1 08:00:00 2025\n".encode("ascii"))
            for line in raw.splitlines(keepends=True):
                stripped = line.lstrip(b">")
                out.write(b">" + line if stripped.startswith(b"From ") else line)
            if not raw.endswith(b"\n"):
                out.write(b"\n")
            out.write(b"\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    path = write_mbox(args.out, args.count, args.seed)
    print(f"wrote {args.count} messages to {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
