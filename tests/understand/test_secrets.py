"""READ-SECRET: find every pasted card, code, password and bank credential; flag nothing else."""

from __future__ import annotations

import email
import email.policy
import html
import re
from pathlib import Path

import pytest

from tactful.understand.secrets import find_secrets, iban_valid, luhn_valid, mask_secrets


def luhn_complete(prefix: str) -> str:
    """A real-shaped card number: ``prefix`` plus its Luhn check digit."""
    return next(prefix + d for d in "0123456789" if luhn_valid(prefix + d))


def grouped(number: str, sizes: tuple[int, ...], sep: str = " ") -> str:
    out, pos = [], 0
    for size in sizes:
        out.append(number[pos:pos + size])
        pos += size
    return sep.join(out)


VISA = "4242424242424242"
VISA_13 = luhn_complete("422222222222")
MASTERCARD = "5555555555554444"
MC_2SERIES = "2223003122003222"
AMEX = "378282246310005"
DISCOVER = "6011111111111117"
JCB = "3566002020360505"
DINERS_14 = "36227206271667"
UNIONPAY_16 = "6200000000000005"
UNIONPAY_17 = luhn_complete("6212345678901234")
UNIONPAY_18 = luhn_complete("62123456789012345")
UNIONPAY_19 = luhn_complete("621234567890123456")
MAESTRO = "6759649826438453"
MAESTRO_19 = luhn_complete("675964982643845312")
MIR = luhn_complete("220012345678901")

CARDS = [
    ("en", f"My card number is {grouped(VISA, (4, 4, 4, 4))}, please charge it."),
    ("en", f"Visa {VISA_13} (old card)"),
    ("en", f"Mastercard: {grouped(MASTERCARD, (4, 4, 4, 4), '-')}"),
    ("en", f"try this one {MC_2SERIES}"),
    ("en", f"Amex {grouped(AMEX, (4, 6, 5))}"),
    ("en", f"Discover {DISCOVER}"),
    ("en", f"JCB card {grouped(JCB, (4, 4, 4, 4))}"),
    ("en", f"Diners {grouped(DINERS_14, (4, 6, 4))}"),
    ("zh", f"卡号是 {grouped(UNIONPAY_16, (4, 4, 4, 4))}，帮我扣款。"),
    ("zh", f"银联卡{UNIONPAY_19}，有效期 11/27"),
    ("zh-Hant", f"我直接把卡號給你們：{grouped(MASTERCARD, (4, 4, 4, 4), '-')}"),
    ("zh-Hant", f"信用卡 {UNIONPAY_17}"),
    ("de", f"Kartennummer {grouped(VISA, (4, 4, 4, 4))}, gültig bis 12/28"),
    ("de", f"Meine Maestro-Karte: {grouped(MAESTRO_19, (4, 4, 4, 4, 3))}"),
    ("es", f"Número de tarjeta: {grouped(MAESTRO, (4, 4, 4, 4))}"),
    ("es", f"La tarjeta es {UNIONPAY_18}"),
    ("fr", f"Voici ma carte bancaire : {grouped(VISA, (4, 4, 4, 4))}"),
    ("fr", f"numéro de carte {grouped(AMEX, (4, 6, 5))}"),
    ("ru", f"Номер карты {grouped(MIR, (4, 4, 4, 4))}, спишите сами."),
    ("ru", f"карта {MASTERCARD}"),
    ("pt", f"O número do cartão é {grouped(VISA, (4, 4, 4, 4))}."),
    ("pt", f"cartão {grouped(MC_2SERIES, (4, 4, 4, 4))}"),
    ("et", f"Kaardi number {grouped(MASTERCARD, (4, 4, 4, 4))}, kehtiv kuni 05/27."),
    ("et", f"Minu kaart: {DISCOVER}"),
    ("lv", f"Kartes numurs {grouped(VISA, (4, 4, 4, 4))}."),
    ("lv", f"maksājumu karte {grouped(UNIONPAY_16, (4, 4, 4, 4), '-')}"),
    ("en", f"{grouped(VISA, (4, 4, 4, 4))}"),                 # no cue at all: still a card
]


@pytest.mark.parametrize("language,text", CARDS)
def test_card_numbers_in_every_language(language, text):
    kinds = [s.kind for s in find_secrets(text)]
    assert "card_number" in kinds, text


