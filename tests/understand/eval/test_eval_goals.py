"""The held-out evaluation set of issue 3 is well formed, and how the analysis measures on it.

The set (``<lang>.jsonl``, built from ``src/<lang>.yaml`` by ``build_set.py``) is labelled by
people and kept apart from all training data. ``bench/eval_understand.py`` scores the analysis
on it; the goals tests run that harness once on the main set (every goal of issue 3) and once on
each later set (language and secrets goals, and intent quality at the floor measured there).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


build = _load("eval_build_set", HERE / "build_set.py")
harness = _load("eval_understand_bench", ROOT / "bench" / "eval_understand.py")
checks = build.checks


# The main set; a smaller one written after the analysis had been tuned on the main set; the
# blind set, written by people who saw neither the training data nor the other sets, and scored
# once, after the first intent model of issue 3 was finished; and a second blind set, written the
# same way and scored once after the training emails had grown (docs/evaluation.md).
SETS = (HERE, HERE / "fresh", HERE / "blind", HERE / "blind2")
SET_IDS = ["main", "fresh", "blind", "blind2"]


@pytest.mark.parametrize("folder", SETS, ids=SET_IDS)
def test_jsonl_files_match_their_yaml_sources(folder):
    sources = build.load_sources(folder / "src")
    assert set(sources) == set(harness.LANGS)
    for lang, records in sources.items():
        lines = (folder / f"{lang}.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(x) for x in lines] == records, f"{folder}/{lang}.jsonl is stale: run build_set.py"


@pytest.mark.parametrize("folder", SETS, ids=SET_IDS)
def test_set_has_no_labelling_errors(folder):
    records = harness.load_set(folder)
    assert build.validate(records) == []


@pytest.mark.parametrize("one,other", [(a, b) for i, a in enumerate(SET_IDS) for b in SET_IDS[i + 1:]])
def test_the_sets_are_apart_from_each_other(one, other):
    a = harness.load_set(SETS[SET_IDS.index(one)])
    b = harness.load_set(SETS[SET_IDS.index(other)])
    # Each set is scored on its own, so a common address in two sets links nothing (READ-DUP).
    assert not {r["id"] for r in a} & {r["id"] for r in b}
    assert not {r["text"] for r in a} & {r["text"] for r in b}


def test_no_evaluation_text_is_in_the_training_data():
    """No sentence of any evaluation set occurs in the training sentences or emails."""
    from tactful.understand.classifier import builtin_examples
    from tactful.understand.trainmail import builtin_emails

    def norm(t: str) -> str:
        return " ".join(t.split()).strip().lower()

    train = {norm(e.text) for e in builtin_examples()}
    train |= {norm(text) for e in builtin_emails() for _, text in e.parts}
    # Short everyday sentences ("When can I expect it?") may well occur in both.
    train = {t for t in train if len(t) > 40}
    for folder in SETS:
        for r in harness.load_set(folder):
            for piece in re.split(r"(?<=[.!?。？！])\s*", r["text"]):
                assert norm(piece) not in train, (r["id"], piece)


def test_set_size_and_coverage_meet_the_issue():
    records = harness.load_set()
    per_lang = Counter(r["expected"]["language"] for r in records)
    assert len(records) >= 330
    assert all(per_lang[lang] >= 33 for lang in harness.LANGS), per_lang
    intents = Counter(i["intent"] for r in records for i in r["expected"]["items"])
    from tactful.understand.types import INTENTS

    thin = {i: intents[i] for i in INTENTS if intents[i] < 12}
    assert not thin, f"intents seen fewer than 12 times: {thin}"
    kinds = Counter(s["kind"] for r in records for s in r["expected"]["secrets"])
    assert {"card_number", "cvv", "password", "iban"} <= set(kinds)
    assert sum(1 for r in records if len(r["expected"]["items"]) >= 2) >= 30
    assert sum(1 for r in records if r["expected"]["duplicate_of"]) >= 10
    assert sum(1 for r in records if r["expected"]["repeat_of"]) >= 10
    assert sum(1 for r in records if r["expected"]["clarity"] == "C3") >= 10


def test_check_digit_helpers_accept_known_numbers_and_reject_altered_ones():
    # Published examples: UPS 1Z999AA10123456784, IBAN DE89 3704 0044 0532 0130 00.
    assert checks.ups_ok("1Z999AA10123456784") and not checks.ups_ok("1Z999AA10123456785")
    assert checks.iban_ok("DE89 3704 0044 0532 0130 00") and not checks.iban_ok("DE88370400440532013000")
    assert checks.luhn_ok("4111 1111 1111 1111") and not checks.luhn_ok("4111 1111 1111 1112")
    assert checks.s10_ok("RR123456785CN") and not checks.s10_ok("RR123456784CN")


def test_the_validator_catches_a_wrong_tracking_number_and_an_unlabelled_card():
    record = json.loads((HERE / "en.jsonl").read_text(encoding="utf-8").splitlines()[12])
    assert record["expected"]["facts"]["tracking_numbers"]
    bad = json.loads(json.dumps(record))
    good_number = bad["expected"]["facts"]["tracking_numbers"][0]
    broken = good_number[:-1] + str((int(good_number[-1]) + 1) % 10)
    bad["expected"]["facts"]["tracking_numbers"] = [broken]
    bad["text"] = bad["text"].replace(good_number, broken)
    assert any("invalid" in e for e in build.validate([bad]))
    card = json.loads(json.dumps(record))
    card["text"] += " my card 4111 1111 1111 1111"
    assert any("Luhn-valid" in e for e in build.validate([card]))


def test_fact_normalisation_compares_like_with_like():
    from tactful.understand.types import Fact

    assert harness.expected_fact_keys("amounts", ["1290.00 TWD", "45.90 EUR"]) == \
        harness.got_fact_keys("amounts", [Fact("1,290", kind="twd"), Fact("45,90", kind="EUR")])
    assert harness.got_fact_keys("amounts", [Fact("1290", kind="TWD")]) == ["1290 TWD"]
    assert harness.expected_fact_keys("measurements", ["163 cm height"]) == \
        harness.got_fact_keys("measurements", [Fact("1.63", kind="height", extra=(("unit", "m"),))])
    assert harness.expected_fact_keys("order_numbers", ["48213"]) == \
        harness.got_fact_keys("order_numbers", [Fact("#48213")])


# Intent micro-F1 on the later sets must not fall below this (they are small: 60 and 240 emails,
# 6 or 24 per language, so only the overall figure is asserted there). Measured 2026-12-06 with the
# model trained on 9,650 emails: fresh 0.922, blind 0.907, second blind set 0.903 (its first run).
# History on the main set: 0.785 (rule-based grouping, 2026-11-22), 0.867 (first intent model),
# 0.911 (9,650 training emails, shared Chinese features).
LATER_SET_FLOOR = 0.88


@pytest.fixture(scope="module")
def result():
    try:
        return harness.run(corpora=True)
    except harness.HarnessError as exc:
        pytest.fail(str(exc))


def _intent_goal(line: str) -> bool:
    return line.startswith("intent micro-F1")


@pytest.mark.slow
def test_language_and_secret_goals_of_issue_3_are_met(result):
    """Language ≥ 0.98, secrets recall 1.0, zero false positives on the set and the corpora."""
    missed = [m for m in result["goals_missed"] if not _intent_goal(m)]
    assert missed == [], "goals missed:\n" + "\n".join(missed)


@pytest.mark.slow
@pytest.mark.parametrize("folder", SETS[1:], ids=SET_IDS[1:])
def test_goals_hold_on_the_later_sets(folder):
    """On mail written apart from the main set: language, every secret found and none invented
    (H3), and intents at the measured floor."""
    other = harness.run(folder, corpora=False)
    missed = [m for m in other["goals_missed"] if not _intent_goal(m)]
    assert missed == [], "goals missed:\n" + "\n".join(missed)
    assert other["overall"]["intent_micro_f1"] >= LATER_SET_FLOOR


@pytest.mark.slow
def test_intent_goals_of_issue_3(result):
    """Intent micro-F1 ≥ 0.90 overall and ≥ 0.85 in every language."""
    missed = [m for m in result["goals_missed"] if _intent_goal(m)]
    assert missed == [], "goals missed:\n" + "\n".join(missed)
