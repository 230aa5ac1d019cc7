"""COMPLAINT-4: the four complaint stages and the only moves between them (pure).

accepted -> clarified -> solution_proposed -> followed_up. A stage may be skipped forwards
(a clear complaint can get a solution in the first reply) but never moves backwards.
"""

from __future__ import annotations

ACCEPTED, CLARIFIED, SOLUTION_PROPOSED, FOLLOWED_UP = ("accepted", "clarified", "solution_proposed",
                                                       "followed_up")
STAGES = (ACCEPTED, CLARIFIED, SOLUTION_PROPOSED, FOLLOWED_UP)


def advance(current: str | None, target: str) -> str:
    """The stage after moving towards ``target``; moving backwards keeps ``current``."""
    if target not in STAGES:
        raise ValueError(f"unknown complaint stage {target!r}")
    if current is None:
        return target
    return target if STAGES.index(target) > STAGES.index(current) else current


def after_customer_message(current: str | None, *, is_complaint: bool, supplied_missing: bool) -> str | None:
    """A customer wrote: a new complaint is accepted; an answer to our questions clarifies it."""
    if current is None:
        return ACCEPTED if is_complaint else None
    if current == ACCEPTED and supplied_missing:
        return CLARIFIED
    return current


def after_reply(current: str | None, *, proposes_solution: bool, asks_missing: bool) -> str | None:
    if current is None:
        return None
    if proposes_solution and not asks_missing:
        return advance(current, SOLUTION_PROPOSED)
    return current