FULL_CARD_DETAILS = [
    ("en", f"Card {grouped(VISA, (4, 4, 4, 4))} exp 09/27 cvv 123", ["card_number", "card_expiry", "cvv"]),
    ("en", f"{grouped(VISA, (4, 4, 4, 4))} 09/27 123", ["card_number", "card_expiry", "cvv"]),
    ("zh", f"卡号是 {grouped(VISA, (4, 4, 4, 4))}，有效期 11/27，安全码 802。", ["card_number", "card_expiry", "cvv"]),
    ("zh-Hant", f"卡號：{grouped(MASTERCARD, (4, 4, 4, 4), '-')}，到期日 03/29，背面三碼 551。",
     ["card_number", "card_expiry", "cvv"]),
    ("de", f"Kartennummer {grouped(VISA, (4, 4, 4, 4))}, gültig bis 12/28, Prüfziffer 604.",
     ["card_number", "card_expiry", "cvv"]),
    ("es", f"Tarjeta {grouped(VISA, (4, 4, 4, 4))}, caduca 10/26, código de seguridad 321.",
     ["card_number", "card_expiry", "cvv"]),
    ("fr", f"Carte {grouped(VISA, (4, 4, 4, 4))}, date d'expiration 08/27, cryptogramme 456.",
     ["card_number", "card_expiry", "cvv"]),
    ("ru", f"Номер карты {grouped(MASTERCARD, (4, 4, 4, 4))}, срок действия 12/26, CVV 321.",
     ["card_number", "card_expiry", "cvv"]),
    ("pt", f"Cartão {grouped(VISA, (4, 4, 4, 4))}, validade 07/28, código de segurança 777.",
     ["card_number", "card_expiry", "cvv"]),
    ("et", f"Kaart {grouped(VISA, (4, 4, 4, 4))}, kehtiv kuni 05/27, turvakood 909.",
     ["card_number", "card_expiry", "cvv"]),
    ("lv", f"Karte {grouped(VISA, (4, 4, 4, 4))}, derīga līdz 06/27, drošības kods 111.",
     ["card_number", "card_expiry", "cvv"]),
    ("en", f"Amex {grouped(AMEX, (4, 6, 5))} CID 1234", ["card_number", "cvv"]),
]


@pytest.mark.parametrize("language,text,kinds", FULL_CARD_DETAILS)
def test_expiry_and_security_code_beside_a_card(language, text, kinds):
    assert [s.kind for s in find_secrets(text)] == kinds


CREDENTIALS = [
    ("en", "My password is Tr0ub4dor&3, can you log in and check?", ["password"]),
    ("en", "password: hunter22", ["password"]),
    ("en", "Online banking login: jsmith77, password: S3cret!", ["bank_login", "password"]),
    ("en", "The PIN is 4831.", ["pin"]),
    ("en", "card pin: 4831", ["pin"]),
    ("en", "iban de89 3704 0044 0532 0130 00 (typed in lower case)", ["iban"]),
    ("zh", "我的密码是abc12345，帮我看看。", ["password"]),
    ("zh", "网银用户名 zhang_wei88，登录密码 Zw!2024pay", ["bank_login", "password"]),
    ("zh-Hant", "退款請直接轉到我的網上銀行，登入名稱 kawing88，密碼 Kw!2468hk。", ["bank_login", "password"]),
    ("de", "Passwort: Sommer2024!", ["password"]),
    ("de", "Mein Online-Banking: Benutzername mmueller1, Kennwort Haus#123, PIN 12345",
     ["bank_login", "password", "pin"]),
    ("es", "Mi contraseña es Luna_2023, ¿podéis entrar?", ["password"]),
    ("fr", "Mon identifiant est bleclerc et mon mot de passe est Velo-Rouge-88.", ["password"]),
    ("ru", "Логин zhukova_l, пароль Lilia1965! Посмотрите заказ.", ["password"]),
    ("ru", "Интернет-банк: логин ivan.petrov, пароль Qwerty!23", ["bank_login", "password"]),
    ("pt", "A minha senha é Praia2024#.", ["password"]),
    ("et", "Kasutajanimi mart.kask, salasõna Mets!2024.", ["password"]),
    ("lv", "Internetbankā: lietotājvārds rihards.s, parole Ziema#2025.", ["bank_login", "password"]),
    ("zh-Hant", "我登入唔到，密碼係 Shatin#88，幫我睇下張單。", ["password"]),        # Cantonese "is"
    ("zh-Hant", "我的網路銀行登入帳號是 lin_mei2025，密碼 Lm@2025tw。", ["bank_login", "password"]),
    ("ru", "Зайдите сами: логин в Сбербанке kpetrova_77, пароль Zima2026!", ["bank_login", "password"]),
    ("en", "My login for the online bank is jd_1984x, can you check the transfer?", ["bank_login"]),
    ("en", "Please refund to IBAN DE89 3704 0044 0532 0130 00.", ["iban"]),
    ("fr", "Remboursez sur mon compte : FR14 2004 1010 0505 0001 3M02 606.", ["iban"]),
    ("lv", "Mans konts LV80BANK0000435195001.", ["iban"]),
    ("et", "Konto EE382200221020145685, palun.", ["iban"]),
]


