"""Pass rates of ``tactful.mail`` on every shared mail corpus (for the README).

    python bench/corpus_report.py

Runs the same checks as tests/mail (expectations from each corpus's SOURCE.md and
tests/data/mail/replies/*.yaml), prints a table and writes bench/results/mail_corpora.json.
Known differences (strict xfails in the tests) count as failures here: the rate is the truth.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "mail"))

from mail_corpus import (CORPORA, REPLY_SUITES, check_reply, load_zammad_expected,  # noqa: E402
                         lost_words, reply_cases, zammad_cases, zammad_checks)

from tactful.mail import html_to_text, parse_bytes, parse_file, split_reply  # noqa: E402


def _rate(passed: int, total: int) -> dict:
    return {"passed": passed, "total": total, "rate": round(passed / total, 4) if total else None}


def zammad() -> dict:
    fields_ok = fields = cases_ok = crashes = 0
    for box, yml in zammad_cases():
        try:
            message = parse_file(box)
        except Exception:  # noqa: BLE001 - counted, never expected
            crashes += 1
            continue
        checks = zammad_checks(message, load_zammad_expected(yml))
        if "cc" in checks and "cc" not in load_zammad_expected(yml):
            checks.pop("cc")
        good = sum(ok for ok, _, _ in checks.values())
        fields_ok += good
        fields += len(checks)
        cases_ok += good == len(checks)
    total = len(zammad_cases())
    return {"no_crash": _rate(total - crashes, total), "fields": _rate(fields_ok, fields),
            "messages_all_fields": _rate(cases_ok, total)}


def cpython() -> dict:
    files = sorted((CORPORA / "cpython-test-email" / "Lib" / "test" / "test_email" / "data").glob("msg_*.txt"))
    ok = clean = 0
    for path in files:
        try:
            message = parse_bytes(path.read_bytes(), source=path.name)
        except Exception:  # noqa: BLE001
            continue
        ok += 1
        clean += not lost_words(message)
    return {"no_crash": _rate(ok, len(files)), "no_text_lost": _rate(clean, len(files))}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def discourse() -> dict:
    base = CORPORA / "discourse-email-reply-trimmer" / "test"
    names = sorted(p.name for p in (base / "emails").glob("*.txt"))
    ok = 0
    for name in names:
        split = split_reply((base / "emails" / name).read_text(encoding="utf-8"))
        ok += _squash(split.visible_text) == _squash((base / "trimmed" / name).read_text(encoding="utf-8"))
    return {"trimmed": _rate(ok, len(names))}


def talon() -> dict:
    base = CORPORA / "talon" / "tests" / "fixtures"
    flat = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    std = sorted((base / "standard_replies").glob("*.eml"))
    std_ok = 0
    for path in std:
        expected_file = path.with_name(path.stem + "_reply_text")
        expected = expected_file.read_text(encoding="utf-8") if expected_file.exists() else "Hello"
        message = parse_file(path)
        std_ok += flat(message.new_text + message.signature) == flat(expected)
    htmls = sorted((base / "html_replies").glob("*.html"))
    html_ok = sum(flat(split_reply(html_to_text(p.read_text(encoding="utf-8", errors="replace"))).visible_text)
                  == "Hi.Iamfine.Thanks,Alex" for p in htmls)
    sig_dir = base / "signature" / "emails" / "stripped"
    sigs = sorted(p.name[:-5] for p in sig_dir.glob("*_body"))
    sig_ok = 0
    for name in sigs:
        sender = (sig_dir / f"{name}_sender").read_text(encoding="utf-8").strip() if (sig_dir / f"{name}_sender").exists() else ""
        expected = (sig_dir / f"{name}_signature").read_text(encoding="utf-8") if (sig_dir / f"{name}_signature").exists() else ""
        sig_ok += flat(split_reply((sig_dir / f"{name}_body").read_text(encoding="utf-8"), sender_name=sender).signature) == flat(expected)
    return {"standard_replies": _rate(std_ok, len(std)), "html_replies": _rate(html_ok, len(htmls)),
            "signatures": _rate(sig_ok, len(sigs))}


def reply_suites() -> dict:
    result = {}
    for suite in REPLY_SUITES:
        cases = reply_cases(suite)
        derived = [c for c in cases if c[2]]
        ok = sum(not check_reply(path, exp) for _, path, exp in cases)
        ok_derived = sum(not check_reply(path, exp) for _, path, exp in derived)
        result[suite] = {"all_fixtures": _rate(ok, len(cases)),
                         "with_upstream_expectations": _rate(ok_derived, len(derived))}
    return result


def main() -> None:
    start = time.perf_counter()
    report = {
        "zammad-mail": zammad(),
        "cpython-test-email": cpython(),
        "discourse-email-reply-trimmer": discourse(),
        "talon": talon(),
        **reply_suites(),
        "command": "python bench/corpus_report.py",
    }
    report["seconds"] = round(time.perf_counter() - start, 1)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "mail_corpora.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print("| corpus | check | passed | rate |\n|---|---|---:|---:|")
    for corpus, checks in report.items():
        if not isinstance(checks, dict):
            continue
        for check, value in checks.items():
            print(f"| {corpus} | {check.replace('_', ' ')} | {value['passed']}/{value['total']} | "
                  f"{value['rate'] * 100:.1f}% |")


if __name__ == "__main__":
    main()
