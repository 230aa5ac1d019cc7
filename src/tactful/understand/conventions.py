"""READ-SPLIT conventions: which neighbouring requests are one item (PLAYBOOK §1-§2).

The tracking details of a parcel that never came are the not-received complaint; a refund or
exchange asked for a broken or wrong item is how that problem should be solved; "cancel it and
refund me" is one cancellation; "I sent it back ... where is my money" is one refund question.
Used when sentences are turned into items, and by the model's features that mirror it.
"""

from __future__ import annotations

from typing import Iterable

ABSORB: dict[frozenset[str], str] = {
    frozenset({"shipping.status", "delivery.not_received"}): "delivery.not_received",
    frozenset({"delivery.wrong_item", "return.request"}): "delivery.wrong_item",
    frozenset({"delivery.damaged", "return.request"}): "delivery.damaged",
    frozenset({"delivery.missing_item", "return.request"}): "delivery.missing_item",
    frozenset({"delivery.not_received", "return.request"}): "delivery.not_received",
    frozenset({"return.request", "refund.status"}): "refund.status",
    frozenset({"order.cancel", "return.request"}): "order.cancel",
}


def merge_labels(labels: Iterable[str], context: str = "_") -> list[str]:
    """The item intents of a sequence of sentence labels: context skipped, a repeated intent
    and an absorbed neighbour folded into the item before it."""
    out: list[str] = []
    for label in labels:
        if label == context:
            continue
        if out and out[-1] == label:
            continue
        pair = frozenset({out[-1], label}) if out else None
        if pair in ABSORB:
            out[-1] = ABSORB[pair]
            continue
        out.append(label)
    return out
