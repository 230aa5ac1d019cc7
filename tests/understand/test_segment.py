"""READ-SPLIT, first half: sentences with spans; greetings and sign-offs are not requests."""

from tactful.understand.segment import ROLE_GREETING, ROLE_SIGNOFF, ROLE_TEXT, segment


def roles(text, lang):
    return [(s.role, s.text) for s in segment(text, lang)]


def test_spans_index_into_the_text_and_wrapped_lines_are_joined():
    text = ("Hi Anna,\n\nI ordered a blue dress (order no. 12345) last week and it still hasn't\n"
            "arrived. Could you check where it is? Also, do you have it in red?\n\nThanks in advance,\nMaria")
    sentences = segment(text, "en")
    for s in sentences:
        assert text[s.start:s.end] == s.text
    assert [s.role for s in sentences] == [ROLE_GREETING, ROLE_TEXT, ROLE_TEXT, ROLE_TEXT,
                                          ROLE_SIGNOFF, ROLE_SIGNOFF]
    assert "hasn't\narrived." in sentences[1].text       # a soft wrap is not a sentence end
    assert "no. 12345" in sentences[1].text                # an abbreviation is not one either


def test_chinese_sentences_need_no_spaces():
    texts = [s.text for s in segment("您好！我的订单还没到。请问什么时候发货？另外可以换颜色吗？", "zh")]
    assert texts == ["您好！", "我的订单还没到。", "请问什么时候发货？", "另外可以换颜色吗？"]
    assert segment("您好！我的订单还没到。", "zh")[0].role == ROLE_GREETING


def test_greeting_in_the_same_line_as_a_question_is_cut_off():
    assert roles("Hi, where is my parcel?", "en") == [(ROLE_GREETING, "Hi,"),
                                                      (ROLE_TEXT, "where is my parcel?")]
    assert roles("Olá, boa tarde! Adorei a bolsa.", "pt")[:2] == [(ROLE_GREETING, "Olá,"),
                                                                 (ROLE_GREETING, "boa tarde!")]


def test_a_size_letter_ends_a_sentence():
    texts = [s.text for s in segment("Я заказала размер M. А пришел L. Можно обменять?", "ru")]
    assert len(texts) == 3


def test_name_on_its_own_last_line_is_the_signature():
    sentences = segment("Где моя посылка?\n\nДмитрий", "ru")
    assert sentences[-1].role == ROLE_SIGNOFF
    assert segment("Where is my parcel? Thanks", "en")[-1].role == ROLE_TEXT


def test_signoffs_in_several_languages():
    for text, lang in [("Wo ist mein Paket?\n\nMit freundlichen Grüßen\nThomas", "de"),
                       ("Où est mon colis ?\nCordialement,\nClaire", "fr"),
                       ("Kur ir mana paka?\nAr cieņu,\nJānis", "lv"),
                       ("Kus mu pakk on?\nLugupidamisega\nMari", "et")]:
        assert [s.role for s in segment(text, lang)][-2:] == [ROLE_SIGNOFF, ROLE_SIGNOFF], text


def test_ordinal_dates_do_not_end_sentences():
    assert len(segment("Am 28. Oktober habe ich bestellt. Wo ist das Paket?", "de")) == 2
    assert len(segment("Saatsin kirja 3. mail. Vastust pole.", "et")) == 2
    assert len(segment("Rakstīju 5. novembrī. Atbildes nav.", "lv")) == 2
