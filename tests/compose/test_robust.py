"""Every intent in every language composes without error, even for a shop with almost no data."""

from __future__ import annotations

import pytest

from tactful.compose import compose
from tactful.compose.phrases import LANGUAGES
from tactful.shop.model import Shop
from tactful.understand.types import INTENTS

from .helpers import NOW, analysis, build_shop, fact

EMPTY = Shop(name="Tiny Shop", sender_name="Tiny Shop", sender_address="hi@tiny.example")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("shop", [EMPTY, build_shop()], ids=["empty-shop", "full-shop"])
def test_every_intent_composes(shop, lang):
    for intent in INTENTS:
        a = analysis("?", intent, language=lang, sender="nobody@nowhere.example", order_numbers=["TS-0000"],
                     quantities=["7"], sizes=["M"], colours=["gold"], countries=["DE"],
                     measurements=[fact("88", "chest", unit="cm")])
        d = compose(a, shop, now=NOW)
        assert d.body.strip() and d.plan[0].section == "greeting" and d.plan[-1].section == "signoff"
        assert "{" not in d.body and "}" not in d.body, (intent, d.body)   # no unfilled placeholder
        assert "TS-0000" in d.body or intent not in ("shipping.status", "order.cancel")
