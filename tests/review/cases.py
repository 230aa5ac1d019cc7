"""Load the labelled (email, reply) review cases of ``tests/review/cases/<lang>.yaml``.

Each case gives the email and the understanding of it (items, mood, missing facts...) so the
review is judged on its own, not on the analyser's mistakes; ``fires`` lists the rule IDs that
must fire and ``quiet`` the ones that must not ("all" = every other rule, "errors" = every other
error-severity rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml

from tactful.review.registry import all_rules
from tactful.review.types import ERROR
from tactful.understand.types import Analysis, Facts, Item, Mood, Secret

CASES_DIR = Path(__file__).resolve().parent / "cases"
# Written after the lexicons and never used to tune them: evaluated and reported, not gated.
HELDOUT_DIR = Path(__file__).resolve().parent / "heldout"


@dataclass
class Case:
    id: str
    language: str
    analysis: Analysis
    reply: str
    fires: set[str]
    quiet: set[str]
    shop: bool = False
    sent_at: datetime | None = None
    subject: str | None = None
    raw: dict = field(default_factory=dict, repr=False)


def _when(value) -> datetime | None:
    if value is None:
        return None
    dt = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def build_analysis(raw: dict, language: str) -> Analysis:
    email: str = raw["email"]
    items = []
    for spec in raw.get("items") or [{"intent": raw.get("intent", "other")}]:
        text = spec.get("text", email.strip())
        start = email.find(text)
        if start < 0:
            raise ValueError(f"case {raw.get('id')}: item text not in email: {text!r}")
        items.append(Item(text=text, start=start, end=start + len(text), intent=spec["intent"],
                          sort=spec.get("sort", "answer")))
    secrets = []
    for spec in raw.get("secrets") or []:
        start = email.find(spec["text"])
        if start < 0:
            raise ValueError(f"case {raw.get('id')}: secret not in email: {spec['text']!r}")
        secrets.append(Secret(spec["kind"], start, start + len(spec["text"])))
    mood = raw.get("mood") or {}
    return Analysis(
        source=f"case:{raw.get('id')}", message_id=f"<{raw.get('id')}@cases>", text=email,
        masked_text=email, language=raw.get("language", language), language_confidence=0.99,
        items=tuple(items),
        mood=Mood(negative=bool(mood.get("negative", False)), anger=float(mood.get("anger", 0)),
                  kind=mood.get("kind", "inquiry")),
        clarity=raw.get("clarity", "C2"), facts=Facts(), missing=tuple(raw.get("missing") or ()),
        secrets=tuple(secrets), subject=raw.get("subject", ""), sender=raw.get("sender", ""),
        sender_name=raw.get("sender_name", ""), received_at=_when(raw.get("received_at")),
    )


def _rule_set(value, fires: set[str]) -> set[str]:
    if value == "all":
        return {r.name for r in all_rules()} - fires
    if value == "errors":
        return {r.name for r in all_rules() if r.severity == ERROR} - fires
    return set(value or ())


def load_cases(language: str | None = None, folder: Path = CASES_DIR) -> list[Case]:
    out = []
    files = [folder / f"{language}.yaml"] if language else sorted(folder.glob("*.yaml"))
    for path in files:
        lang = path.stem
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            fires = set(raw.get("fires") or ())
            quiet = _rule_set(raw.get("quiet"), fires)
            if isinstance(raw.get("quiet"), list) and raw.get("quiet_also"):
                quiet |= set(raw["quiet_also"])
            overlap = fires & quiet
            if overlap:
                raise ValueError(f"case {raw['id']}: {overlap} both fires and quiet")
            out.append(Case(raw["id"], raw.get("language", lang), build_analysis(raw, lang),
                            raw["reply"], fires, quiet, bool(raw.get("shop", False)),
                            _when(raw.get("sent_at")), raw.get("reply_subject"), raw))
    return out
