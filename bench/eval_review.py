"""Per-rule precision and recall of ``tactful.review`` on the labelled test set.

Run: ``.venv/bin/python bench/eval_review.py`` → bench/results/review_eval.json and .md.

The test set (tests/review/cases/<lang>.yaml) labels, for each (email, reply) pair, the rules
that must fire and the ones that must not. A rule listed under ``fires`` that fires is a true
positive, one that stays silent a false negative; a rule listed under ``quiet`` that fires is
a false positive. Baseline in the same run: a reviewer that flags every labelled rule on every
case (precision = share of positive labels, recall 1), so the table shows what the rules add.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from review.cases import HELDOUT_DIR, load_cases  # noqa: E402
from review.shopdata import make_shop  # noqa: E402

from tactful.review import review  # noqa: E402
from tactful.review.registry import all_rules  # noqa: E402

GOAL_RECALL, GOAL_PRECISION = 0.95, 0.90


def evaluate(cases=None) -> dict:
    cases = cases if cases is not None else load_cases()
    shop = make_shop()
    counts = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
    misses = []
    per_lang = defaultdict(lambda: {"cases": 0, "correct": 0})
    for case in cases:
        result = review(case.reply, case.analysis, shop=shop if case.shop else None,
                        sent_at=case.sent_at, subject=case.subject)
        fired = result.rules()
        ok = True
        for rule in case.fires:
            hit = rule in fired
            counts[rule]["tp" if hit else "fn"] += 1
            if not hit:
                ok = False
                misses.append({"case": case.id, "rule": rule, "kind": "false negative"})
        for rule in case.quiet:
            hit = rule in fired
            counts[rule]["fp" if hit else "tn"] += 1
            if hit:
                ok = False
                found = [f for f in result.findings if f.rule == rule]
                misses.append({"case": case.id, "rule": rule, "kind": "false positive",
                               "span": case.reply[found[0].start:found[0].end][:80],
                               "message": found[0].message})
        per_lang[case.language]["cases"] += 1
        per_lang[case.language]["correct"] += ok
    severity = {r.name: r.severity for r in all_rules()}
    rules = {}
    for name in [r.name for r in all_rules()]:
        c = counts[name]
        pos = c["tp"] + c["fn"]
        flagged = c["tp"] + c["fp"]
        labelled = pos + c["fp"] + c["tn"]
        rules[name] = {
            "severity": severity[name], **c,
            "precision": round(c["tp"] / flagged, 3) if flagged else None,
            "recall": round(c["tp"] / pos, 3) if pos else None,
            "baseline_precision": round(pos / labelled, 3) if labelled else None,
        }
    return {"cases": len(cases), "languages": dict(per_lang), "rules": rules, "misses": misses,
            "goals": {"error_recall": GOAL_RECALL, "error_precision": GOAL_PRECISION}}


def goal_failures(report: dict) -> list[str]:
    out = []
    for name, r in report["rules"].items():
        if r["severity"] != "error":
            continue
        if r["recall"] is None or r["recall"] < GOAL_RECALL:
            out.append(f"{name} recall {r['recall']}")
        if r["precision"] is None or r["precision"] < GOAL_PRECISION:
            out.append(f"{name} precision {r['precision']}")
    return out


def to_markdown(report: dict) -> str:
    lines = [f"# Review rules: precision and recall on {report['cases']} labelled cases", "",
             "Produced by `.venv/bin/python bench/eval_review.py`. Baseline: flag every labelled "
             "rule on every case (its precision is the share of cases where the rule should fire).", "",
             "| rule | severity | TP | FP | FN | TN | precision | recall | baseline precision |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, r in report["rules"].items():
        lines.append(f"| {name} | {r['severity']} | {r['tp']} | {r['fp']} | {r['fn']} | {r['tn']} | "
                     f"{r['precision']} | {r['recall']} | {r['baseline_precision']} |")
    lines += ["", "Cases per language (all labels right / cases): "
              + ", ".join(f"{k} {v['correct']}/{v['cases']}" for k, v in sorted(report["languages"].items())),
              "", f"Goal for error rules: recall ≥ {GOAL_RECALL}, precision ≥ {GOAL_PRECISION}. "
              + ("All met." if not goal_failures(report) else "Not met: " + "; ".join(goal_failures(report)))]
    return "\n".join(lines) + "\n"


def review_drafts() -> dict | None:
    """Review the drafts ``tactful.compose`` writes for the bundled sample inbox.

    Replies nobody here wrote for the review: every finding on them is either a real slip of
    the composer or a false alarm of the review, so the counts bound the false-alarm rate.
    """
    try:
        from datetime import datetime, timedelta, timezone

        from tactful.compose import compose, context_for
        from tactful.mail import iter_messages
        from tactful.samples import INBOX_DIR, SHOP_DIR
        from tactful.shop import load_shop
        from tactful.understand import analyze
    except ImportError as exc:
        return {"skipped": str(exc)}
    shop = load_shop(SHOP_DIR)
    context = context_for(shop)
    counts: dict[str, int] = defaultdict(int)
    drafts = passed = 0
    for message in iter_messages(sorted(str(p) for p in INBOX_DIR.glob("*.eml"))):
        analysis = analyze(message, context)
        now = (analysis.received_at or datetime(2026, 10, 1, tzinfo=timezone.utc)) + timedelta(hours=2)
        draft = compose(analysis, shop, now=now)
        result = review(draft.body, analysis, shop=shop, sent_at=now, subject=draft.subject)
        drafts += 1
        passed += result.passed
        for f in result.findings:
            counts[f"{f.rule} ({f.severity})"] += 1
    return {"drafts": drafts, "passed": passed, "findings": dict(sorted(counts.items()))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", help="only this language's cases")
    parser.add_argument("--misses", action="store_true", help="print every wrong label")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--no-drafts", action="store_true", help="skip reviewing the composed sample drafts")
    args = parser.parse_args()
    report = evaluate(load_cases(args.lang))
    second = evaluate(load_cases(args.lang, folder=HELDOUT_DIR))
    if args.misses:
        for m in report["misses"] + second["misses"]:
            print(m)
    md = to_markdown(report)
    md += ("\n## Second set: " + str(second["cases"]) + " cases written after the lexicons\n\n"
           "Its first run, before any change it prompted, is kept in "
           "`bench/results/review_heldout_first_run.json`; the rules fixed since are listed in "
           "docs/review.md.\n\n" + "\n".join(to_markdown(second).splitlines()[4:]) + "\n")
    drafts = None if (args.lang or args.no_drafts) else review_drafts()
    if drafts and "drafts" in drafts:
        md += (f"\n## Drafts of `tactful.compose` for the {drafts['drafts']} sample emails\n\n"
               f"{drafts['passed']} pass. Findings: "
               + (", ".join(f"{k} {v}" for k, v in drafts["findings"].items()) or "none") + "\n")
    print(md)
    if not args.no_write and not args.lang:
        out = ROOT / "bench" / "results"
        out.mkdir(parents=True, exist_ok=True)
        full = {**report, "second_set": second, "compose_drafts": drafts}
        (out / "review_eval.json").write_text(json.dumps(full, indent=2, ensure_ascii=False) + "\n")
        (out / "review_eval.md").write_text(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
