"""READ-LANG: every served language, Traditional vs Simplified Chinese, short texts, others."""

import pytest

from tactful.understand.language import chinese_variant, detect_language

CASES = [
    ("en", "Hello, I ordered a jacket two weeks ago and I am still waiting for it to arrive."),
    ("zh", "你好，我两个星期前订了一件外套，到现在还没有收到，请帮我查一下。"),
    ("zh-Hant", "你好，我兩個星期前訂了一件外套，到現在還沒有收到，請幫我查一下。"),
    ("es", "Hola, pedí una chaqueta hace dos semanas y todavía estoy esperando que llegue."),
    ("de", "Hallo, ich habe vor zwei Wochen eine Jacke bestellt und warte immer noch darauf."),
    ("fr", "Bonjour, j'ai commandé une veste il y a deux semaines et j'attends toujours."),
    ("ru", "Здравствуйте, я заказала куртку две недели назад и до сих пор её жду."),
    ("pt", "Olá, encomendei um casaco há duas semanas e ainda estou à espera que chegue."),
    ("et", "Tere, tellisin kaks nädalat tagasi jope ja ootan seda siiani."),
    ("lv", "Labdien, pirms divām nedēļām pasūtīju jaku un joprojām to gaidu."),
]


@pytest.mark.parametrize("code,text", CASES, ids=[c for c, _ in CASES])
def test_served_languages_are_detected(code, text):
    guess = detect_language(text)
    assert guess.code == code
    assert guess.confidence >= 0.5


@pytest.mark.parametrize("code,text", [
    ("lv", "Paldies!"), ("et", "Aitäh!"), ("ru", "Спасибо"), ("zh", "谢谢"), ("zh-Hant", "謝謝"),
    ("es", "¡Gracias!"), ("de", "Danke schön"), ("fr", "Merci beaucoup"), ("pt", "Obrigada"),
])
def test_one_word_replies_use_short_text_rules(code, text):
    assert detect_language(text).code == code


@pytest.mark.parametrize("code,text", [
    ("it", "Buongiorno, vorrei sapere quando arriverà il mio pacco ordinato la settimana scorsa."),
    ("nl", "Goedemiddag, ik wil graag weten wanneer mijn pakket wordt bezorgd."),
    ("pl", "Dzień dobry, chciałabym wiedzieć, kiedy dotrze moja paczka."),
    ("ja", "こんにちは、先週注文した荷物がまだ届いていません。"),
    ("uk", "Добрий день, я досі не отримала свою посилку, що сталося?"),
])
def test_other_languages_are_detected_not_guessed_as_served(code, text):
    assert detect_language(text).code == code


def test_chinese_script_statistics():
    assert chinese_variant("这个订单还没有发货")[0] == "zh"
    assert chinese_variant("這個訂單還沒有發貨")[0] == "zh-Hant"


def test_text_without_letters_is_undetermined():
    guess = detect_language("12345 !!! 😊")
    assert guess.code == "und" and guess.confidence == 0.0
