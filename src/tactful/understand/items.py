"""READ-SPLIT, second half: group sentences into items (one per distinct request) with intents.

Each sentence gets intent scores from the classifier and the cue lexicon. A sentence is a
request when it asks (question mark, a request word), states a problem (a strong cue of an
after-sale intent), or the classifier is sure of a non-pre-sale intent; the rest is context
(background, thanks) and joins the request it explains. Neighbouring requests with the same
intent, or with intents that are one request in practice (ABSORB), are one item: "Where is my
parcel? Can you send the tracking number?" is one question about the parcel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from tactful.understand.classifier import IntentModel
from tactful.understand.cues import CueHits, match_cues
from tactful.understand.lexicon import fold, load, normalize, phrase_pattern
from tactful.understand.segment import ROLE_TEXT, Sentence

OTHER = "other"
# Bonus per cue hit on top of the classifier's 0-1 probability.
STRONG_BONUS = 1.0
WEAK_BONUS = 0.25
# The classifier alone makes a sentence a request at this probability.
REQUEST_PROB = 0.55
# Intents that are asked for; a sentence naming them without asking is background.
INQUIRY_INTENTS = frozenset({
    "product.question", "product.availability", "product.size_advice", "price.discount",
    "price.wholesale", "shipping.options", "payment.methods", "shipping.time", "order.combine",
})
# A weak cue confirmed by the model's top choice at this probability makes a request.
AGREE_PROB = 0.3
# Below this, an uncued request ("Could you check it?") continues the item before it.
UNSURE_REQUEST = 0.35
# Without any cue, a best model probability below this is a guess: the item is "other".
GUESS_BELOW = 0.3
_QUESTION = re.compile(r"[?？¿]")


@dataclass
class Scored:
    """A sentence with its intent scores and whether it asks for something."""

    sentence: Sentence
    scores: dict[str, float]
    cues: CueHits
    is_request: bool
    thanks_only: bool
    opens_new: bool
    model_top: float = 0.0

    @property
    def weak_request(self) -> bool:
        """A request the model is unsure about and no cue supports: likely a follow-on question."""
        return self.is_request and not self.cues.any and self.model_top < UNSURE_REQUEST

    @property
    def intent(self) -> str:
        return max(self.scores, key=self.scores.get)

    @property
    def confidence(self) -> float:
        total = sum(self.scores.values()) or 1.0
        return self.scores[self.intent] / total


@dataclass
class Group:
    """Sentences that form one item."""

    members: list[Scored] = field(default_factory=list)
    intent: str = OTHER

    @property
    def requests(self) -> list[Scored]:
        return [m for m in self.members if m.is_request]


@dataclass(frozen=True)
class _SplitLexicon:
    request: re.Pattern[str] | None
    thanks: re.Pattern[str] | None
    new_request: re.Pattern[str] | None
    clause: re.Pattern[str] | None


@lru_cache(maxsize=None)
def _lexicon(lang: str) -> _SplitLexicon:
    split = load("lexicon", lang).get("split", {})
    return _SplitLexicon(phrase_pattern(split.get("request", []), lang),
                         phrase_pattern(split.get("thanks", []), lang),
                         phrase_pattern(split.get("new_request", []), lang),
                         phrase_pattern(split.get("clause", []), lang))


def _ends_with(pattern: re.Pattern[str], text: str) -> bool:
    """Whether a match of ``pattern`` ends the text (trailing punctuation aside)."""
    bare = text.rstrip(" .!?。！？~…")
    return any(m.end() == len(bare) for m in pattern.finditer(bare))


# When one sentence holds strong cues of both intents, the first is what is asked: money that
# "has not arrived" after a return is the refund, not a lost parcel; "I returned it ... where is
# my refund" asks about the refund; "I wrote three days ago, nobody answers" is a reminder.
PRIORITY = {
    ("refund.status", "delivery.not_received"),
    ("refund.status", "return.request"),
    ("refund.status", "order.cancel"),
    ("refund.status", "shipping.time"),
    ("followup.reminder", "complaint.service"),
    ("followup.reminder", "delivery.not_received"),   # "I got no answer" is not a lost parcel
}
PRIORITY_MARGIN = 0.1


def combine(probs: dict[str, float], cues: CueHits) -> dict[str, float]:
    """Classifier probabilities plus cue bonuses: a strong cue wins over a lukewarm model."""
    out = dict(probs)
    for intent, n in cues.strong.items():
        out[intent] = out.get(intent, 0.0) + STRONG_BONUS * min(n, 3)
    for intent, n in cues.weak.items():
        out[intent] = out.get(intent, 0.0) + WEAK_BONUS * min(n, 3)
    top = max(out, key=out.get) if out else None
    for winner, loser in PRIORITY:
        if top == loser and winner in cues.strong and loser in cues.strong:
            out[winner] = out[top] + PRIORITY_MARGIN
            top = winner
    return out


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
    conj = _lexicon(lang).clause
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


def score_sentences(sentences: list[Sentence], lang: str, model: IntentModel) -> list[Scored]:
    """Intent scores and request/context role of each text sentence."""
    lex = _lexicon(lang)
    texts: list[Sentence] = []
    asked: list[bool] = []          # the clause came out of a question: "Is it wool and ...?"
    for s in sentences:
        if s.role != ROLE_TEXT:
            continue
        parts = _clauses(s, lang)
        texts += parts
        asks_whole = bool(_QUESTION.search(s.text)) or bool(
            lex.request and lex.request.search(normalize(s.text)))
        asked += [len(parts) > 1 and asks_whole] * len(parts)
    probs = model.predict_scores([s.text for s in texts])
    out = []
    for sent, prob, in_question in zip(texts, probs, asked):
        cues = match_cues(sent.text, lang)
        folded = normalize(sent.text)
        words = len(sent.text.split()) if " " in sent.text.strip() else len(sent.text) // 3
        # "Thanks!", "Danke im Voraus", "急用，谢谢！": politeness, not a request of its own.
        thanks = bool(lex.thanks and (lex.thanks.match(folded.lstrip()) or
                                      _ends_with(lex.thanks, folded))) and words <= 8 \
            and not cues.strong
        asks = bool(_QUESTION.search(sent.text)) or bool(lex.request and lex.request.search(folded))
        sure = max(prob.values()) >= REQUEST_PROB and max(prob, key=prob.get) != OTHER
        top = max(prob, key=prob.get)
        # Two weak signals that agree (a weak cue and the model's own choice) make a request.
        agree = top in cues.weak and prob[top] >= AGREE_PROB
        # A statement naming a pre-sale topic ("I chose express shipping") is background; a
        # statement of a problem ("the vase arrived broken") is a request in itself.
        stated = any(i not in INQUIRY_INTENTS for i in cues.strong)
        scores = combine(prob, cues)
        topic = max(scores, key=scores.get) in INQUIRY_INTENTS
        # A clause of a question that names a pre-sale topic is itself asked.
        asks = asks or (in_question and topic and cues.any)
        is_request = not thanks and (asks or stated or ((sure or agree) and not topic))
        opens_new = bool(lex.new_request and lex.new_request.match(folded.lstrip()))
        out.append(Scored(sent, scores, cues, is_request, thanks, opens_new, max(prob.values())))
    return out


def group_items(scored: list[Scored]) -> list[Group]:
    """One group per distinct request, in the customer's order, context attached."""
    groups: list[Group] = []
    pending: list[Scored] = []          # context waiting for the request it explains
    for s in scored:
        if not s.is_request:
            pending.append(s)
            continue
        intent = s.intent
        last = groups[-1] if groups else None
        if last is not None and s.weak_request and not s.opens_new:
            last.members.extend(pending)
            last.members.append(s)
            pending = []
            continue
        if last is not None and last.intent == intent and not (s.opens_new and intent == OTHER):
            last.members.extend(pending)
            last.members.append(s)
        else:
            if last is not None and pending:
                # Context in the previous request's paragraph explains it; a new paragraph
                # (or the same one as this request) introduces this request.
                back = [p for p in pending if p.sentence.paragraph == last.members[-1].sentence.paragraph
                        and p.sentence.paragraph != s.sentence.paragraph]
                last.members.extend(back)
                pending = [p for p in pending if p not in back]
            groups.append(Group(members=pending + [s], intent=intent))
        pending = []
    if pending:
        if groups:
            groups[-1].members.extend(p for p in pending if not p.thanks_only)
        else:
            groups.append(Group(members=pending, intent=_fallback_intent(pending)))
    for g in groups:
        g.intent = _group_intent(g)
    return _dissolve(_merge_same(groups))


