"""READ-MOOD: anger from words, threats and shouting; emotions; the kind of email."""

import pytest

from tactful.understand.mood import anger_score, detect_mood


def test_calm_question_has_no_anger():
    assert anger_score("Could you tell me when my order will ship?", "en") == (0.0, False)


def test_shouting_and_repeated_marks_raise_anger():
    calm, _ = anger_score("Where is my parcel?", "en")
    loud, _ = anger_score("WHERE IS MY PARCEL??? THIS IS RIDICULOUS!!!", "en")
    assert loud >= calm + 0.5


@pytest.mark.parametrize("lang,text", [
    ("en", "If this is not solved I will file a chargeback."),
    ("de", "Sonst mache ich eine Rückbuchung bei meiner Bank."),
    ("fr", "Sinon j'ouvre un litige PayPal."),
    ("es", "Si no, abriré una disputa en PayPal."),
    ("pt", "Caso contrário vou reclamar no Procon."),
    ("ru", "Иначе я открою спор в PayPal."),
    ("et", "Vastasel juhul pöördun tarbijakaitseametisse."),
    ("lv", "Citādi vērsīšos PTAC."),
    ("zh", "再不处理我就给差评。"),
    ("zh-Hant", "再不處理我就給負評。"),
])
def test_threats_are_recognised_in_every_language(lang, text):
    anger, threat = anger_score(text, lang)
    assert threat and anger >= 0.5


def test_complaint_intent_makes_the_mood_negative_and_a_complaint():
    mood = detect_mood("The lamp arrived broken.", "en", ("delivery.damaged",))
    assert mood.negative and mood.kind == "complaint"


def test_worry_and_disappointment():
    mood = detect_mood("I'm worried the parcel is lost and honestly a bit disappointed.", "en",
                       ("delivery.not_received",))
    assert {"worry", "disappointment"} <= set(mood.emotions)


@pytest.mark.parametrize("intents,kind", [
    (("followup.reminder",), "reminder"),
    (("feedback.compliment",), "compliment"),
    (("feedback.suggestion",), "suggestion"),
    (("product.size_advice", "shipping.options"), "inquiry"),
    (("delivery.wrong_item",), "complaint"),
])
def test_kind_follows_the_intents(intents, kind):
    assert detect_mood("Hello.", "en", intents).kind == kind
