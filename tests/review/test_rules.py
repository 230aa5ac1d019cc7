"""The rule set as a whole: one module per PLAYBOOK §4 rule, lexicons complete in every language,
switching rules off, the score, and advice in the reply's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tactful.review import ERROR, INFO, WARNING, Finding, all_rules, review
from tactful.review.lexicon import LANGUAGES, load_lexicon
from tactful.review.score import score

from .cases import load_cases
from .shopdata import make_shop

SHARED = Path(__file__).resolve().parents[3] / "shared"

CASES = {c.id: c for c in load_cases()}
SHOP = make_shop()


def _playbook_rule_ids() -> set[str]:
    text = (SHARED / "PLAYBOOK.md").read_text(encoding="utf-8")
    section = text.split("## 4.")[1].split("## 5.")[0]
    ids = set()
    for cell in re.findall(r"^\| ([A-Z][A-Z/ -]+?) \|", section, re.MULTILINE):
        ids.update(part.strip() for part in cell.split("/"))
    return ids - {"ID"}


def test_every_playbook_rule_has_exactly_one_module():
    names = [r.name for r in all_rules()]
    assert len(names) == len(set(names))
    assert _playbook_rule_ids() <= set(names)
    assert "SUBJECT" in names                       # §3 section 11, checked when a subject is given
    for rule in all_rules():
        assert rule.severity in (ERROR, WARNING, INFO)
        assert rule.description and callable(rule.check)


def test_playbook_severities_are_kept():
    sev = {r.name: r.severity for r in all_rules()}
    assert {n for n, s in sev.items() if s == ERROR} == {
        "COVER", "EMPATHY", "LATE", "NO-DEFLECT", "REFUSE", "NO-BLAME", "NO-DISPARAGE", "ASK",
        "TRIAD", "GROUNDED", "POLICY-LIMIT", "SECURE", "LANG"}
    assert sev["OPEN-Q"] == sev["INVITE"] == sev["READABLE"] == INFO


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lexicon_is_complete_and_compiles(lang):
    en, lex = load_lexicon("en"), load_lexicon(lang)
    for key, value in en.data.items():
        if key in ("language", "templates", "phrasing", "months") or (lang.startswith("zh") and key == "months"):
            continue
        assert key in lex.data, f"{lang} lacks {key}"
        if isinstance(value, list) and key != "stopwords":
            lex.pattern(key)                           # compiles
            assert lex.data[key], f"{lang}: {key} is empty"
        elif isinstance(value, dict):
            assert set(value) <= set(lex.data[key]), f"{lang}: {key} lacks {set(value) - set(lex.data[key])}"
            lex.group(key)
    assert set(en.data["templates"]) <= set(lex.data["templates"])
    assert set(en.data["templates"]["ask_names"]) <= set(lex.data["templates"]["ask_names"])
    # The §5 table in every language: the same rows, each with its own preferred wording.
    assert [(r.rule, r.key) for r in en.phrasings] == [(r.rule, r.key) for r in lex.phrasings]
    assert all(r.prefer for r in lex.phrasings)
    if lang != "en":
        assert not {r.prefer for r in lex.phrasings} & {r.prefer for r in en.phrasings}


def test_rules_are_switchable_by_argument_and_by_shop():
    case = CASES["en-bare-reply"]
    base = review(case.reply, case.analysis).rules()
    assert {"GREET", "SIGN", "INVITE"} <= base
    off = review(case.reply, case.analysis, disabled=["invite", "SIGN"]).rules()
    assert off == base - {"INVITE", "SIGN"}
    silenced = make_shop(disabled_rules=("INVITE",))
    assert "INVITE" not in review(case.reply, case.analysis, shop=silenced).rules()


def test_score_formula():
    f = lambda rule, sev: Finding(rule, sev, 0, 0, "m")  # noqa: E731
    assert score([]) == 100
    assert score([f("COVER", ERROR)]) == 80
    assert score([f("THANKS", WARNING), f("INVITE", INFO)]) == 91
    # A rule counts at most twice, so one repeated problem cannot drown the rest.
    assert score([f("READABLE", INFO)] * 10) == 96
    assert score([f(r, ERROR) for r in ("A", "B", "C", "D", "E", "F")]) == 0


def test_clean_reply_scores_100_and_a_bad_one_scores_lower():
    good = CASES["de-damaged-good"]
    res = review(good.reply, good.analysis, shop=SHOP)
    assert res.passed and res.score == 100
    bad = CASES["de-damaged-no-empathy"]
    res_bad = review(bad.reply, bad.analysis, shop=SHOP)
    assert not res_bad.passed and res_bad.score < 100


def test_findings_are_sorted_and_point_into_the_reply():
    case = CASES["en-too-many-apologies"]
    res = review(case.reply, case.analysis)
    starts = [f.start for f in res.findings]
    assert starts == sorted(starts)
    emp = [f for f in res.findings if f.rule == "EMPATHY"][0]
    assert emp.severity == WARNING
    assert "apolog" in case.reply[emp.start:emp.end].lower() or "sorry" in case.reply[emp.start:emp.end].lower()


@pytest.mark.parametrize("case_id, rule, words", [
    ("de-positive", "POSITIVE", "vorübergehend"),
    ("fr-positive", "POSITIVE", "temporairement"),
    ("ru-policy-wall", "NO-POLICY-WALL", "большинству"),
    ("zh-must", "NO-BLAME", "建议"),
    ("lv-damaged-no-empathy", "EMPATHY", "žēl"),
    ("et-late-missing", "LATE", "Vabandust"),
    ("es-ask-card", "SECURE", "nunca"),
    ("pt-bare", "GREET", "Olá"),
])
def test_suggestions_are_in_the_reply_language(case_id, rule, words):
    case = CASES[case_id]
    res = review(case.reply, case.analysis, shop=SHOP if case.shop else None, sent_at=case.sent_at)
    found = [f for f in res.findings if f.rule == rule]
    assert found and words in found[0].suggestion


def test_secure_repeats_are_caught_by_digits_not_spacing():
    case = CASES["en-echo-card"]
    reply = case.reply.replace("4111 1111 1111 1111", "4111-1111-1111-1111")
    assert "SECURE" in review(reply, case.analysis).rules()
    last4 = case.reply.replace("the card 4111 1111 1111 1111", "the card ending in 1111")
    assert "SECURE" not in review(last4, case.analysis).rules()


def test_grounded_checks_numbers_against_the_email_even_without_shop_data():
    case = CASES["en-deflect-with-answer"]
    typo = case.reply.replace("#10232", "#10332")
    assert "GROUNDED" in review(typo, case.analysis).rules()
    assert "GROUNDED" not in review(case.reply, case.analysis).rules()


def test_late_uses_the_shops_promised_reply_hours():
    case = CASES["en-late-shop-hours"]             # answered 12 hours after the email
    assert "LATE" not in review(case.reply, case.analysis, shop=SHOP, sent_at=case.sent_at).rules()
    strict = make_shop(reply_hours=8)
    late = review(case.reply, case.analysis, shop=strict, sent_at=case.sent_at)
    finding = [f for f in late.findings if f.rule == "LATE"][0]
    assert "12 hours" in finding.message and "8 h" in finding.message
    assert "late reply" in finding.suggestion


def test_subject_is_only_checked_when_given():
    case = CASES["en-subject-dropped"]
    assert "SUBJECT" not in review(case.reply, case.analysis).rules()
    bad = review(case.reply, case.analysis, subject="Your message")
    assert [f.suggestion for f in bad.findings if f.rule == "SUBJECT"] == ["Re: Question about delivery time"]


def test_quoted_history_is_not_the_agents_text_but_its_secrets_still_leak():
    case = CASES["en-echo-card"]
    good = CASES["en-secure-warning-ok"].reply
    quoted = (good + "\nOn Mon, 2 Mar 2026 at 10:00, Lena Wolf <lena@example.com> wrote:\n"
              "> My payment keeps failing. My card is 4111 1111 1111 1111, exp 09/28.\n"
              "> You must fix this TODAY!!! Why do you always have problems?\n")
    res = review(quoted, case.analysis)
    assert "NO-BLAME" not in res.rules() and "READABLE" not in res.rules()   # the customer's words
    leak = [f for f in res.findings if f.rule == "SECURE"]
    assert leak and "quoted history" in leak[0].message
    assert quoted[leak[0].start:leak[0].end].replace(" ", "") == "4111111111111111"
    # Interleaved answers: the customer's "> " lines are skipped, ours are reviewed.
    inter = "Dear Lena,\n\n> You must fix this!\nThank you; I'm sorry the payment failed. You must retry.\n\nBest regards,\nLaura"
    blame = [f for f in review(inter, case.analysis).findings if f.rule == "NO-BLAME"]
    assert len(blame) == 1 and inter[blame[0].start:].startswith("You must retry")