# A group's best model probability below this, without a strong cue, is a guess: when the email
# has other items, it is background for them rather than a request of its own.
SURE_ITEM = 0.5
_FEEDBACK = ("feedback.",)


def _is_weak(group: Group) -> bool:
    voters = group.requests or group.members
    # "Also, which shipping method is fastest?": a request the customer marks as a new one, with
    # a cue of the item's intent, is not a guess even when the model is lukewarm.
    if any(m.is_request and m.opens_new and group.intent in m.cues.weak for m in voters):
        return False
    return not any(m.cues.strong for m in voters) and max(m.model_top for m in voters) < SURE_ITEM


def _is_pleasantry(groups: list[Group], i: int) -> bool:
    """Praise before a different request ("I love the dress. Which size ...?") sets the tone;
    it is an item of its own only when more feedback follows."""
    g = groups[i]
    return (g.intent == "feedback.compliment" and i + 1 < len(groups)
            and not groups[i + 1].intent.startswith(_FEEDBACK))


def _dissolve(groups: list[Group]) -> list[Group]:
    """Fold guessed items and leading pleasantries into their neighbour (READ-SPLIT: one item
    per distinct request, not per sentence)."""
    while len(groups) > 1:
        for i in range(len(groups)):
            pleasantry = _is_pleasantry(groups, i)
            if _is_weak(groups[i]) or pleasantry:
                target = groups[i + 1] if i + 1 < len(groups) else groups[i - 1]
                if not pleasantry and i > 0 and (
                        i + 1 == len(groups) or groups[i - 1].members[-1].sentence.paragraph
                        == groups[i].members[0].sentence.paragraph):
                    target = groups[i - 1]   # a follow-on line of the request above it
                target.members = sorted(target.members + groups[i].members,
                                        key=lambda m: m.sentence.start)
                for m in groups[i].members:
                    m.is_request = False     # context now; the target keeps its own intent
                del groups[i]
                break
        else:
            break
    return _merge_same(groups)


