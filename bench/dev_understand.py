"""Cross-validate READ-SPLIT and the intents on the team's training emails (issue 3).

The evaluation sets in ``tests/understand/eval`` must stay unseen while the analysis is tuned, so
tuning happens here: the training emails (``src/tactful/understand/data/train/emails``) are cut
into folds by a hash of their id; for each fold the intent model is trained on everything else
(the single sentences and the other folds' emails) and the whole analysis runs on the fold's
emails. Scores: the email's intent set (micro-F1, exact match) and its item count, per language,
with the most frequent mistakes.

    .venv/bin/python bench/dev_understand.py                 # 5 folds, all languages
    .venv/bin/python bench/dev_understand.py --folds 3 --lang de --show 20

Writes ``bench/results/understand_dev.{json,md}``.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
RESULTS = ROOT / "bench" / "results"


def fold_of(email_id: str, folds: int) -> int:
    return int(hashlib.sha1(email_id.encode()).hexdigest(), 16) % folds


class PRF:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, exp: set, got: set) -> None:
        self.tp += len(exp & got)
        self.fp += len(got - exp)
        self.fn += len(exp - got)

    @property
    def f1(self) -> float:
        d = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / d if d else 1.0


def _fold_model(train, cache: Path | None):
    """Train (or load from ``cache``) the model for one fold's training emails."""
    from tactful.understand.classifier import IntentModel, train_builtin

    if cache is None:
        return train_builtin(train)
    import tactful.understand.classifier as source

    # What the built-in model is made of (training code, conventions, cues, sentences), the
    # training settings of this run (--set) and the fold's emails (hashed here, not the files on
    # disk, so a frozen copy given with --emails keeps its cache while the files change).
    settings = sorted((k, v) for k, v in vars(source).items()
                      if k.isupper() and isinstance(v, (bool, int, float, str)))
    h = hashlib.sha1(f"{source._builtin_digest(emails=False)}{settings!r}".encode())
    for e in sorted(train, key=lambda e: e.id):
        h.update(repr((e.id, e.parts, e.items)).encode())
    path = cache / f"fold-{h.hexdigest()[:16]}.pkl"
    if path.exists():
        return IntentModel.load(path)
    model = train_builtin(train)
    model.save(path)
    return model


def run(folds: int = 5, langs: list[str] | None = None, cache: Path | None = None,
        dump: list | None = None, email_dir: Path | None = None) -> dict:
    from tactful.mail import message_from_text
    from tactful.understand.pipeline import analyze
    from tactful.understand.trainmail import builtin_emails
    from tactful.understand.types import INTENTS

    if email_dir is not None:           # a frozen copy of the training emails
        from tactful.understand.trainmail import read_emails

        emails = [e for path in sorted(email_dir.glob("*.yaml")) for e in read_emails(path)]
    else:
        emails = builtin_emails()
    scored = [e for e in emails if not langs or e.lang in langs]
    overall, per_lang = PRF(), defaultdict(PRF)
    per_intent = {i: PRF() for i in INTENTS}
    exact = Counter()
    count_ok = Counter()
    n_lang = Counter()
    confusions: Counter = Counter()
    mistakes = []
    started = time.perf_counter()
    for k in range(folds):
        held = [e for e in scored if fold_of(e.id, folds) == k]
        if not held:
            continue
        train = [e for e in emails if fold_of(e.id, folds) != k]
        model = _fold_model(train, cache)
        if dump is not None:                # keep the item decision's input for each email
            decide = model.item_probabilities

            def record(scores, email, strong, weak, _decide=decide):
                dump.append({"scores": scores, "email": email, "strong": strong, "weak": weak})
                return _decide(scores, email, strong, weak)

            model.item_probabilities = record
        for e in held:
            a = analyze(message_from_text(e.text, subject=e.subject, sender=f"{e.id}@dev.test",
                                          message_id=e.id), model=model)
            exp, got = set(e.items), set(a.intents)
            if dump and "id" not in dump[-1]:
                dump[-1].update(id=e.id, lang=e.lang, items=list(e.items), labels=model.labels)
            overall.add(exp, got)
            per_lang[e.lang].add(exp, got)
            for i in INTENTS:
                per_intent[i].add(exp & {i}, got & {i})
            n_lang[e.lang] += 1
            exact[e.lang] += exp == got
            count_ok[e.lang] += len(e.items) == len(a.items)
            if exp != got:
                for i in exp - got:
                    confusions[(i, ",".join(sorted(got - exp)) or "(none)")] += 1
                for i in got - exp:
                    if not exp - got:
                        confusions[("(extra)", i)] += 1
                mistakes.append({"id": e.id, "expected": sorted(exp), "got": sorted(got),
                                 "items": [(it.intent, it.text[:80]) for it in a.items],
                                 "text": e.text[:300]})
    n = sum(n_lang.values())
    return {
        "folds": folds, "emails": n, "seconds": round(time.perf_counter() - started, 1),
        "micro_f1": round(overall.f1, 4),
        "exact": round(sum(exact.values()) / n, 4) if n else 0,
        "item_count": round(sum(count_ok.values()) / n, 4) if n else 0,
        "per_language": {lang: {"emails": n_lang[lang], "micro_f1": round(per_lang[lang].f1, 4),
                                "exact": round(exact[lang] / n_lang[lang], 4),
                                "item_count": round(count_ok[lang] / n_lang[lang], 4)}
                         for lang in sorted(n_lang)},
        "per_intent": {i: round(p.f1, 4) for i, p in per_intent.items()},
        "confusions": [[a, b, c] for (a, b), c in confusions.most_common(40)],
        "mistakes": mistakes,
    }


