"""Benchmark the template composer: drafts per second on one core, and the review pass rate of
its drafts over generated mail.

    python bench/bench_compose.py [--rounds 20] [--mail 3000] [--seed 7] [--failures PATH]

The sample inbox is parsed and analysed once (timed and reported separately), then every analysis
is composed ``--rounds`` times with ``tactful.compose.compose`` against the sample shop (the
template path: plan, shop lookups, phrasebook rendering). The baseline in the same run fills one
fixed English ``str.format`` template per e-mail (greeting, one sentence, sign-off): the floor of
any templating, so the ratio shows what the playbook plan costs on top. Review time per draft is
reported too. Goal: >= 100 drafts/s.

Pass rate (``--mail N``, 0 skips it): the first N messages bench/mboxgen.py writes for ``--seed``
(the mail of bench/bench_desk.py: ten languages, several questions each, an order number the
sample shop does not have) go through parse -> analyze_many -> compose -> review with the sample
shop, as ``tactful draft`` and the desk chain them, at the demo clock. Counted: drafts whose
review has no error finding, full and concise (VOLUME) drafts, and the same mail with the
generator's "Order #N" line taken out (a customer who gives no order number). ``--failures``
writes every failing draft with its error findings as JSON Lines. Writes
bench/results/compose.json and compose.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import re
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
GOAL = 100.0
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)     # the demo clock (cli/draft.py DEMO_NOW)
_ORDER_LINE = re.compile(r"^Order #\d+[ \t]*$", re.M)    # the line bench/mboxgen.py appends


def _without_order_number(message):
    """The same message as if the customer had not written the generator's "Order #N" line."""
    return dataclasses.replace(message, new_text=_ORDER_LINE.sub("", message.new_text),
                               text=_ORDER_LINE.sub("", message.text),
                               subject=re.sub(r"\s*#\d+\s*$", "", message.subject))


def pass_rate(count: int, seed: int, failures=None) -> dict:
    """Review pass rate of the drafts for ``count`` generated messages (see the module docstring)."""
    sys.path.insert(0, str(HERE))
    from mboxgen import write_mbox

    from tactful.compose import compose, context_for
    from tactful.mail import iter_messages
    from tactful.review import review
    from tactful.samples import SHOP_DIR
    from tactful.shop import load_shop
    from tactful.understand import analyze_many

    shop = load_shop(SHOP_DIR)
    context = context_for(shop)
    path = Path(f"/tmp/tactful_bench_compose_{count}_{seed}.mbox")
    write_mbox(path, count, seed)
    messages = list(iter_messages([str(path)]))
    variants = {"with_order_number": messages,
                "without_order_number": [_without_order_number(m) for m in messages]}
    out: dict = {"messages": len(messages), "seed": seed,
                 "command": f"python bench/bench_compose.py --mail {count} --seed {seed}"}
    for variant, batch in variants.items():
        analyses = [a for a in analyze_many(batch, context) if not a.duplicate_of]
        for concise in (False, True):
            passed, rules, langs = 0, Counter(), Counter()
            for a in analyses:
                draft = compose(a, shop, now=NOW, concise=concise)
                result = review(draft.body, a, shop=shop, sent_at=NOW, subject=draft.subject)
                if result.passed:
                    passed += 1
                    continue
                errors = [f for f in result.findings if f.severity == "error"]
                rules.update({f.rule for f in errors})
                langs[a.language] += 1
                if failures is not None:
                    failures.write(json.dumps({
                        "variant": variant, "concise": concise, "message_id": a.message_id,
                        "language": a.language, "items": [[i.intent, i.text] for i in a.items],
                        "missing": list(a.missing), "body": draft.body,
                        "errors": [{"rule": f.rule, "message": f.message} for f in errors]},
                        ensure_ascii=False) + "\n")
            key = f"{variant}{'_concise' if concise else ''}"
            out[key] = {"drafts": len(analyses), "passed": passed,
                        "pass_rate": round(passed / max(1, len(analyses)), 4),
                        "failing_by_rule": dict(rules.most_common()),
                        "failing_by_language": dict(sorted(langs.items()))}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--mail", type=int, default=3000, help="generated messages for the pass rate (0: skip)")
    parser.add_argument("--seed", type=int, default=7, help="bench/mboxgen.py seed")
    parser.add_argument("--failures", type=Path, help="write failing drafts here (JSON Lines)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})   # one core

    from tactful.compose import compose, context_for
    from tactful.mail import iter_messages
    from tactful.review import review
    from tactful.samples import INBOX_DIR, SHOP_DIR
    from tactful.shop import load_shop
    from tactful.understand import analyze_many

    now = NOW
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
    if args.mail:
        if args.failures:
            with args.failures.open("w", encoding="utf-8") as fh:
                result["pass_rate"] = pass_rate(args.mail, args.seed, fh)
        else:
            result["pass_rate"] = pass_rate(args.mail, args.seed)
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
    rate = result.get("pass_rate")
    if rate:
        md += [
            "## Review pass rate over generated mail",
            "",
            f"Command: `{rate['command']}`: {rate['messages']} messages of bench/mboxgen.py (seed "
            f"{rate['seed']}), sample shop, clock {NOW.isoformat()}; a draft passes when its review has "
            "no error finding. \"Without order number\": the same mail with the generator's "
            "\"Order #N\" line taken out.",
            "",
            "| mail | drafts | full drafts pass | concise (VOLUME) drafts pass | failing rules (full / concise) |",
            "|---|---|---|---|---|",
        ]
        for variant, label in (("with_order_number", "order number the shop does not have"),
                               ("without_order_number", "without order number")):
            full, short = rate[variant], rate[variant + "_concise"]
            md.append(f"| {label} | {full['drafts']} | {full['passed']} ({100 * full['pass_rate']:.2f}%) | "
                      f"{short['passed']} ({100 * short['pass_rate']:.2f}%) | "
                      f"{full['failing_by_rule'] or '-'} / {short['failing_by_rule'] or '-'} |")
        md.append("")
    (RESULTS / "compose.md").write_text("\n".join(md), encoding="utf-8")
    print("\n".join(md))


if __name__ == "__main__":
    main()
