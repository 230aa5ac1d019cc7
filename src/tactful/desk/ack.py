"""ACK and FOLLOW mails: the acknowledgement with the ticket reference and the promised reply
time, and the follow-up asking whether the customer is satisfied (COMPLAINT-4, last stage).

Texts live in ``data/ack/<language>.yaml`` and ``data/follow_up/<language>.yaml`` (every served
language); unknown languages get English.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
ACK_DIR = DATA / "ack"


@dataclass(frozen=True)
class AckText:
    language: str
    subject: str
    body: str


@lru_cache(maxsize=None)
def _template(kind: str, language: str) -> dict[str, str]:
    path = DATA / kind / f"{language}.yaml"
    if not path.is_file():
        path = DATA / kind / "en.yaml"
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in ACK_DIR.glob("*.yaml")))


def _render(kind: str, language: str, values: dict) -> AckText:
    lang = language if (DATA / kind / f"{language}.yaml").is_file() else "en"
    t = _template(kind, lang)
    greeting = (t["greeting"] if values.get("name") else t["greeting_anonymous"]).format(**values)
    body = f"{greeting}\n\n{t['body'].format(**values).rstrip()}\n\n{t['signoff'].format(**values).rstrip()}\n"
    return AckText(lang, t["subject"].format(**values), body)


def render_ack(*, language: str, ref: str, hours: int, due: datetime, name: str, shop: str) -> AckText:
    """ACK in ``language`` (falls back to English)."""
    return _render("ack", language, {"ref": ref, "hours": hours, "due": due.strftime("%Y-%m-%d %H:%M UTC"),
                                     "name": name, "shop": shop})


def render_follow_up(*, language: str, ref: str, name: str, shop: str) -> AckText:
    """FOLLOW: ask whether the proposed solution worked, in ``language``."""
    return _render("follow_up", language, {"ref": ref, "name": name, "shop": shop})
