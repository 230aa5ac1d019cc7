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


@pytest.mark.parametrize("lang,text", [
    # "zelta" (gold) began like "žēl" (a pity), "воротник" (collar) like "вор" (thief).
    ("lv", "Šalle un zelta ķēdīte atnāca ātri un ir vēl skaistākas nekā bildēs. Noteikti pasūtīšu vēl!"),
    ("ru", "Пальто пришло быстро, воротник мягкий, всё отлично, спасибо!"),
])
def test_product_words_that_begin_like_a_mood_word_leave_a_happy_customer_happy(lang, text):
    mood = detect_mood(text, lang, ("feedback.compliment",))
    assert not mood.negative and mood.anger < 0.3 and "disappointment" not in mood.emotions


def test_short_mood_words_match_whole_words_only():
    """A mood cue of three letters or fewer matched as a prefix catches ordinary words (zel -> zelta),
    so such cues must end in "$" (whole word) in the spaced languages."""
    from tactful.understand.lexicon import load, normalize
    from tactful.understand.types import SERVED_LANGUAGES

    def words(node):
        if isinstance(node, dict):
            for key, value in node.items():
                yield from ([key] if isinstance(value, (int, float)) else words(value))
        elif isinstance(node, list):
            yield from node

    loose = {(lang, w) for lang in SERVED_LANGUAGES if not lang.startswith("zh")
             for w in words(load("lexicon", lang).get("mood", {}))
             if not str(w).endswith("$") and len(normalize(str(w)).replace(" ", "")) <= 3}
    assert not loose
