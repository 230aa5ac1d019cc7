"""Labelled training emails: whole customer emails with every part labelled (PLAYBOOK §2).

``data/train/emails/<lang>.yaml`` holds emails the team wrote for training (never the evaluation
sets). Each email lists its ``parts`` in order, each part ``[label, text]`` where ``label`` is the
intent the part itself asks about or states (an intent ID of the catalogue), or ``_`` for context
(greeting, sign-off, background, thanks). ``items`` is the email's item list under the evaluation
conventions (docs/evaluation.md), which merge a delivery problem and the remedy asked for into one
item. The parts train the sentence model (with ``_`` as its context class); the whole emails are a
development set for READ-SPLIT and the intent set, scored by cross-validation.

Run ``python -m tactful.understand.trainmail [FILE...]`` to validate files (all when none given).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from tactful.errors import TrainingDataError
from tactful.understand.lexicon import DATA, read_yaml
from tactful.understand.types import INTENTS, SERVED_LANGUAGES

EMAIL_DIR = DATA / "train" / "emails"
CONTEXT = "_"


@dataclass(frozen=True)
class TrainEmail:
    """One labelled training email."""

    id: str
    lang: str
    parts: tuple[tuple[str, str], ...]     # (label, text) in order; label is an intent or "_"
    items: tuple[str, ...]                 # the email's items (evaluation conventions)
    subject: str = ""
    source: str = ""

    @property
    def text(self) -> str:
        """The email as the customer sent it: parts joined by a space (nothing in Chinese), or
        directly after a part that ends in a line break."""
        gap = "" if self.lang.startswith("zh") else " "
        out: list[str] = []
        for i, (_, piece) in enumerate(self.parts):
            if i and not out[-1].endswith("\n"):
                out.append(gap)
            out.append(piece)
        return "".join(out).strip()

    @property
    def intents(self) -> frozenset[str]:
        return frozenset(self.items)


def parse_emails(raw: object, *, lang: str, source: str) -> list[TrainEmail]:
    """Validate a loaded YAML document; errors name the file, the email id and the field."""
    if not isinstance(raw, list):
        raise TrainingDataError("expected a list of emails", path=source)
    valid = set(INTENTS)
    out: list[TrainEmail] = []
    seen: set[str] = set()
    for n, rec in enumerate(raw, start=1):
        where = f"email {n}"
        if not isinstance(rec, dict):
            raise TrainingDataError(f"{where}: expected a mapping", path=source)
        eid = str(rec.get("id") or "")
        if not eid:
            raise TrainingDataError(f"{where}: missing id", path=source, field="id")
        where = f"email {eid}"
        if eid in seen:
            raise TrainingDataError(f"{where}: duplicate id", path=source, field="id")
        seen.add(eid)
        parts_raw = rec.get("parts")
        if not isinstance(parts_raw, list) or not parts_raw:
            raise TrainingDataError(f"{where}: 'parts' must be a non-empty list", path=source,
                                    field="parts")
        parts: list[tuple[str, str]] = []
        for k, part in enumerate(parts_raw, start=1):
            if not (isinstance(part, list) and len(part) == 2):
                raise TrainingDataError(f"{where}: part {k} must be [label, text]", path=source,
                                        field="parts")
            label, text = str(part[0]).strip(), str(part[1])
            if label != CONTEXT and label not in valid:
                raise TrainingDataError(
                    f"{where}: part {k}: unknown label {label!r} (an intent ID or '_')",
                    path=source, field="parts")
            if not text.strip():
                raise TrainingDataError(f"{where}: part {k} has no text", path=source,
                                        field="parts")
            parts.append((label, text))
        items_raw = rec.get("items")
        if not isinstance(items_raw, list) or not items_raw:
            raise TrainingDataError(f"{where}: 'items' must be a non-empty list of intents",
                                    path=source, field="items")
        items = tuple(str(i).strip() for i in items_raw)
        bad = [i for i in items if i not in valid]
        if bad:
            raise TrainingDataError(f"{where}: unknown intents in items: {bad}", path=source,
                                    field="items")
        labelled = {lab for lab, _ in parts if lab != CONTEXT}
        if not labelled and items != ("other",) and "feedback.compliment" not in items:
            raise TrainingDataError(f"{where}: no part is labelled with an intent", path=source,
                                    field="parts")
        out.append(TrainEmail(eid, lang, tuple(parts), items, str(rec.get("subject") or ""),
                              source))
    return out


def read_emails(path: Path | str, *, lang: str | None = None) -> list[TrainEmail]:
    path = Path(path)
    lang = lang or path.stem
    try:
        raw = read_yaml(path)
    except OSError as exc:
        raise TrainingDataError(f"cannot read: {exc.strerror}", path=str(path)) from exc
    except Exception as exc:  # a YAML syntax error names its own line
        raise TrainingDataError(f"not valid YAML: {exc}", path=str(path)) from exc
    return parse_emails(raw or [], lang=lang, source=str(path))


def builtin_emails(langs: Iterable[str] = SERVED_LANGUAGES) -> list[TrainEmail]:
    """All packaged training emails of the given languages."""
    out: list[TrainEmail] = []
    for lang in langs:
        path = EMAIL_DIR / f"{lang}.yaml"
        if path.exists():
            out.extend(read_emails(path, lang=lang))
    return out


def summary(emails: list[TrainEmail]) -> str:
    from collections import Counter

    items = Counter(i for e in emails for i in e.items)
    parts = Counter(lab for e in emails for lab, _ in e.parts)
    multi = sum(1 for e in emails if len(set(e.items)) > 1)
    lines = [f"{len(emails)} emails, {multi} with two or more intents, "
             f"{sum(parts.values())} parts ({parts[CONTEXT]} context)"]
    for intent in INTENTS:
        lines.append(f"  {intent:24s} items {items[intent]:4d}   parts {parts[intent]:4d}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(a) for a in args] or sorted(EMAIL_DIR.glob("*.yaml"))
    status = 0
    for path in paths:
        try:
            emails = read_emails(path)
        except TrainingDataError as exc:
            print(f"ERROR {exc}", file=sys.stderr)
            status = 1
            continue
        print(f"{path}: OK\n{summary(emails)}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
