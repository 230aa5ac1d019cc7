"""READ-PROFILE: business or individual buyer, returning customer, help or compensation sought."""

from __future__ import annotations

import re
from functools import lru_cache

from tactful.understand.lexicon import load, normalize, phrase_pattern
from tactful.understand.types import Profile

# A company signature: legal-form suffixes in any served country (kept short and unambiguous).
_COMPANY = re.compile(
    r"\b(?:Ltd|LLC|GmbH|SARL|Lda|Ltda|OÜ|SIA|ООО|ОАО|ИП)\b|\b(?:Inc|S\.L|S\.A|B\.V|S\.r\.l)\.|"
    r"有限公司|VAT\s*(?:no|number|id)|USt-?IdNr|ИНН|KMKR|PVN\s*(?:nr|numurs)",
)


@lru_cache(maxsize=None)
def _patterns(lang: str) -> dict[str, re.Pattern[str] | None]:
    prof = load("lexicon", lang).get("profile", {})
    return {name: phrase_pattern(prof.get(name, []), lang)
            for name in ("business", "returning", "compensation")}


def detect_profile(text: str, signature: str, lang: str, intents: tuple[str, ...],
                   known_orders: int = 0) -> Profile:
    """Hints about the customer from the new text, the signature and what the shop knows."""
    pats = _patterns(lang)
    norm = normalize(text)
    cues: list[str] = []

    def hit(name: str) -> bool:
        rx = pats[name]
        m = rx.search(norm) if rx is not None else None
        if m:
            cues.append(f"{name}:{m.group().strip()}")
        return bool(m)

    business = hit("business") or "price.wholesale" in intents
    company = _COMPANY.search(signature or "") or _COMPANY.search(text)
    if company:
        business = True
        cues.append(f"business:{company.group().strip()}")
    returning = hit("returning") or known_orders > 1
    if known_orders > 1:
        cues.append(f"returning:{known_orders} known orders")
    compensation = hit("compensation")
    return Profile(business=business, returning=returning, seeks_compensation=compensation,
                   cues=tuple(cues))
