"""PLAYBOOK §2: one short customer line per intent, in languages whose data was written
separately (zh-Hant wording, Russian, Estonian, Latvian). Written for the tests; neither
training examples nor evaluation emails."""

import pytest

from tactful.understand import analyze_text

LINES = {
    "zh-Hant": [
        ("請問什麼時候出貨？", "shipping.time"), ("東西壞掉了，怎麼辦？", "delivery.damaged"),
        ("少寄了一件褲子。", "delivery.missing_item"), ("寄錯顏色了，我買的是黑色。", "delivery.wrong_item"),
        ("我想取消訂單。", "order.cancel"), ("可以改收件地址嗎？", "order.change"),
        ("兩筆訂單可以合併寄送嗎？", "order.combine"), ("有沒有優惠？", "price.discount"),
        ("我想批發100件。", "price.wholesale"), ("這件有現貨嗎？", "product.availability"),
        ("可以貨到付款嗎？", "payment.methods"), ("刷卡一直失敗。", "payment.failed"),
        ("包裹一直沒到。", "delivery.not_received"), ("請問退款什麼時候會到帳？", "refund.status"),
        ("我想退貨。", "return.request"), ("客服態度很差。", "complaint.service"),
        ("寫了兩封信都沒回。", "followup.reminder"), ("建議可以增加尺寸表。", "feedback.suggestion"),
        ("我給了五星評價。", "feedback.review"), ("身高165體重55要穿什麼尺寸？", "product.size_advice"),
        ("這是純棉的嗎？", "product.question"), ("寄到香港要多少運費？", "shipping.options"),
    ],
    "ru": [
        ("Из чего сделана сумка?", "product.question"), ("Есть ли размер S?", "product.availability"),
        ("Какой размер взять при росте 170?", "product.size_advice"), ("Сделаете скидку?", "price.discount"),
        ("Какая цена оптом?", "price.wholesale"), ("Доставляете в Литву?", "shipping.options"),
        ("Не проходит оплата картой.", "payment.failed"), ("Можно оплатить наличными?", "payment.methods"),
        ("Отмените заказ.", "order.cancel"), ("Поменяйте адрес доставки.", "order.change"),
        ("Отправьте два заказа вместе.", "order.combine"), ("Где моя посылка?", "shipping.status"),
        ("Когда отправите?", "shipping.time"), ("Посылка не пришла.", "delivery.not_received"),
        ("Прислали не тот цвет.", "delivery.wrong_item"), ("В посылке не хватает ремня.", "delivery.missing_item"),
        ("Чашка пришла разбитая.", "delivery.damaged"), ("Хочу вернуть товар.", "return.request"),
        ("Где мои деньги за возврат?", "refund.status"), ("Оставила вам отзыв.", "feedback.review"),
        ("Предлагаю добавить больше цветов.", "feedback.suggestion"),
        ("Спасибо, все отлично!", "feedback.compliment"), ("Ваш оператор нагрубил мне.", "complaint.service"),
        ("Вы получили мое письмо?", "followup.reminder"),
    ],
    "et": [
        ("Mis materjalist kott on?", "product.question"),
        ("Mis suurus sobib kui olen 170 cm?", "product.size_advice"),
        ("Kas teete allahindlust?", "price.discount"), ("Mis on hulgihind?", "price.wholesale"),
        ("Kas saadate Leetu?", "shipping.options"), ("Kaardimakse ei lähe läbi.", "payment.failed"),
        ("Kas saab sularahas maksta?", "payment.methods"), ("Tühistage tellimus.", "order.cancel"),
        ("Muutke tarneaadressi.", "order.change"), ("Saatke kaks tellimust koos.", "order.combine"),
        ("Kus mu pakk on?", "shipping.status"), ("Millal saadate?", "shipping.time"),
        ("Pakk ei ole kohale jõudnud.", "delivery.not_received"), ("Saatsite vale värvi.", "delivery.wrong_item"),
        ("Pakist puudub vöö.", "delivery.missing_item"), ("Tass tuli katki.", "delivery.damaged"),
        ("Soovin toote tagastada.", "return.request"), ("Kus on minu raha tagastuse eest?", "refund.status"),
        ("Jätsin teile arvustuse.", "feedback.review"), ("Soovitan lisada rohkem värve.", "feedback.suggestion"),
        ("Aitäh, kõik on suurepärane!", "feedback.compliment"),
        ("Teie teenindaja oli ebaviisakas.", "complaint.service"), ("Kas saite minu kirja?", "followup.reminder"),
    ],
    "lv": [
        ("No kāda materiāla ir soma?", "product.question"),
        ("Kāds izmērs der, ja esmu 170 cm?", "product.size_advice"), ("Vai dosiet atlaidi?", "price.discount"),
        ("Kāda ir vairumcena?", "price.wholesale"), ("Vai sūtāt uz Lietuvu?", "shipping.options"),
        ("Kartes maksājums neiziet cauri.", "payment.failed"),
        ("Vai var maksāt skaidrā naudā?", "payment.methods"), ("Atceliet pasūtījumu.", "order.cancel"),
        ("Nomainiet piegādes adresi.", "order.change"), ("Nosūtiet abus pasūtījumus kopā.", "order.combine"),
        ("Kur ir mana paka?", "shipping.status"), ("Kad nosūtīsiet?", "shipping.time"),
        ("Paka nav pienākusi.", "delivery.not_received"), ("Atsūtījāt nepareizu krāsu.", "delivery.wrong_item"),
        ("Pakā trūkst jostas.", "delivery.missing_item"), ("Krūze atnāca saplīsusi.", "delivery.damaged"),
        ("Vēlos atgriezt preci.", "return.request"),
        ("Kur ir mana nauda par atgriezto preci?", "refund.status"),
        ("Atstāju jums atsauksmi.", "feedback.review"), ("Iesaku pievienot vairāk krāsu.", "feedback.suggestion"),
        ("Paldies, viss ir lieliski!", "feedback.compliment"), ("Jūsu darbinieks bija rupjš.", "complaint.service"),
        ("Vai saņēmāt manu vēstuli?", "followup.reminder"),
    ],
}
CASES = [(lang, text, intent) for lang, lines in LINES.items() for text, intent in lines]


@pytest.mark.parametrize("lang,text,intent", CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_one_line_per_intent(lang, text, intent):
    a = analyze_text(text)
    assert a.language == lang
    assert a.intents == (intent,)
