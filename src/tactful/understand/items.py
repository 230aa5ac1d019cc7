"""READ-SPLIT, second half: the items of an email (one per distinct request) with intents.

The email's sentences (a sentence holding two requests is cut at its clause boundary) are read
in order by the intent model (``classifier``): each gets intent margins and a probability that
it only explains, greets or thanks (context). The model's item decision weighs that evidence,
the whole-email head and the cue words (``data/cues``) into the set of intents the email asks
about. Each asking sentence then joins the item of the accepted intent it points at most;
context joins the request it introduces (or the one before, in the same paragraph). One item
per intent, in the customer's order: "Where is my parcel? Can you send the tracking number?"
is one question about the parcel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tactful.understand.classifier import IntentModel, cue_arrays, softmax_rows
from tactful.understand.conventions import ABSORB
from tactful.understand.cues import CueHits, match_cues
from tactful.understand.lexicon import fold, load, phrase_pattern
from tactful.understand.segment import ROLE_TEXT, Sentence

# An intent whose item probability reaches this is an item of the email (5-fold cross-validation
# on the training emails, bench/dev_understand.py: 7,280 emails 0.45 -> 0.8941, 0.5 -> 0.8957,
# 0.55 -> 0.8956; 9,230 emails 0.45 -> 0.9041, 0.5 -> 0.9052, 0.55 -> 0.9050, 0.65 -> 0.9041).
ITEM_THRESHOLD = 0.5
# A sentence whose context probability is below this asks for something by itself.
ASKS_BELOW = 0.5
# Neighbouring items merged after the item decision (pairs of ``conventions.ABSORB``). The trees
# already weigh the conventions; merging every pair again cost 0.8 points of micro-F1 in
# cross-validation. "Where is it?" right after "it never came" stays merged (0.8953 vs 0.8957):
# as two items, a reply that answers the lost parcel would be asked to answer the tracking
# question too.
ABSORB_PAIRS: tuple[frozenset[str], ...] = (frozenset({"delivery.not_received", "shipping.status"}),)


@lru_cache(maxsize=None)
def _conjunctions(lang: str) -> re.Pattern[str] | None:
    """The conjunctions that may join two requests in one sentence (``split.clause``)."""
    return phrase_pattern(load("lexicon", lang).get("split", {}).get("clause", []), lang)


_CLAUSE_PUNCT = re.compile(r"[,;:，；、：]\s*")


def _cue_top(hits: CueHits) -> str | None:
    """The intent a piece of text names most plainly: strong cues first, then weak ones."""
    pool = hits.strong or hits.weak
    return max(pool, key=pool.get) if pool else None


def _clauses(sent: Sentence, lang: str) -> list[Sentence]:
    """Split a sentence holding two requests ("it arrived broken and nobody answers", "is it wool
    and which size fits me?") at a clause boundary, when each side has a strong cue of a
    different intent; else keep it whole ("wool and cashmere scarves in bulk" is one)."""
    hits = match_cues(sent.text, lang)
    if len(hits.strong) < 2:
        return [sent]
    conj = _conjunctions(lang)
    cuts = [m.start() for m in _CLAUSE_PUNCT.finditer(sent.text)]
    if conj is not None:
        folded = fold(sent.text)
        cuts += [m.start() for m in conj.finditer(folded) if m.start() > 0]
    best = None
    for cut in sorted(set(cuts)):
        left, right = sent.text[:cut], sent.text[cut:]
        lh, rh = match_cues(left, lang), match_cues(right, lang)
        lt, rt = _cue_top(lh), _cue_top(rh)
        if lt and rt and lt != rt and lh.strong and rh.strong:
            best = cut
            break
    if best is None:
        return [sent]
    left = sent.text[:best].rstrip(" ,;:，；、：")
    right_raw = sent.text[best:]
    lead = len(right_raw) - len(right_raw.lstrip(" ,;:，；、："))
    first = Sentence(left, sent.start, sent.start + len(left), sent.paragraph, sent.role)
    rest = Sentence(right_raw[lead:], sent.start + best + lead, sent.end, sent.paragraph, sent.role)
    return [first] + _clauses(rest, lang)




@dataclass(frozen=True)
class FoundItem:
    """One item of an email: its span over the text, intent and item probability."""

    start: int
    end: int
    intent: str
    confidence: float


@dataclass
class _Piece:
    sentence: Sentence
    is_text: bool
    label: str | None = None        # the accepted intent it asks about, None for context


def _pieces(sentences: list[Sentence], lang: str) -> list[_Piece]:
    out: list[_Piece] = []
    for s in sentences:
        if s.role == ROLE_TEXT:
            out.extend(_Piece(part, True) for part in _clauses(s, lang))
        else:
            out.append(_Piece(s, False))
    return out


def find_items(sentences: list[Sentence], lang: str, model: IntentModel, text: str) -> list[FoundItem]:
    """The items of an email in the customer's order (READ-SPLIT and the §2 intents)."""
    import numpy as np

    pieces = _pieces(sentences, lang)
    if not any(p.is_text for p in pieces):
        return []
    texts = [p.sentence.text for p in pieces]
    fixed = [not p.is_text for p in pieces]
    scores = model.score_sentences(texts, fixed_context=fixed)
    strong, weak = cue_arrays(texts, lang, model.labels)
    strong[np.asarray(fixed)] = 0.0
    weak[np.asarray(fixed)] = 0.0
    probs = model.item_probabilities(scores, model.email_margins(text), strong, weak)
    accepted = [c for c in range(len(model.labels)) if probs[c] >= ITEM_THRESHOLD]
    if not accepted:
        accepted = [int(np.argmax(probs))]
    P = softmax_rows(scores.margins)
    asks = (1.0 - scores.context) * np.asarray([p.is_text for p in pieces], dtype=float)
    for i, p in enumerate(pieces):
        if p.is_text and scores.context[i] < ASKS_BELOW:
            p.label = model.labels[max(accepted, key=lambda c: P[i, c])]
    for c in accepted:                    # an accepted intent no sentence was given to
        label = model.labels[c]
        if any(p.label == label for p in pieces):
            continue
        best = int(np.argmax(P[:, c] * asks))
        owner = pieces[best].label
        if owner is None or sum(p.label == owner for p in pieces) > 1:
            pieces[best].label = label
        else:                             # the sentence is the other item's only one: share it
            pieces.append(_Piece(pieces[best].sentence, True, label))
    return _absorb(_spans(pieces, {model.labels[c]: float(probs[c]) for c in accepted}))


def _absorb(items: list[FoundItem]) -> list[FoundItem]:
    """Neighbouring items that are one request by the READ-SPLIT conventions become one."""
    out: list[FoundItem] = []
    for it in items:
        pair = frozenset({out[-1].intent, it.intent}) if out else None
        if pair in ABSORB_PAIRS:
            last = out[-1]
            out[-1] = FoundItem(min(last.start, it.start), max(last.end, it.end), ABSORB[pair],
                                max(last.confidence, it.confidence))
        else:
            out.append(it)
    return out


def _spans(pieces: list[_Piece], confidence: dict[str, float]) -> list[FoundItem]:
    """One item per intent: its asking sentences plus the context that introduces them."""
    members: dict[str, list[Sentence]] = {}
    pending: list[Sentence] = []
    last: str | None = None
    for p in pieces:
        if p.label is None:
            if p.is_text:
                pending.append(p.sentence)
            continue
        if last is not None and pending and last != p.label:
            # Context in the previous request's paragraph explains it; a new paragraph (or the
            # same one as this request) introduces this request.
            prev_para = members[last][-1].paragraph
            back = [s for s in pending if s.paragraph == prev_para and s.paragraph != p.sentence.paragraph]
            members[last].extend(back)
            pending = [s for s in pending if s not in back]
        members.setdefault(p.label, []).extend(pending + [p.sentence])
        pending = []
        last = p.label
    if pending and last is not None:
        members[last].extend(pending)
    items = []
    for intent, sents in members.items():
        start = min(s.start for s in sents)
        end = max(s.end for s in sents)
        items.append(FoundItem(start, end, intent, confidence.get(intent, 0.0)))
    return sorted(items, key=lambda it: it.start)
