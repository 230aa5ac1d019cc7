"""Reviews per second on one core (goal ≥ 500/s), the email analysis excluded.

Run: ``.venv/bin/python bench/bench_review.py`` → bench/results/review_bench.json and .md.

Input: the 248 labelled (email, reply) pairs of tests/review/cases, each analysis built once
up front. Timed: ``tactful.review.review()`` over every pair, several passes, with the reply
language cache cleared before each pass so no reply is detected twice. The rate is counted in
CPU time of this one process (the machine is shared; the wall-clock rate is reported too). Baseline in the same
run: ``tactful.understand.analyze()`` of the same emails — the step that must come before a
review — so the ratio says what reviewing adds to reading an email.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from review.cases import load_cases  # noqa: E402
from review.shopdata import make_shop  # noqa: E402

from tactful.review import review  # noqa: E402
from tactful.review.language import detect  # noqa: E402

GOAL = 500.0


def _one_core() -> str:
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        return "pinned to one CPU"
    except (AttributeError, OSError):
        return "single thread (affinity not available)"


def time_reviews(cases, shop, passes: int) -> tuple[list[float], list[float]]:
    """(CPU-time rates, wall-clock rates) per pass.

    The CPU-time rate is the one-core figure: on a shared machine the wall clock also counts
    time spent waiting for other processes.
    """
    cpu, wall = [], []
    for _ in range(passes):
        detect.cache_clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        for c in cases:
            review(c.reply, c.analysis, shop=shop if c.shop else None, sent_at=c.sent_at,
                   subject=c.subject)
        cpu.append(len(cases) / (time.process_time() - start_cpu))
        wall.append(len(cases) / (time.perf_counter() - start))
    return cpu, wall


def time_analysis(cases, passes: int) -> list[float]:
    from tactful.mail import message_from_text
    from tactful.understand import analyze

    messages = [message_from_text(c.analysis.text, sender_name=c.analysis.sender_name,
                                  subject=c.analysis.subject) for c in cases]
    for m in messages[:20]:
        analyze(m)                       # load models outside the timing
    rates = []
    for _ in range(passes):
        start = time.process_time()
        for m in messages:
            analyze(m)
        rates.append(len(messages) / (time.process_time() - start))
    return rates


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--no-baseline", action="store_true", help="skip timing analyze()")
    args = parser.parse_args()
    where = _one_core()
    cases = load_cases()
    shop = make_shop()
    time_reviews(cases, shop, 1)            # warm-up: lexicons compiled, lingua models loaded
    rates, wall = time_reviews(cases, shop, args.passes)
    review_rate = statistics.median(rates)
    base_rate = None
    if not args.no_baseline:
        try:
            base_rate = statistics.median(time_analysis(cases, max(1, args.passes // 2)))
        except Exception as exc:            # the baseline is informative only
            print(f"baseline skipped: {exc}", file=sys.stderr)
    result = {
        "reviews_per_second": round(review_rate, 1),
        "ms_per_review": round(1000 / review_rate, 3),
        "passes_cpu": [round(r, 1) for r in rates],
        "wall_clock_reviews_per_second": round(statistics.median(wall), 1),
        "pairs": len(cases),
        "goal_per_second": GOAL,
        "goal_met": review_rate >= GOAL,
        "baseline_analyses_per_second": round(base_rate, 1) if base_rate else None,
        "review_vs_analysis_ratio": round(review_rate / base_rate, 2) if base_rate else None,
        "machine": f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, {where}",
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "review_bench.json").write_text(json.dumps(result, indent=2) + "\n")
    md = ["# Review throughput", "",
          "Produced by `.venv/bin/python bench/bench_review.py`.", "",
          f"- reviews per second of CPU time on one core (median of {args.passes} passes over {len(cases)} pairs): "
          f"**{result['reviews_per_second']}** ({result['ms_per_review']} ms each); goal {GOAL:.0f}/s — "
          + ("met" if result["goal_met"] else "NOT met"),
          f"- wall clock on this shared machine: {result['wall_clock_reviews_per_second']}/s",
          f"- baseline, `analyze()` of the same emails (CPU time): {result['baseline_analyses_per_second']}/s; "
          f"review is {result['review_vs_analysis_ratio']}× the analysis rate",
          f"- {result['machine']}"]
    (out / "review_bench.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
