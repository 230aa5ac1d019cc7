"""Our intent classifier on the Bitext customer-service corpus, next to a TF-IDF + LR baseline.

Corpus: ``../shared/corpora/bitext-customer-service`` (CDLA-Sharing-1.0; see its SOURCE.md),
file ``Bitext_Sample_Customer_Service_Training_Dataset.csv`` (columns flags, utterance, category,
intent; 27 intents, English chat utterances). It has no official test split, so this script
de-duplicates the utterances and makes a seeded, stratified 80/20 split (seed 20260301).

Bitext's intents are mapped onto the PLAYBOOK §2 catalogue with ``MAPPING`` (documented in
docs/evaluation.md). ``check_cancellation_fee`` has no counterpart and is left out.

Reported on the test part, in one run:
- ``tactful`` built-in: ``analyze_text`` (the whole READ pipeline); the email's main intent is
  the intent of its most confident item ("other" when no item is found), and, separately,
  whether the right intent is among the email's intents;
- ``tactful`` sentence classifier alone (``IntentModel.predict``);
- ``tactful`` adapted with the train part as a seller's history (``train_with_seller``, what
  ``tactful train`` does), pipeline and classifier;
- baseline: word TF-IDF (1-2 grams) + LogisticRegression trained on the train part only.

    .venv/bin/python bench/eval_bitext.py            # writes bench/results/bitext.json and .md
    .venv/bin/python bench/eval_bitext.py --limit 300 --no-pipeline   # quick look
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Sequence

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bitext-customer-service"
CSV_PATH = (CORPUS / "Data" / "archive" / "Bitext_Sample_Customer_Service_Training_Dataset" / "Training"
            / "Bitext_Sample_Customer_Service_Training_Dataset.csv")
RESULTS = ROOT / "bench" / "results"
SEED = 20260301

# Bitext intent -> PLAYBOOK §2 intent (None: no counterpart, left out of the evaluation).
MAPPING: dict[str, str | None] = {
    "cancel_order": "order.cancel",
    "change_order": "order.change",
    "change_shipping_address": "order.change",       # address of an order (§2: "...address of an order")
    "check_cancellation_fee": None,                  # a fee question: neither order.cancel nor other
    "check_invoice": "other",
    "get_invoice": "other",
    "check_payment_methods": "payment.methods",
    "payment_issue": "payment.failed",
    "check_refund_policy": "return.request",         # the answer is the return/refund policy
    "get_refund": "return.request",
    "track_refund": "refund.status",
    "complaint": "complaint.service",
    "review": "feedback.review",
    "contact_customer_service": "other",
    "contact_human_agent": "other",
    "create_account": "other",
    "delete_account": "other",
    "edit_account": "other",
    "switch_account": "other",
    "recover_password": "other",
    "registration_problems": "other",
    "newsletter_subscription": "other",
    "delivery_options": "shipping.options",
    "delivery_period": "shipping.time",
    "place_order": "other",
    "set_up_shipping_address": "other",              # an account's address book, not an order
    "track_order": "shipping.status",
}


def load_rows(path: Path = CSV_PATH) -> list[tuple[str, str, str]]:
    """(utterance, bitext intent, our intent), de-duplicated, unmapped intents dropped."""
    if not path.exists():
        raise SystemExit(f"eval_bitext: corpus not found at {path} (clone the project beside ../shared)")
    seen: set[str] = set()
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            text, intent = row["utterance"].strip(), row["intent"].strip()
            if intent not in MAPPING:
                raise SystemExit(f"eval_bitext: intent {intent!r} has no entry in MAPPING")
            key = " ".join(text.lower().split())
            if not text or key in seen or MAPPING[intent] is None:
                continue
            seen.add(key)
            rows.append((text, intent, MAPPING[intent]))
    return rows


def split(rows: Sequence[tuple[str, str, str]], seed: int = SEED, test_share: float = 0.2):
    """Stratified by Bitext intent, seeded: the same split on every machine."""
    by_intent: dict[str, list] = defaultdict(list)
    for r in rows:
        by_intent[r[1]].append(r)
    rng = random.Random(seed)
    train, test = [], []
    for intent in sorted(by_intent):
        group = by_intent[intent][:]
        rng.shuffle(group)
        cut = max(1, round(len(group) * test_share))
        test += group[:cut]
        train += group[cut:]
    return train, test


def baseline(train, test) -> tuple[list[str], float]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    started = time.perf_counter()
    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                          LogisticRegression(max_iter=2000))
    model.fit([r[0] for r in train], [r[2] for r in train])
    pred = list(model.predict([r[0] for r in test]))
    return pred, time.perf_counter() - started


def pipeline_predictions(test, model) -> tuple[list[str], list[tuple[str, ...]], float]:
    """Main intent and intent set of ``analyze_text`` for each utterance."""
    from tactful.understand import analyze_text

    started = time.perf_counter()
    main, sets = [], []
    for text, _, _ in test:
        a = analyze_text(text, model=model)
        main.append(max(a.items, key=lambda i: i.confidence).intent if a.items else "other")
        sets.append(a.intents)
    return main, sets, time.perf_counter() - started


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    return sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0


def per_label(gold: Sequence[str], preds: dict[str, Sequence[str]]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for label in sorted(set(gold)):
        idx = [i for i, g in enumerate(gold) if g == label]
        out[label] = {"support": len(idx)} | {
            name: round(sum(p[i] == label for i in idx) / len(idx), 4) for name, p in preds.items()}
    return out


def run(limit: int | None = None, with_pipeline: bool = True, with_seller: bool = True) -> dict[str, Any]:
    rows = load_rows()
    train, test = split(rows)
    if limit:
        test = random.Random(SEED).sample(test, min(limit, len(test)))
    gold = [r[2] for r in test]
    result: dict[str, Any] = {
        "corpus": str(CSV_PATH.relative_to(ROOT.parent)),
        "split": f"no official test split: de-duplicated, stratified 80/20 by Bitext intent, seed {SEED}",
        "rows_used": len(rows), "train": len(train), "test": len(test),
        "excluded_intents": sorted(k for k, v in MAPPING.items() if v is None),
        "mapping": MAPPING,
        "test_label_counts": dict(Counter(gold).most_common()),
    }
    preds: dict[str, list[str]] = {}
    systems: dict[str, dict[str, Any]] = {}

    pred, secs = baseline(train, test)
    preds["baseline_tfidf_lr"] = pred
    systems["baseline_tfidf_lr"] = {"what": "word TF-IDF 1-2 grams + LogisticRegression, trained on the train part",
                                    "accuracy": round(accuracy(gold, pred), 4), "seconds": round(secs, 2)}

    from tactful.understand import load_model

    builtin = load_model()
    started = time.perf_counter()
    pred = builtin.predict([r[0] for r in test])
    preds["tactful_classifier"] = pred
    systems["tactful_classifier"] = {"what": "tactful built-in sentence classifier (IntentModel.predict), no Bitext training",
                                     "accuracy": round(accuracy(gold, pred), 4),
                                     "seconds": round(time.perf_counter() - started, 2)}
    if with_pipeline:
        main, sets, secs = pipeline_predictions(test, builtin)
        preds["tactful_pipeline"] = main
        systems["tactful_pipeline"] = {
            "what": "tactful analyze_text (built-in model): main intent = most confident item",
            "accuracy": round(accuracy(gold, main), 4),
            "intent_in_set": round(sum(g in s for g, s in zip(gold, sets)) / len(gold), 4),
            "seconds": round(secs, 2)}

    if with_seller:
        from tactful.understand.classifier import Example, train_with_seller

        started = time.perf_counter()
        adapted = train_with_seller([Example(t, ours, source="bitext-train") for t, _, ours in train])
        fit_secs = time.perf_counter() - started
        pred = adapted.predict([r[0] for r in test])
        preds["tactful_classifier_adapted"] = pred
        systems["tactful_classifier_adapted"] = {
            "what": "tactful classifier after train_with_seller(train part), as `tactful train` does",
            "accuracy": round(accuracy(gold, pred), 4), "train_seconds": round(fit_secs, 2)}
        if with_pipeline:
            main, sets, secs = pipeline_predictions(test, adapted)
            preds["tactful_pipeline_adapted"] = main
            systems["tactful_pipeline_adapted"] = {
                "what": "tactful analyze_text with the adapted model",
                "accuracy": round(accuracy(gold, main), 4),
                "intent_in_set": round(sum(g in s for g, s in zip(gold, sets)) / len(gold), 4),
                "seconds": round(secs, 2)}

    base = systems["baseline_tfidf_lr"]["accuracy"]
    for s in systems.values():
        s["ratio_to_baseline"] = round(s["accuracy"] / base, 3) if base else None
    result["systems"] = systems
    result["per_label_accuracy"] = per_label(gold, preds)
    confusions: Counter = Counter()
    for g, p in zip(gold, preds.get("tactful_pipeline", preds["tactful_classifier"])):
        if g != p:
            confusions[(g, p)] += 1
    result["tactful_confusions"] = [{"expected": g, "got": p, "count": c} for (g, p), c in confusions.most_common(15)]
    return result


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "# Intents on the Bitext customer-service corpus",
        "",
        f"`{result['corpus']}`; {result['split']}. {result['rows_used']} utterances after de-duplication "
        f"and leaving out {', '.join(result['excluded_intents'])}: {result['train']} train, {result['test']} test. "
        "English chat utterances mapped onto the PLAYBOOK §2 catalogue (table in docs/evaluation.md). "
        "Produced by `.venv/bin/python bench/eval_bitext.py`.",
        "",
        "| system | accuracy | ratio to baseline | right intent among the email's intents |",
        "|---|---|---|---|",
    ]
    for name, s in result["systems"].items():
        lines.append(f"| {name}: {s['what']} | {s['accuracy']:.3f} | {s['ratio_to_baseline']} | "
                     f"{s.get('intent_in_set', '—')} |")
    names = list(result["systems"])
    lines += ["", "## Accuracy per mapped intent", "",
              "| intent | test rows | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for label, row in result["per_label_accuracy"].items():
        lines.append(f"| `{label}` | {row['support']} | " + " | ".join(f"{row.get(n, 0):.3f}" for n in names) + " |")
    if result["tactful_confusions"]:
        lines += ["", "## Most frequent confusions of tactful", "", "| expected | got | rows |", "|---|---|---|"]
        lines += [f"| `{c['expected']}` | `{c['got']}` | {c['count']} |" for c in result["tactful_confusions"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="evaluate on a seeded sample of the test part")
    ap.add_argument("--no-pipeline", action="store_true", help="classifier only (fast)")
    ap.add_argument("--no-seller", action="store_true", help="skip the adapted model")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    result = run(args.limit, with_pipeline=not args.no_pipeline, with_seller=not args.no_seller)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bitext.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (args.out / "bitext.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
