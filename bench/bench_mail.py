"""Benchmark ``tactful.mail`` against the bare stdlib parse on a generated mbox.

    python bench/bench_mail.py --count 100000 [--mbox PATH] [--keep]

Both measurements read the same mbox with the same streaming splitter; the baseline then runs
only ``email.message_from_bytes(raw, policy=email.policy.default)`` and touches the body, the
full run gets complete ``ParsedMessage``s (headers decoded, MIME walked, charsets repaired,
HTML converted and sanitised, reply split). Each runs in its own subprocess so its peak
memory (ru_maxrss) is its own. Writes bench/results/mail.json and mail.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def _child(mode: str, mbox: str) -> None:
    import resource

    from tactful.mail import iter_mbox, iter_messages

    count = 0
    start = time.perf_counter()
    if mode == "bare":
        import email
        import email.policy

        for _, raw in iter_mbox(mbox):
            message = email.message_from_bytes(raw, policy=email.policy.default)
            # Touch what a reader needs, as the full run does: sender, subject and body.
            message["from"], message["subject"]
            body = message.get_body(preferencelist=("plain", "html"))
            if body is not None:
                body.get_content()
            count += 1
    elif mode == "split":
        for _, _raw in iter_mbox(mbox):
            count += 1
    else:
        for message in iter_messages(mbox):
            count += 1
            assert message.raw
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"mode": mode, "count": count, "seconds": round(elapsed, 3),
                      "messages_per_second": round(count / elapsed, 1) if elapsed else None,
                      "peak_mb": round(peak_kb / 1024, 1)}))


def _measure(mode: str, mbox: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    out = subprocess.run([sys.executable, __file__, "--child", mode, "--mbox", str(mbox)],
                         check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--mbox", type=Path, help="use this mbox instead of generating one")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the generated mbox")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, str(args.mbox))
        return
    sys.path.insert(0, str(HERE))
    from mboxgen import write_mbox

    generated = None
    mbox = args.mbox
    if mbox is None:
        generated = Path(tempfile.mkdtemp(prefix="tactful-bench-")) / f"generated-{args.count}.mbox"
        start = time.perf_counter()
        mbox = write_mbox(generated, args.count, args.seed)
        print(f"generated {args.count} messages ({mbox.stat().st_size / 1e6:.1f} MB) "
              f"in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    mbox_mb = round(mbox.stat().st_size / 1e6, 1)
    try:
        split = _measure("split", mbox)
        bare = _measure("bare", mbox)
        full = _measure("full", mbox)
    finally:
        if generated is not None and not args.keep:
            generated.unlink(missing_ok=True)
            generated.parent.rmdir()
    ratio = round(bare["messages_per_second"] / full["messages_per_second"], 2)
    result = {
        "benchmark": "tactful.mail full processing vs bare email.message_from_bytes(policy=default)",
        "command": f"python bench/bench_mail.py --count {args.count}",
        "messages": full["count"],
        "mbox_mb": mbox_mb,
        "splitter_only": split,
        "bare_stdlib": bare,
        "tactful_full": full,
        "slowdown_vs_bare": ratio,
        "goal": {"slowdown_at_most": 3.0, "peak_mb_below": 300},
        "meets_goal": ratio <= 3.0 and full["peak_mb"] < 300,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "mail.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    md = [
        "# Mail parsing benchmark",
        "",
        f"`{result['command']}` -- {result['messages']} generated messages ({result['mbox_mb']} MB mbox), "
        f"Python {result['python']}.",
        "",
        "| run | messages/s | peak memory (MB) |",
        "|---|---:|---:|",
        f"| mbox splitter only | {split['messages_per_second']} | {split['peak_mb']} |",
        f"| bare `email.message_from_bytes(policy=default)` | {bare['messages_per_second']} | {bare['peak_mb']} |",
        f"| `tactful.mail` full processing | {full['messages_per_second']} | {full['peak_mb']} |",
        "",
        f"Full processing is **{ratio}x** the time of the bare parse (goal: at most 3x); "
        f"peak memory {full['peak_mb']} MB (goal: under 300 MB, independent of mbox size).",
        "",
    ]
    (RESULTS / "mail.md").write_text("\n".join(md), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
