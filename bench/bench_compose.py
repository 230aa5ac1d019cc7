"""Benchmark the template composer: drafts per second on one core, analysis time apart.

    python bench/bench_compose.py [--rounds 20]

The sample inbox is parsed and analysed once (timed and reported separately), then every analysis
is composed ``--rounds`` times with ``tactful.compose.compose`` against the sample shop (the
template path: plan, shop lookups, phrasebook rendering). The baseline in the same run fills one
fixed English ``str.format`` template per e-mail (greeting, one sentence, sign-off): the floor of
any templating, so the ratio shows what the playbook plan costs on top. Review time per draft is
reported too. Writes bench/results/compose.json and compose.md. Goal: >= 100 drafts/s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
GOAL = 100.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})   # one core

    from tactful.compose import compose, context_for
    from tactful.mail import iter_messages
    from tactful.review import review
    from tactful.samples import INBOX_DIR, SHOP_DIR
    from tactful.shop import load_shop
    from tactful.understand import analyze_many

    now = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)
    shop = load_shop(SHOP_DIR)
    paths = sorted(str(p) for p in Path(INBOX_DIR).glob("*.eml"))
    t0 = time.perf_counter()
    messages = list(iter_messages(paths))
    analyses = [a for a in analyze_many(messages, context_for(shop)) if not a.duplicate_of]
    analysis_s = time.perf_counter() - t0

    compose(analyses[0], shop, now=now)          # warm the phrasebook caches (loaded once per process)
    t0 = time.perf_counter()
    drafts = 0
    for _ in range(args.rounds):
        for a in analyses:
            compose(a, shop, now=now)
            drafts += 1
    compose_s = time.perf_counter() - t0

    template = "Dear {name},\n\nThank you for your message about {subject}.\n\nKind regards,\n{agent}\n{shop}\n"
    t0 = time.perf_counter()
    base = 0
    for _ in range(args.rounds):
        for a in analyses:
            template.format(name=a.sender_name or "customer", subject=a.subject, agent=shop.agent_name, shop=shop.name)
            base += 1
    baseline_s = time.perf_counter() - t0

    sample = [compose(a, shop, now=now) for a in analyses]
    t0 = time.perf_counter()
    for a, d in zip(analyses, sample):
        review(d.body, a, shop=shop, sent_at=now, subject=d.subject)
    review_s = time.perf_counter() - t0

    rate = drafts / compose_s
    result = {
        "emails": len(analyses), "rounds": args.rounds, "drafts": drafts,
        "compose_seconds": round(compose_s, 3), "drafts_per_second": round(rate, 1),
        "ms_per_draft": round(1000 * compose_s / drafts, 3),
        "baseline_per_second": round(base / baseline_s, 1),
        "ratio_to_baseline": round((base / baseline_s) / rate, 1),
        "analysis_seconds_total": round(analysis_s, 3),
        "analysis_ms_per_email": round(1000 * analysis_s / max(1, len(messages)), 1),
        "review_ms_per_draft": round(1000 * review_s / len(sample), 2),
        "goal_drafts_per_second": GOAL, "meets_goal": rate >= GOAL,
        "python": platform.python_version(), "machine": platform.machine(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "compose.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    md = [
        "# Compose benchmark (template path, one core)",
        "",
        "Command: `python bench/bench_compose.py --rounds %d`" % args.rounds,
        "",
        "| measure | value |",
        "|---|---|",
        f"| e-mails (sample inbox, duplicates skipped) | {len(analyses)} |",
        f"| drafts composed | {drafts} |",
        f"| **drafts per second** | **{result['drafts_per_second']}** (goal {GOAL:.0f}) |",
        f"| ms per draft | {result['ms_per_draft']} |",
        f"| baseline: one fixed str.format template per e-mail, per second | {result['baseline_per_second']} |",
        f"| baseline / composer | {result['ratio_to_baseline']}x |",
        f"| analysis (parse + analyze_many), ms per e-mail, not included above | {result['analysis_ms_per_email']} |",
        f"| review, ms per draft, not included above | {result['review_ms_per_draft']} |",
        "",
    ]
    (RESULTS / "compose.md").write_text("\n".join(md), encoding="utf-8")
    print("\n".join(md))


if __name__ == "__main__":
    main()
