"""The whole pipeline over a set of messages: parse → analyze_many → compose → review.

Used by ``tactful draft`` and ``tactful demo`` (and reusable by the desk). Duplicates found by
READ-DUP get no draft of their own (the kept message is answered once); a repeat gets the earlier
messages of the same sender as ``history`` so its draft acknowledges them and reads differently.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from tactful.compose.composer import compose, context_for
from tactful.compose.types import Draft
from tactful.shop.model import Shop
from tactful.understand.types import Analysis


@dataclass(frozen=True)
class PipelineResult:
    """One message's way through the pipeline."""

    analysis: Analysis
    draft: Draft | None = None          # None for a duplicate (answered through the kept message)
    review: Any = None                  # tactful.review.ReviewResult when the review ran
    skipped: str = ""                   # why no draft was made
    ticket_ref: str = ""

    @property
    def source(self) -> str:
        return self.analysis.source

    def to_json(self) -> dict[str, Any]:
        """The ``tactful draft --json`` object (issue 4 contract)."""
        a = self.analysis
        out: dict[str, Any] = {"source": a.source, "message_id": a.message_id, "language": a.language,
                               "intents": list(a.intents), "ticket": self.ticket_ref}
        if self.draft is None:
            out.update({"skipped": self.skipped, "subject": None, "body": None, "plan": [], "facts_used": {}})
        else:
            out.update({"language": self.draft.language, "subject": self.draft.subject,
                        "body": self.draft.body, "plan": [s.to_json() for s in self.draft.plan],
                        "facts_used": self.draft.facts_used, "notes": list(self.draft.notes)})
        if self.review is not None:
            out["review"] = {"score": self.review.score, "passed": self.review.passed,
                             "findings": [f.to_json() for f in self.review.findings]}
        return out


def ticket_ref_for(message_id: str) -> str:
    """A short stable reference for the subject line when the desk has not assigned one (SUBJECT)."""
    return "T-" + format(zlib.crc32((message_id or "").encode("utf-8")) % 0xFFFFFF, "06X")


def _review_fn():
    try:
        from tactful.review import review
    except ImportError:     # the review stage is optional for drafting
        return None
    return review


def draft_all(analyses: Sequence[Analysis], shop: Shop, *, now: datetime, review: bool = True,
              progress: Callable[[Analysis], None] | None = None) -> list[PipelineResult]:
    """Compose (and review) a draft for every analysis that is not a duplicate."""
    reviewer = _review_fn() if review else None
    by_id = {a.message_id: a for a in analyses}
    seen: dict[str, list[Analysis]] = {}
    results: list[PipelineResult] = []
    for analysis in analyses:
        sender = (analysis.sender or "").lower()
        history = tuple(seen.get(sender, ()))
        ref = ticket_ref_for(analysis.message_id)
        if analysis.duplicate_of and analysis.duplicate_of in by_id:
            results.append(PipelineResult(analysis, skipped=f"duplicate of {analysis.duplicate_of}", ticket_ref=ref))
        else:
            draft = compose(analysis, shop, now=now, history=history, ticket_ref=ref)
            verdict = None
            if reviewer is not None:
                try:
                    verdict = reviewer(draft.body, analysis, shop=shop, sent_at=now, subject=draft.subject)
                except Exception as exc:    # a broken review must not lose the draft; say why
                    draft = replace(draft, notes=draft.notes + (f"review failed: {type(exc).__name__}: {exc}",))
            results.append(PipelineResult(analysis, draft, verdict, ticket_ref=ref))
        if sender:
            seen.setdefault(sender, []).append(analysis)
        if progress is not None:
            progress(analysis)
    return results


def run_pipeline(paths: Iterable[str | Path], shop: Shop, *, now: datetime, review: bool = True,
                 progress: Callable[[Any], None] | None = None) -> list[PipelineResult]:
    """Parse every message under ``paths``, analyse them together, then draft and review each.

    ``progress`` is called once per message analysed and once per message drafted.
    """
    from tactful.mail import iter_messages
    from tactful.understand import analyze_many

    messages = list(iter_messages([str(p) for p in paths]))
    context = context_for(shop)
    if progress is None:
        analyses = analyze_many(messages, context)
    else:
        analyses = analyze_many(_ticking(messages, progress), context)
    return draft_all(analyses, shop, now=now, review=review, progress=progress)


def _ticking(messages, progress):
    """Yield messages, ticking ``progress`` as analyze_many consumes each one."""
    for message in messages:
        yield message
        progress(message)
