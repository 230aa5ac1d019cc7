"""The labelled (email, reply) test set: every label holds, and the error rules meet their goals.

Cases live in tests/review/cases/<lang>.yaml, written apart from the lexicons; see cases.py.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from tactful.review import review

from .cases import HELDOUT_DIR, load_cases
from .shopdata import make_shop

CASES = load_cases()
SECOND = load_cases(folder=HELDOUT_DIR)    # written after the lexicons; now a regression set
SHOP = make_shop()
BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_the_set_is_large_and_covers_every_language():
    per_lang = Counter(c.language for c in CASES)
    assert len(CASES) >= 220
    assert set(per_lang) == {"en", "zh", "zh-Hant", "es", "de", "fr", "ru", "pt", "et", "lv"}
    assert min(per_lang.values()) >= 20
    # Good and bad replies both: some cases must be clean, most must trip a rule.
    assert sum(1 for c in CASES if not c.fires) >= 50
    assert sum(1 for c in CASES if c.fires) >= 150


@pytest.mark.parametrize("case", CASES + SECOND, ids=[c.id for c in CASES + SECOND])
def test_case_labels_hold(case):
    result = review(case.reply, case.analysis, shop=SHOP if case.shop else None,
                    sent_at=case.sent_at, subject=case.subject)
    fired = result.rules()
    assert case.fires <= fired, f"should fire but did not: {case.fires - fired}"
    wrong = fired & case.quiet
    assert not wrong, [f for f in result.findings if f.rule in wrong]
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(case.reply)
        assert f.message
    assert result.passed == (not any(f.severity == "error" for f in result.findings))


def test_error_rules_meet_the_precision_and_recall_goals():
    sys.path.insert(0, str(BENCH))
    try:
        import eval_review
    finally:
        sys.path.remove(str(BENCH))
    report = eval_review.evaluate(CASES)
    assert eval_review.goal_failures(report) == []
    # Every error-severity rule is actually exercised by positive labels.
    for name, row in report["rules"].items():
        if row["severity"] == "error":
            assert row["tp"] + row["fn"] >= 3, name
