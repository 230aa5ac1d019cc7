"""ACK: the automatic acknowledgement with the ticket reference and the promised reply time.

Texts live in ``data/ack/<language>.yaml`` (every served language); unknown languages get English.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import yaml

ACK_DIR = Path(__file__).resolve().parent / "data" / "ack"


@dataclass(frozen=True)
class AckText:
    language: str
    subject: str
    body: str


@lru_cache(maxsize=None)
def _template(language: str) -> dict[str, str]:
    path = ACK_DIR / f"{language}.yaml"
    if not path.is_file():
        path = ACK_DIR / "en.yaml"
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in ACK_DIR.glob("*.yaml")))


def render_ack(*, language: str, ref: str, hours: int, due: datetime, name: str, shop: str) -> AckText:
    """The acknowledgement in ``language`` (falls back to English)."""
    lang = language if (ACK_DIR / f"{language}.yaml").is_file() else "en"
    t = _template(lang)
    values = {"ref": ref, "hours": hours, "due": due.strftime("%Y-%m-%d %H:%M UTC"),
              "name": name, "shop": shop}
    greeting = (t["greeting"] if name else t["greeting_anonymous"]).format(**values)
    body = f"{greeting}\n\n{t['body'].format(**values).rstrip()}\n\n{t['signoff'].format(**values).rstrip()}\n"
    return AckText(lang, t["subject"].format(**values), body)