def markdown(r: dict) -> str:
    lines = ["# Understand: cross-validation on the training emails", "",
             f"{r['emails']} emails, {r['folds']} folds, {r['seconds']} s. Produced by "
             "`.venv/bin/python bench/dev_understand.py`.", "",
             f"Intent micro-F1 **{r['micro_f1']}**, exact intent set {r['exact']}, "
             f"item count {r['item_count']}.", "",
             "| language | emails | micro-F1 | exact | items |", "|---|---|---|---|---|"]
    for lang, v in r["per_language"].items():
        lines.append(f"| {lang} | {v['emails']} | {v['micro_f1']} | {v['exact']} | {v['item_count']} |")
    lines += ["", "| intent | F1 |", "|---|---|"]
    lines += [f"| `{i}` | {f} |" for i, f in r["per_intent"].items()]
    lines += ["", "| expected | got instead | emails |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in r["confusions"][:25]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--lang", action="append")
    ap.add_argument("--show", type=int, default=0, help="print this many mistakes")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--emails", type=Path, help="read the training emails from this folder")
    ap.add_argument("--dump", type=Path, help="pickle the item decision's input per email here")
    ap.add_argument("--cache", type=Path, help="keep the fold models here (sweeping settings that "
                    "apply after training, such as items.ITEM_THRESHOLD)")
    ap.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE",
                    help="override a tuning constant for this run, e.g. items.CONTEXT_MAX=0.4")
    args = ap.parse_args(argv)
    import importlib

    for spec in args.set:
        name, value = spec.split("=", 1)
        module, attr = name.rsplit(".", 1)
        mod = importlib.import_module(f"tactful.understand.{module}")
        if not hasattr(mod, attr):
            ap.error(f"{module} has no {attr}")
        current = getattr(mod, attr)
        setattr(mod, attr, ast.literal_eval(value) if isinstance(current, (bool, tuple)) else type(current)(value))
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    dump: list | None = [] if args.dump else None
    r = run(args.folds, args.lang, args.cache, dump, args.emails)
    if args.dump:
        import pickle

        args.dump.write_bytes(pickle.dumps(dump))
    print(markdown(r))
    for m in r["mistakes"][:args.show]:
        print(json.dumps(m, ensure_ascii=False))
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "understand_dev.json").write_text(json.dumps(r, ensure_ascii=False, indent=1),
                                                     encoding="utf-8")
        (RESULTS / "understand_dev.md").write_text(markdown(r), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