@pytest.mark.parametrize("language,text,kinds", CREDENTIALS)
def test_passwords_logins_pins_and_ibans(language, text, kinds):
    assert [s.kind for s in find_secrets(text)] == kinds


TRAPS = [
    f"My order number is {luhn_complete('400000000000000')}.",                  # Luhn-valid order id
    f"订单号：{luhn_complete('622000000000000')}，还没发货",
    f"Bestellnummer {luhn_complete('510000000000000')}",
    f"Номер заказа {luhn_complete('220000000000000')}",
    f"Tracking: {luhn_complete('420000000000000')}",
    "Tracking RR123456785CN and UPS 1Z999AA10123456784",
    "USPS 9400111899223100000000",
    "Call me on +49 4242 4242 4242 4242 or +7 (912) 345-67-89",
    "Phone: 4242 4242 4242 4242",
    "EAN 4006381333931, IMEI 356938035643809",
    "Order placed on 2026-03-01 for €1.234,56, invoice RE-2026-000123",
    "Order ref DE89370400440532013001 (not a bank account)",                    # IBAN-shaped, bad check
    "My password is not working and my PIN was blocked.",
    "I forgot my password. The password reset link doesn't work.",
    "Passwort vergessen, bitte Link schicken.",
    "пароль не подходит, что делать?",
    "密码错误，无法登录。",
    "密碼係咪要重設？我登入唔到。",
    "Мой логин в интернет-банке не работает, помогите.",
    "I tried my login at the bank twice today.",
    "My passcode was denied.",
    "What is the CVV on my card and where do I find it?",
    "The card expires 05/27, is that a problem?",
    "pin code for the locker 2 was wrong",                                     # lower-case "pin": a brooch
    "Reference 4242-4242-4242-4242-4242",                                      # five groups: no card shape
    "https://shop.example/track?id=4242424242424242",
    "SKU 4242424242424242 is out of stock? EAN 4242424242424242",
]


@pytest.mark.parametrize("text", TRAPS)
def test_no_false_positives_on_look_alikes(text):
    assert find_secrets(text) == ()


def test_mask_keeps_last_four_digits_of_a_card_and_hides_the_rest():
    text = f"Card {grouped(VISA, (4, 4, 4, 4))} exp 09/27 cvv 123, password: Tr0ub4dor&3"
    masked = mask_secrets(text, find_secrets(text))
    assert masked == ("Card **** **** **** 4242 exp [card expiry removed] cvv [security code removed], "
                      "password: [password removed]")
    assert find_secrets(masked) == ()


def test_mask_iban_keeps_its_end():
    text = "IBAN DE89 3704 0044 0532 0130 00 please"
    assert mask_secrets(text, find_secrets(text)) == "IBAN [IBAN removed, ends 3000] please"


def test_spans_are_exact_and_ordered():
    text = f"pw: Abc!2345 and card {VISA}"
    secrets = find_secrets(text)
    assert [text[s.start:s.end] for s in secrets] == ["Abc!2345", VISA]


def test_check_digit_helpers():
    assert luhn_valid(VISA) and not luhn_valid(VISA[:-1] + "3")
    assert iban_valid("DE89370400440532013000") and not iban_valid("DE89370400440532013001")


# ------------------------------------------------------------------ real-world corpus


def _bodies(raw: bytes) -> list[str]:
    """Text parts of one message, decoded with the stdlib (no dependency on tactful.mail)."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    out = []
    for part in msg.walk():
        if part.is_multipart() or part.get_content_maintype() != "text" \
                or part.get_content_disposition() == "attachment":
            continue
        try:
            text = part.get_content()
        except Exception:  # noqa: BLE001 - undecodable charset: read the bytes leniently
            text = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
        if part.get_content_subtype() == "html":
            text = html.unescape(re.sub(r"(?s)<[^>]+>", " ", text))
        out.append(text)
    return out


def test_zero_false_positives_on_the_zammad_corpus(corpora: Path):
    boxes = sorted((corpora / "zammad-mail").rglob("*.box"))
    assert len(boxes) >= 100
    found = []
    for box in boxes:
        for body in _bodies(box.read_bytes()):
            found += [(box.name, s.kind, body[s.start:s.end]) for s in find_secrets(body)]
    assert found == []