DELIVERY_PROBLEMS = frozenset({"delivery.not_received", "delivery.damaged", "delivery.wrong_item",
                               "delivery.missing_item"})
# Background sentences describe the problem ("the handle came loose"), so they vote too, with
# less weight than the sentence that asks.
CONTEXT_VOTE = 0.6


def _group_intent(group: Group) -> str:
    total: dict[str, float] = {}
    for m in group.members:
        weight = 1.0 if m.is_request else CONTEXT_VOTE
        for intent, v in m.scores.items():
            total[intent] = total.get(intent, 0.0) + weight * v
    # The sentence that asks decides when it names its topic outright; background only
    # breaks ties ("...how long would it take? We're happy to pay by bank transfer.").
    asked = {i for m in group.members if m.is_request for i in m.cues.strong}
    best = max(asked or total, key=lambda i: total.get(i, 0.0))
    if best == "return.request":
        # "It never came ... if it's lost I'd like my money back": the remedy asked for belongs
        # to the delivery problem the background states (precision of return.request, issue 3).
        problems = {m.intent for m in group.members if not m.is_request
                    and m.intent in DELIVERY_PROBLEMS and m.cues.strong.get(m.intent)}
        if problems:
            best = max(problems, key=lambda i: total.get(i, 0.0))
    cued = any(m.cues.any for m in group.members)
    if not cued and max(m.model_top for m in group.members) < GUESS_BELOW:
        return OTHER
    return best


def _fallback_intent(members: list[Scored]) -> str:
    """An email without a single request: thanks alone is a compliment, else the best guess."""
    content = [m for m in members if not m.thanks_only]
    if not content:
        return "feedback.compliment"
    return _group_intent(Group(members=content))


# Neighbouring items whose intents describe one request: the tracking details of a parcel that
# never came are the not-received complaint; a refund or exchange asked for a broken or wrong
# item is how that problem should be solved; "cancel it and refund me" is one cancellation;
# "I sent it back ... where is my money" is one refund question.
ABSORB = {
    frozenset({"shipping.status", "delivery.not_received"}): "delivery.not_received",
    # "wrong size sent ... please exchange it" / "it arrived broken, I want a refund": the
    # outcome asked for belongs to the problem (READ-SORT then sees the outcome named).
    frozenset({"delivery.wrong_item", "return.request"}): "delivery.wrong_item",
    frozenset({"delivery.damaged", "return.request"}): "delivery.damaged",
    frozenset({"delivery.missing_item", "return.request"}): "delivery.missing_item",
    frozenset({"delivery.not_received", "return.request"}): "delivery.not_received",
    frozenset({"return.request", "refund.status"}): "refund.status",
    frozenset({"order.cancel", "return.request"}): "order.cancel",
}


def _merge_same(groups: list[Group]) -> list[Group]:
    out: list[Group] = []
    for g in groups:
        if out and out[-1].intent == g.intent:
            out[-1].members.extend(g.members)
        elif out and frozenset({out[-1].intent, g.intent}) in ABSORB:
            out[-1].members.extend(g.members)
            out[-1].intent = ABSORB[frozenset({out[-1].intent, g.intent})]
        else:
            out.append(g)
    return out
