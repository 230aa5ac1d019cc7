"""The analysis of a customer email: every READ-* rule over one message, as a pure function.

``analyze`` reads one ``ParsedMessage``; ``analyze_many`` reads several in date order and links
duplicates and repeats (READ-DUP); ``analyze_text`` wraps plain text. Facts, secrets, missing
information and duplicate linking come from their own modules (facts, secrets, missing, dups).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Sequence

from tactful.mail.types import ParsedMessage, message_from_text
from tactful.understand.classifier import CONTEXT, IntentModel, get_model
from tactful.understand.clarity import classify_clarity
from tactful.understand.items import find_items
from tactful.understand.language import detect_language
from tactful.understand.mood import detect_mood
from tactful.understand.profile import detect_profile
from tactful.understand.segment import segment
from tactful.understand.sort import deadline_for, sort_item
from tactful.understand.types import SERVED_LANGUAGES, Analysis, AnalysisContext, Facts, Item

# Languages without their own word lists use the English ones (the reply is English too).
LEXICON_FALLBACK = "en"


def _lexicon_language(code: str) -> str:
    return code if code in SERVED_LANGUAGES else LEXICON_FALLBACK


def _body(message: ParsedMessage) -> str:
    """READ-WHOLE: the new text; the full text when the parser found no new text; the subject
    when the body is empty ("see subject" mail)."""
    if message.new_text.strip():
        return message.new_text
    if message.text.strip():
        return message.text
    return message.subject.strip()


def _subject_intent(subject: str, lang: str, model: IntentModel) -> str | None:
    """The intent a subject line states on its own, when it has a strong cue for exactly one
    and the model agrees that it is the subject's intent."""
    from tactful.understand.cues import match_cues

    subject = re.sub(r"^\s*((re|fw|fwd|aw|wg|sv|vs|tr|rv|ответ|回复|回覆|轉寄|转发)\s*:\s*)+", "",
                     subject, flags=re.IGNORECASE)
    cues = match_cues(subject, lang)
    if len(cues.strong) != 1:
        return None
    (cued,) = cues.strong
    scores = model.predict_scores([subject])[0]
    scores.pop(CONTEXT, None)
    ranked = sorted(scores, key=scores.get, reverse=True)
    return cued if cued in ranked[:3] else None


def _facts_api():
    """READ-FACTS, READ-SECRET and READ-MISSING functions, imported at first use.

    Importing them inside the call keeps ``import tactful.understand`` light (the CLI imports it
    for every command) and avoids an import cycle through the package's ``__init__``.
    """
    from tactful.understand.facts import extract_facts
    from tactful.understand.missing import find_missing
    from tactful.understand.secrets import find_secrets, mask_secrets

    return extract_facts, find_secrets, mask_secrets, find_missing


def analyze(message: ParsedMessage, context: AnalysisContext | None = None, *,
            model: IntentModel | None = None) -> Analysis:
    """Analyse one parsed message (PLAYBOOK §1): language, items, mood, facts, gaps, secrets."""
    extract_facts, find_secrets, mask_secrets, find_missing = _facts_api()
    context = context or AnalysisContext()
    model = model or get_model()
    text = _body(message)
    guess = detect_language(text if len(text.strip()) >= 12 or not message.subject
                            else f"{message.subject}\n{text}")
    if guess.code == "und" and message.language_hint:
        lang_code = message.language_hint
    else:
        lang_code = guess.code
    lang = _lexicon_language(lang_code)

    sentences = segment(text, lang)
    facts: Facts = extract_facts(text, received=message.date, order_pattern=context.order_pattern,
                                 language=lang)
    secrets = tuple(find_secrets(text))
    masked = mask_secrets(text, secrets) if secrets else text
    has_image = any(a.is_image for a in message.attachments)
    known = tuple(context.sender_orders.get(message.sender, ()))

    raw_items = [(it.start, it.end, it.intent, it.confidence)
                 for it in find_items(sentences, lang, model, text)]
    if len(raw_items) == 1 and raw_items[0][2] == "other" and message.subject.strip():
        # A vague body ("Please help!") under a clear subject ("Parcel arrived broken"): the
        # subject says what the one request is about.
        rescued = _subject_intent(message.subject, lang, model)
        if rescued:
            s0, e0, _, _ = raw_items[0]
            raw_items = [(s0, e0, rescued, 0.6)]
    draft_items = tuple(Item(text=text[s:e], start=s, end=e, intent=intent, confidence=conf)
                        for s, e, intent, conf in raw_items)
    missing = tuple(find_missing(draft_items, facts, language=lang, has_image=has_image,
                                 known_orders=known))
    items = []
    for item in draft_items:
        sensitive, deadline = deadline_for(item.text, item.start, item.end, lang, facts.dates,
                                           message.date, item.intent)
        sort = sort_item(item.text, item.intent, item.confidence, lang, missing)
        items.append(Item(text=item.text, start=item.start, end=item.end, intent=item.intent,
                          sort=sort, time_sensitive=sensitive, deadline=deadline,
                          confidence=item.confidence))
    intents = tuple(dict.fromkeys(i.intent for i in items))
    mood = detect_mood(text, lang, intents)
    clarity = classify_clarity(text, items, facts, lang)
    profile = detect_profile(text, message.signature, lang, intents, known_orders=len(known))
    return Analysis(
        source=message.source,
        message_id=message.message_id,
        text=text,
        masked_text=masked,
        language=lang_code,
        language_confidence=guess.confidence,
        items=tuple(items),
        mood=mood,
        clarity=clarity,
        facts=facts,
        missing=missing,
        secrets=secrets,
        profile=profile,
        subject=message.subject,
        sender=message.sender,
        sender_name=message.from_.name,
        received_at=message.date,
        has_image_attachment=has_image,
    )


def _when(message: ParsedMessage) -> datetime:
    if message.date is None:
        return datetime.min.replace(tzinfo=timezone.utc)
    if message.date.tzinfo is None:
        return message.date.replace(tzinfo=timezone.utc)
    return message.date


def analyze_many(messages: Iterable[ParsedMessage], context: AnalysisContext | None = None, *,
                 model: IntentModel | None = None) -> list[Analysis]:
    """Analyse messages in date order and link duplicates and repeats (READ-DUP)."""
    from tactful.understand.dups import link_duplicates

    context = context or AnalysisContext()
    ordered = sorted(messages, key=_when)   # stable: undated mail keeps its input order first
    analyses = [analyze(m, context, model=model) for m in ordered]
    return list(link_duplicates(analyses, dup_window_minutes=context.dup_window_minutes,
                                repeat_window_days=context.repeat_window_days))


def analyze_text(text: str, *, subject: str = "", sender: str = "", sender_name: str = "",
                 date: datetime | None = None, context: AnalysisContext | None = None,
                 model: IntentModel | None = None) -> Analysis:
    """Analyse plain text that is already the customer's new text (no MIME around it)."""
    message = message_from_text(text, subject=subject, sender=sender, sender_name=sender_name,
                                date=date)
    return analyze(message, context, model=model)


def load_model(path: Path | str | None = None) -> IntentModel:
    """The intent model ``analyze`` would use (``path`` overrides the automatic choice)."""
    return get_model(path)


__all__ = ["analyze", "analyze_many", "analyze_text", "load_model"]
