"""Build the held-out evaluation set: ``src/<lang>.yaml`` (written by people) -> ``<lang>.jsonl``.

The YAML is the form we write and review (block text, short defaults); the JSON Lines files are
what the harness (``bench/eval_understand.py``) reads. ``validate`` checks what a labeller can get
wrong: unknown labels, tracking numbers with bad check digits, Luhn-valid numbers that are not
labelled as cards, duplicate links to the wrong sender. Run: ``python tests/understand/eval/build_set.py``.

This set is kept apart from all training data (issue 3): never copy it into
``src/tactful/understand/data``.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "src"))

from tactful.understand.types import (CLARITIES, INTENTS, MISSING_FACTS, MOOD_KINDS,  # noqa: E402
                                      SERVED_LANGUAGES, SORTS)

_spec = importlib.util.spec_from_file_location("eval_checks", HERE / "checks.py")
checks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(checks)  # type: ignore[union-attr]

FACT_FIELDS = ("order_numbers", "tracking_numbers", "skus", "sizes", "measurements", "colours",
               "quantities", "amounts", "dates", "countries")
SECRET_KINDS = ("card_number", "cvv", "card_expiry", "password", "iban", "bank_login")
LANG_FILES = SERVED_LANGUAGES


class LabelError(ValueError):
    pass


def expand(raw: dict, lang: str) -> dict:
    """One YAML record -> the JSON record of the set (defaults filled in)."""
    items = []
    for spec in raw["items"]:
        parts = spec.split(":")
        item = {"intent": parts[0], "sort": parts[1] if len(parts) > 1 and parts[1] else "answer"}
        if len(parts) > 2:
            item["deadline"] = parts[2]
        items.append(item)
    present = {i["intent"] for i in items}
    facts = {name: [str(v) for v in (raw.get("facts") or {}).get(name, [])] for name in FACT_FIELDS}
    return {
        "id": raw["id"],
        "sender": raw["sender"],
        "sender_name": raw.get("name", ""),
        "date": raw["date"],
        "subject": raw.get("subject", ""),
        "text": raw["text"].rstrip("\n"),
        "has_image": bool(raw.get("image", False)),
        "known_orders": [str(o) for o in raw.get("orders", [])],
        "expected": {
            "language": raw.get("lang", lang),
            "items": items,
            "intents": [i for i in INTENTS if i in present],
            "negative": bool(raw.get("neg", False)),
            "kind": raw.get("kind", "inquiry"),
            "clarity": raw.get("clarity", "C2"),
            "facts": facts,
            "missing": list(raw.get("missing", [])),
            "secrets": [{"kind": k} for k in raw.get("secrets", [])],
            "duplicate_of": raw.get("dup"),
            "repeat_of": raw.get("rep"),
        },
    }


_LONG_DIGITS = re.compile(r"(?<![\dA-Za-z])\d(?:[ -]?\d){12,18}(?![\dA-Za-z])")


def validate(records: list[dict]) -> list[str]:
    """Every labelling mistake we can detect mechanically, as messages."""
    errors: list[str] = []
    by_id = {r["id"]: r for r in records}
    if len(by_id) != len(records):
        errors.append("duplicate ids: " + ", ".join(k for k, v in Counter(r["id"] for r in records).items() if v > 1))
    for r in records:
        e, rid = r["expected"], r["id"]
        try:
            when = datetime.fromisoformat(r["date"])
            if when.tzinfo is None:
                errors.append(f"{rid}: date without offset")
        except ValueError:
            errors.append(f"{rid}: bad date {r['date']}")
        if e["language"] not in SERVED_LANGUAGES:
            errors.append(f"{rid}: language {e['language']}")
        if not e["items"]:
            errors.append(f"{rid}: no items")
        for it in e["items"]:
            if it["intent"] not in INTENTS:
                errors.append(f"{rid}: intent {it['intent']}")
            if it["sort"] not in SORTS:
                errors.append(f"{rid}: sort {it['sort']}")
            if "deadline" in it:
                try:
                    date.fromisoformat(it["deadline"])
                except ValueError:
                    errors.append(f"{rid}: deadline {it['deadline']}")
        if e["kind"] not in MOOD_KINDS:
            errors.append(f"{rid}: kind {e['kind']}")
        if e["clarity"] not in CLARITIES:
            errors.append(f"{rid}: clarity {e['clarity']}")
        for m in e["missing"]:
            if m not in MISSING_FACTS:
                errors.append(f"{rid}: missing {m}")
        kinds = [s["kind"] for s in e["secrets"]]
        for k in kinds:
            if k not in SECRET_KINDS:
                errors.append(f"{rid}: secret kind {k}")
        flat = re.sub(r"\s", "", r["text"]).upper()
        for t in e["facts"]["tracking_numbers"]:
            carrier = ("ups" if t.startswith("1Z") else "upu" if re.fullmatch(r"[A-Z]{2}\d{9}[A-Z]{2}", t)
                       else "dhl" if len(t) == 10 else "fedex")
            if not checks.tracking_ok(t, carrier):
                errors.append(f"{rid}: tracking number {t} invalid for {carrier}")
            if t not in flat:
                errors.append(f"{rid}: tracking number {t} not in text")
        for o in e["facts"]["order_numbers"]:
            if o.upper() not in flat:
                errors.append(f"{rid}: order number {o} not in text")
        for d in e["facts"]["dates"]:
            try:
                date.fromisoformat(d)
            except ValueError:
                errors.append(f"{rid}: fact date {d}")
        for a in e["facts"]["amounts"]:
            if not re.fullmatch(r"\d+\.\d\d [A-Z]{3}", a):
                errors.append(f"{rid}: amount {a!r} must be '12.50 EUR'")
        for c in e["facts"]["countries"]:
            if not re.fullmatch(r"[A-Z]{2}", c):
                errors.append(f"{rid}: country {c}")
        for m in e["facts"]["measurements"]:
            if not re.fullmatch(r"\d+(\.\d+)? (cm|in|kg|lb|mm|m) \w+", m):
                errors.append(f"{rid}: measurement {m!r} must be '170 cm height'")
        luhn = [m.group(0) for m in _LONG_DIGITS.finditer(r["text"]) if checks.luhn_ok(m.group(0))]
        if luhn and "card_number" not in kinds:
            errors.append(f"{rid}: Luhn-valid {luhn} but no card_number secret")
        if kinds.count("card_number") > len(luhn):
            errors.append(f"{rid}: card_number labelled but no Luhn-valid number in text")
        if "iban" in kinds and not any(checks.iban_ok(m.group(0)) for m in
                                       re.finditer(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?", r["text"])):
            errors.append(f"{rid}: iban labelled but no valid IBAN in text")
        for link in ("duplicate_of", "repeat_of"):
            target = e[link]
            if target is None:
                continue
            if target not in by_id:
                errors.append(f"{rid}: {link} {target} unknown")
            elif by_id[target]["sender"].lower() != r["sender"].lower():
                errors.append(f"{rid}: {link} {target} has another sender")
            elif link == "repeat_of" and by_id[target]["date"] >= r["date"]:
                errors.append(f"{rid}: repeat_of a later message")
    senders = Counter(r["sender"].lower() for r in records)
    for r in records:
        e = r["expected"]
        if senders[r["sender"].lower()] > 1 and not (e["duplicate_of"] or e["repeat_of"]):
            linked = any(o["expected"]["duplicate_of"] == r["id"] or o["expected"]["repeat_of"] == r["id"]
                         for o in records)
            if not linked:
                errors.append(f"{r['id']}: sender {r['sender']} reused without a duplicate/repeat link")
    return errors


def load_sources(src: Path = SRC) -> dict[str, list[dict]]:
    out = {}
    for lang in LANG_FILES:
        path = src / f"{lang}.yaml"
        if path.exists():
            out[lang] = [expand(raw, lang) for raw in yaml.safe_load(path.read_text(encoding="utf-8"))]
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Build <lang>.jsonl from src/<lang>.yaml and validate.")
    ap.add_argument("--dir", type=Path, default=HERE, help="set folder holding src/ (default: this one)")
    args = ap.parse_args(argv)
    out_dir = args.dir
    sets = load_sources(out_dir / "src")
    records = [r for recs in sets.values() for r in recs]
    errors = validate(records)
    for e in errors:
        print("ERROR", e)
    counts = Counter(i["intent"] for r in records for i in r["expected"]["items"])
    for lang, recs in sets.items():
        (out_dir / f"{lang}.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    print(f"{len(records)} emails: " + ", ".join(f"{k} {len(v)}" for k, v in sets.items()))
    print("intents:", ", ".join(f"{i} {counts[i]}" for i in INTENTS))
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
