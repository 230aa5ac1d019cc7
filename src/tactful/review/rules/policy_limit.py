"""POLICY-LIMIT: discounts, refunds and compensation offered stay within the shop's limits (H2)."""

from __future__ import annotations

import re
from decimal import Decimal

from tactful.review.claims import amounts, percents
from tactful.review.rules import _shopdata as S
from tactful.review.rules._offers import offer_kinds
from tactful.review.types import ERROR, Finding

name = "POLICY-LIMIT"
description = "Discounts, refunds and compensation offered are within the shop's configured limits."
severity = ERROR

# Chinese writes "20% off" as 八折 (pay eight tenths), "25% off" as 七五折 or 7.5折.
_ZHE = re.compile(r"([1-9一二三四五六七八九])(?:\.?([0-9五]))?\s*折")
AFTER_SALE = frozenset({"delivery.not_received", "delivery.wrong_item", "delivery.missing_item",
                        "delivery.damaged", "return.request", "complaint.service"})
REFUSED_GAP = 25        # characters between "we can't offer" and the rate it declines
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}


def _zhe_percent(m: re.Match) -> Decimal:
    tenths = Decimal(_CN_DIGIT.get(m.group(1), m.group(1)))
    if m.group(2):
        tenths += Decimal(_CN_DIGIT.get(m.group(2), m.group(2))) / 10
    return Decimal(100) - tenths * 10


def _rates(ctx, sent):
    """(start, end, rate, offer kinds) of each rate the sentence offers.

    A percentage counts only with an offer cue next to it (``_offers``): "90% wool" beside "a
    discount" is a material. "八折"/"7.5折" is a discount by its very form.
    """
    out = []
    for c in percents(sent.text):
        s, e = sent.start + c.start, sent.start + c.end
        kinds = offer_kinds(ctx, sent, s, e)
        if kinds:
            out.append((s, e, Decimal(c.value), kinds))
    out += [(sent.start + m.start(), sent.start + m.end(), _zhe_percent(m), {"offer_discount"})
            for m in _ZHE.finditer(sent.text)]
    return out


def check(ctx) -> list[Finding]:
    shop = ctx.shop
    if shop is None:
        return []
    pol = shop.policies
    max_discount = max([pol.max_discount_percent] + [t.percent for t in pol.bulk_tiers])
    order = S.the_order(ctx)
    # After a problem with an order, "keep it with 20% off" is compensation, not a sales discount.
    after_sale = bool(ctx.intents() & AFTER_SALE)
    refusals = [m.end() for m in ctx.find("refusal")]
    out = []
    for i, sent in enumerate(ctx.sentences):
        discount = ctx.match_in("offer_discount", sent)
        comp = ctx.match_in("offer_compensation", sent) or (discount and after_sale)
        refund = ctx.match_in("offer_refund", sent)
        if not (discount or comp or refund):
            continue
        for s, e, rate, kinds in _rates(ctx, sent):
            # "We can't offer 30% off" declines the rate; it offers nothing.
            if any(0 <= s - r <= REFUSED_GAP for r in refusals):
                continue
            near_discount = "offer_discount" in kinds
            near_comp = "offer_compensation" in kinds or (near_discount and after_sale)
            if near_comp and rate < 100 and rate > pol.max_compensation_percent:
                out.append(Finding(name, severity, s, e,
                                   f"{rate}% compensation is over the shop's limit of "
                                   f"{pol.max_compensation_percent}%.", f"{pol.max_compensation_percent}%"))
            elif near_discount and not near_comp and rate > max_discount:
                out.append(Finding(name, severity, s, e,
                                   f"A {rate}% discount is over the shop's limit of {max_discount}%.",
                                   f"{max_discount}%"))
        if order is None:
            continue
        for c in amounts(sent.text):
            value = Decimal(c.value)
            limit = order.total if (refund and not comp) else (order.total * pol.max_compensation_percent / 100)
            if (comp or refund) and value > limit:
                out.append(Finding(name, severity, sent.start + c.start, sent.start + c.end,
                                   f"{c.text.strip()} is more than the shop allows for order "
                                   f"{order.order_id} (limit {limit.quantize(Decimal('0.01'))} {order.currency}).", ""))
    return out
