"""Benchmark the full analysis (issue 3): analyses per second on one core and peak memory.

    python bench/bench_understand.py [--count 2000] [--seed 7]

Messages come from ``bench/mboxgen.py`` (all ten served languages, deterministic). Parsing is
done before timing; the timed loop is ``tactful.understand.analyze`` on each parsed message.
A baseline in the same run does the least an analysis can do (lingua language detection and
one classifier call on the whole text); the ratio says what the rest of READ-* costs. Results go
to ``bench/results/understand_speed.json`` and ``.md``. Goal: >= 200 emails/s/core.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
GOAL = 200.0


def _rss_mb() -> float:
    # ru_maxrss is KiB on Linux: the process's peak resident memory so far.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        except OSError:
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "understand_speed.json")
    args = parser.parse_args()
    _one_core()

    from mboxgen import write_mbox

    from tactful.mail import iter_messages
    from tactful.understand import analyze
    from tactful.understand.classifier import get_model
    from tactful.understand.language import detect_language

    with tempfile.TemporaryDirectory() as tmp:
        mbox = write_mbox(Path(tmp) / "bench.mbox", args.count, seed=args.seed)
        messages = list(iter_messages([mbox]))
    rss_parsed = _rss_mb()

    model = get_model()
    # Warm-up pass: lingua loads a language's models the first time it meets it; a
    # long-running desk pays that once, so it is reported apart from the per-email rate.
    t0 = time.perf_counter()
    for m in messages:
        analyze(m, model=model)
    warmup_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for m in messages:
        text = m.new_text or m.text
        detect_language(text)
        model.predict_scores([text])
    base_s = time.perf_counter() - t0

    languages: dict[str, int] = {}
    t0 = time.perf_counter()
    for m in messages:
        a = analyze(m, model=model)
        languages[a.language] = languages.get(a.language, 0) + 1
    full_s = time.perf_counter() - t0

    n = len(messages)
    result = {
        "command": f"python bench/bench_understand.py --count {args.count} --seed {args.seed}",
        "messages": n,
        "python": platform.python_version(),
        "full_analysis_per_s": round(n / full_s, 1),
        "baseline_lang_plus_classifier_per_s": round(n / base_s, 1),
        "full_over_baseline_time": round(full_s / base_s, 2),
        "first_pass_per_s": round(n / warmup_s, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
        "rss_after_parsing_mb": round(rss_parsed, 1),
        "languages": dict(sorted(languages.items())),
        "goal_per_s": GOAL,
        "meets_goal": n / full_s >= GOAL,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    md = args.out.with_suffix(".md")
    md.write_text(
        "# Understand speed benchmark\n\n"
        f"`{result['command']}` -- {n} generated messages, one core, Python {result['python']}.\n\n"
        "| run | analyses/s |\n|---|---:|\n"
        f"| baseline: language detection + one classifier call | {result['baseline_lang_plus_classifier_per_s']} |\n"
        f"| full analysis (`tactful.understand.analyze`) | {result['full_analysis_per_s']} |\n\n"
        f"Full analysis takes **{result['full_over_baseline_time']}x** the baseline's time; "
        f"goal >= {GOAL:.0f}/s: **{'met' if result['meets_goal'] else 'NOT met'}**. "
        f"Peak memory {result['peak_rss_mb']} MB (after parsing: {result['rss_after_parsing_mb']} MB). "
        f"First (cold) pass, loading language models: {result['first_pass_per_s']}/s.\n",
        encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
