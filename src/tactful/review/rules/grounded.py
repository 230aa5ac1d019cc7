"""GROUNDED: every order/tracking number, amount, percentage, date and stock claim is backed.

Backed means: found in the customer's email or in the shop's data (orders, tracking, catalogue,
policies), or derived from them by a policy percentage. Future dates are promises (EXPECT,
REALISTIC), not facts; offered discounts and refunds are POLICY-LIMIT's business.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from tactful.review.claims import amounts, dates, percents
from tactful.review.rules import _shopdata as S
from tactful.review.rules._offers import offer_kinds
from tactful.review.rules._variants import stock_claims
from tactful.review.types import ERROR, Finding

name = "GROUNDED"
description = ("Every order number, tracking number, amount, percentage, date and stock claim is "
               "backed by the shop's data or the customer's email.")
severity = ERROR


def _offered(ctx, claim) -> bool:
    """An offered rate ("10% off", "退款20%") is POLICY-LIMIT's business; "90% wool" is ours."""
    sent = ctx.sentences[ctx.sentence_of(claim.start)]
    return bool(offer_kinds(ctx, sent, claim.start, claim.end))


def _shape(code: str) -> str:
    return re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", code))


def _codes(ctx) -> list[Finding]:
    mail = S.email_codes(ctx)
    backed = mail | S.shop_codes(ctx.shop)
    # Without the shop's data only a number shaped like one in the email can be judged (a
    # typo'd order number); a tracking number the email never had cannot be checked.
    shapes = {_shape(c) for c in mail}
    return [Finding(name, severity, c.start, c.end,
                    f"\"{c.text.strip()}\" is not in the customer's email"
                    + ("" if ctx.shop is None else " or the shop's orders, tracking and catalogue")
                    + "; check the number before sending.", "")
            for c in ctx.reply_codes
            if not S.code_backed(c.value, backed) and (ctx.shop is not None or _shape(c.value) in shapes)]


def _amounts(ctx) -> list[Finding]:
    known = S.known_amounts(ctx)
    out = []
    for c in amounts(ctx.reply):
        if Decimal(c.value).quantize(Decimal("0.01")) not in known:
            out.append(Finding(name, severity, c.start, c.end,
                               f"The amount \"{c.text.strip()}\" matches no price, order total or "
                               "amount the customer gave; check it against the shop's data.", ""))
    return out


def _percents(ctx) -> list[Finding]:
    known = S.known_percents(ctx)
    return [Finding(name, severity, c.start, c.end,
                    f"\"{c.text.strip()}\" is not backed by the product data, the policies or the "
                    "email; state only percentages you can verify.", "")
            for c in percents(ctx.reply)
            if Decimal(c.value) not in known and not _offered(ctx, c)]


def _dates(ctx) -> list[Finding]:
    ref = ctx.sent_at or ctx.analysis.received_at
    if ref is None:
        return []
    months = ctx.lex.data.get("months")
    known = S.known_dates(ctx, months)
    found = dates(ctx.reply, months, ref.year)
    # A sentence that also names a future date gives a forecast ("between 15 and 25 November"),
    # not a record; only dates stated as what happened are checked.
    future = {ctx.sentence_of(c.start) for c in found if date.fromisoformat(c.value) >= ref.date()}
    out = []
    for c in found:
        day = date.fromisoformat(c.value)
        if day >= ref.date() or day in known or ctx.sentence_of(c.start) in future:
            continue
        out.append(Finding(name, severity, c.start, c.end,
                           f"The date \"{c.text.strip()}\" is not in the order, tracking or email "
                           "data; state only dates the records show.", ""))
    return out


def _stock(ctx) -> list[Finding]:
    """A stock claim must match the catalogue variants it names (``_variants``): "in stock" when
    none of them is, "sold out" when every one of them is in stock."""
    out = []
    for claim in stock_claims(ctx):
        in_stock = any(p.in_stock for p in claim.variants)
        if claim.says_in_stock != in_stock:
            variant = claim.variants[0]
            label = " ".join(x for x in (variant.name, variant.colour, variant.size) if x) \
                if len(claim.variants) == 1 else variant.name
            out.append(Finding(name, severity, claim.start, claim.end,
                               f"The reply says \"{claim.text}\", but the catalogue shows "
                               f"{label} {'in stock' if in_stock else 'out of stock'}.", ""))
    return out


def check(ctx) -> list[Finding]:
    out = _codes(ctx)
    if ctx.shop is not None:
        out += _amounts(ctx) + _percents(ctx) + _stock(ctx)
    return out + _dates(ctx)
