"""Reply splitting rules one by one, with whole-output assertions (READ-WHOLE)."""

from __future__ import annotations

import pytest

from tactful.mail import split_reply


def test_long_company_footer_after_a_closing_is_signature():
    text = ("Please send 40 units of SKU LL-204.\n\nMit freundlichen Grüßen\n\nJohn Smith\nEinkauf\n\n"
            "Example Service AG & Co.\nSomeware-Str. 4\n12345 Someware\n\nTel.: +49 001 000 46\n"
            "www.example.com\n\nAG: Someware - HRA 123\nGeschäftsführung: A. Test, B. Test")
    split = split_reply(text)
    assert split.new_text == "Please send 40 units of SKU LL-204."
    assert split.signature.startswith("Mit freundlichen Grüßen\n\nJohn Smith")
    assert split.signoff.startswith("Mit freundlichen Grüßen")


def test_interleaved_answers_stay_with_their_questions():
    text = ("On Mon, 3 Mar 2025 at 10:00, Shop <s@shop.example> wrote:\n> Which colour?\n\nBlack.\n\n"
            "> Which size?\n\nM, please.")
    split = split_reply(text)
    assert split.new_text == "> Which colour?\n\nBlack.\n\n> Which size?\n\nM, please."
    assert split.quoted_text == ("On Mon, 3 Mar 2025 at 10:00, Shop <s@shop.example> wrote:\n"
                                 "> Which colour?\n> Which size?")


def test_a_forward_without_comment_is_the_message():
    text = ("---------- Forwarded message ---------\nFrom: Mum <mum@example.com>\nDate: Sat, 1 Mar 2025\n"
            "Subject: ring\n\nThe ring is size 52, not 54.")
    split = split_reply(text)
    assert split.new_text == "The ring is size 52, not 54."
    assert split.quoted_text.startswith("---------- Forwarded message ---------\nFrom: Mum")


def test_only_quotes_is_kept_as_written():
    assert split_reply("> just a quote").new_text == "> just a quote"


@pytest.mark.parametrize("header", [
    "On Mon, 3 Mar 2025 at 10:15, Shop <s@shop.example> wrote:",
    "Am Mo., 3. März 2025 um 10:15 Uhr schrieb Shop <s@shop.example>:",
    "Le lun. 3 mars 2025 à 10:15, Shop <s@shop.example> a écrit :",
    "El lun, 3 mar 2025 a las 10:15, Shop (<s@shop.example>) escribió:",
    "Em seg., 3 de mar. de 2025 às 10:15, Shop <s@shop.example> escreveu:",
    "在 2025年3月3日，上午10:15，Shop <s@shop.example> 写道：",
    "Shop <s@shop.example> 於 2025年3月3日 週一 上午10:15寫道：",
    "3 марта 2025 г., в 10:15, Shop <s@shop.example> написал(а):",
    "Понедельник, 3 марта 2025, 10:15 +03:00 от Shop <s@shop.example>:",
    "E, 3. märts 2025 kell 10:15 Shop <s@shop.example> kirjutas:",
    "2025. gada 3. marts 10:15, Shop <s@shop.example> rakstīja:",
    "------------------ 原始邮件 ------------------",
    "-----Original Message-----",
    "-----Ursprüngliche Nachricht-----",
    "Begin forwarded message:",
])
def test_quote_headers_in_every_language(header):
    text = f"My new text.\n\n{header}\n> Old text from the shop."
    split = split_reply(text)
    assert split.new_text == "My new text."
    assert split.quoted_text == f"{header}\n> Old text from the shop."


@pytest.mark.parametrize("block", [
    "From: Shop\nSent: Monday, March 3, 2025 10:15\nTo: Ann\nSubject: Order",
    "Von: Shop\nGesendet: Montag, 3. März 2025 10:15\nAn: Ann\nBetreff: Bestellung",
    "De : Shop\nEnvoyé : lundi 3 mars 2025 10:15\nÀ : Ann\nObjet : Commande",
    "De: Shop\nEnviado: lunes, 3 de marzo de 2025 10:15\nPara: Ann\nAsunto: Pedido",
    "De: Shop\nEnviada: segunda-feira, 3 de março de 2025 10:15\nPara: Ann\nAssunto: Encomenda",
    "发件人: Shop\n发送时间: 2025年3月3日 10:15\n收件人: Ann\n主题: 订单",
    "寄件者: Shop\n寄件日期: 2025年3月3日 10:15\n收件者: Ann\n主旨: 訂單",
    "От: Shop\nОтправлено: 3 марта 2025 г. 10:15\nКому: Ann\nТема: Заказ",
    "Saatja: Shop\nSaadetud: 3. märts 2025 10:15\nAdressaat: Ann\nTeema: Tellimus",
    "No: Shop\nNosūtīts: 2025. gada 3. marts 10:15\nKam: Ann\nTēma: Pasūtījums",
])
def test_outlook_header_blocks_in_every_language(block):
    split = split_reply(f"Thank you.\n\n________________________________\n{block}\n\nOld text.")
    assert split.new_text == "Thank you."
    assert split.quoted_text == f"________________________________\n{block}\n\nOld text."


@pytest.mark.parametrize("line", [
    "Sent from my iPhone", "Von meinem iPhone gesendet", "Envoyé de mon iPhone", "Enviado desde mi iPhone",
    "Enviado do meu iPhone", "发自我的iPhone", "從我的 iPhone 傳送", "Отправлено с iPhone",
    "Saadetud minu iPhone'ist", "Nosūtīts no mana iPhone", "Get Outlook for Android",
])
def test_mobile_signatures_in_every_language(line):
    split = split_reply(f"Is it in stock?\n\n{line}")
    assert (split.new_text, split.signature, split.signature_kind) == ("Is it in stock?", line, "mobile")


@pytest.mark.parametrize("closing, name", [
    ("Best regards,", "Ann"), ("Mit freundlichen Grüßen", "Anna"), ("Cordialement,", "Marie"),
    ("Saludos cordiales,", "Lucía"), ("Atenciosamente,", "João"), ("此致", "敬礼！"), ("謝謝！", "美玲"),
    ("С уважением,", "Иван"), ("Lugupidamisega", "Mari"), ("Ar cieņu,", "Jānis"),
])
def test_closings_in_every_language(closing, name):
    split = split_reply(f"Where is my parcel?\n\n{closing}\n{name}")
    assert split.new_text == "Where is my parcel?"
    assert split.signature == f"{closing}\n{name}" == split.signoff


def test_a_sentence_with_regards_is_not_a_closing():
    text = "Hello,\n\nWith regards to the payment, I sent it yesterday.\n\nThanks"
    split = split_reply(text)
    assert split.new_text == "Hello,\n\nWith regards to the payment, I sent it yesterday."
    assert split.signature == "Thanks"
