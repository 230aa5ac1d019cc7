"""Mutation tests: a good reply with one injected defect makes exactly the matching rule fire.

The good replies come from the labelled cases (where every rule stays quiet); each mutation is
the kind of slip an agent or a model makes (issue 5): drop an answer, remove the tracking link,
add "you must", raise a discount over policy, ask for the card number, answer in the wrong
language, drop the late apology. Every mutation runs in all ten languages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tactful.review import review
from tactful.review.text import URL, paragraphs

from .cases import load_cases
from .shopdata import make_shop

LANGS = ("en", "de", "fr", "es", "pt", "ru", "et", "lv", "zh", "zh-Hant")
SENTENCES = yaml.safe_load((Path(__file__).parent / "mutations.yaml").read_text(encoding="utf-8"))
CASES = {c.id: c for c in load_cases()}
SHOP = make_shop()


def _run(case, reply):
    return review(reply, case.analysis, shop=SHOP if case.shop else None, sent_at=case.sent_at)


def _good(case_id):
    case = CASES[case_id]
    before = _run(case, case.reply)
    assert not before.findings, f"{case_id} should be clean before mutation: {before.findings}"
    return case


def _drop_paragraph(reply: str, index: int) -> str:
    paras = paragraphs(reply)
    p = paras[index]
    return reply[:p.start] + reply[p.end:].lstrip("\n")


def _insert_after_first_body_paragraph(reply: str, sentence: str) -> str:
    p = paragraphs(reply)[1]
    joiner = "" if re.search(r"[\u4e00-\u9fff]", sentence) else " "
    return reply[:p.end] + joiner + sentence + reply[p.end:]


@pytest.mark.parametrize("lang", LANGS)
def test_dropping_an_answer_fires_cover(lang):
    case = _good(f"{lang}-size-colour-good")
    mutated = _drop_paragraph(case.reply, 3)        # the colour answer
    result = _run(case, mutated)
    assert "COVER" in result.rules()
    assert not result.passed


@pytest.mark.parametrize("lang", LANGS)
def test_removing_the_tracking_link_fires_triad(lang):
    case = _good(f"{lang}-track-good")
    mutated = URL.sub("", case.reply)
    assert mutated != case.reply
    result = _run(case, mutated)
    assert "TRIAD" in result.rules()
    triad = [f for f in result.findings if f.rule == "TRIAD"][0]
    assert "link" in triad.message


@pytest.mark.parametrize("lang", LANGS)
def test_adding_you_must_fires_no_blame(lang):
    case = _good(f"{lang}-refuse-good")
    sentence = SENTENCES[lang]["must"]
    mutated = _insert_after_first_body_paragraph(case.reply, sentence)
    result = _run(case, mutated)
    blame = [f for f in result.findings if f.rule == "NO-BLAME"]
    assert blame, result.findings
    # The finding points into the injected sentence.
    start = mutated.index(sentence)
    assert start <= blame[0].start < start + len(sentence)


@pytest.mark.parametrize("lang", LANGS)
def test_raising_a_discount_over_policy_fires_policy_limit(lang):
    case = _good(f"{lang}-discount-ok")
    mutated = re.sub(r"10(\s?%)", r"40\1", case.reply)
    assert mutated != case.reply
    result = _run(case, mutated)
    assert "POLICY-LIMIT" in result.rules()
    assert not result.passed


@pytest.mark.parametrize("lang", LANGS)
def test_asking_for_the_card_number_fires_secure(lang):
    case = _good(f"{lang}-refuse-good")
    mutated = _insert_after_first_body_paragraph(case.reply, SENTENCES[lang]["card"])
    result = _run(case, mutated)
    assert "SECURE" in result.rules()


@pytest.mark.parametrize("lang", LANGS)
def test_answering_in_the_wrong_language_fires_lang(lang):
    case = _good(f"{lang}-track-good")
    other = "de" if lang == "en" else ("zh-Hant" if lang == "zh" else ("zh" if lang == "zh-Hant" else "en"))
    result = _run(case, CASES[f"{other}-track-good"].reply)
    assert "LANG" in result.rules()


@pytest.mark.parametrize("lang", LANGS)
def test_removing_the_late_apology_fires_late(lang):
    case = _good(f"{lang}-late-good")
    mutated = _drop_paragraph(case.reply, 1)        # the apology paragraph
    result = _run(case, mutated)
    assert "LATE" in result.rules()
    # And without the send time, LATE cannot be judged at all.
    assert "LATE" not in review(mutated, case.analysis, shop=SHOP).rules()
