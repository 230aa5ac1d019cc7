"""LANG: the reply is written in the customer's language (Simplified and Traditional Chinese apart)."""

from tactful.review.types import ERROR, Finding

name = "LANG"
description = "The reply is in the customer's language."
severity = ERROR

NAMES = {"en": "English", "zh": "Simplified Chinese", "zh-Hant": "Traditional Chinese",
         "es": "Spanish", "de": "German", "fr": "French", "ru": "Russian", "pt": "Portuguese",
         "et": "Estonian", "lv": "Latvian"}
MIN_CONFIDENCE = 0.5


def check(ctx) -> list[Finding]:
    code, conf = ctx.detected
    if code in ("und", ctx.expected) or conf < MIN_CONFIDENCE:
        return []
    got, want = NAMES.get(code, code), NAMES.get(ctx.expected, ctx.expected)
    wrote = ctx.analysis.language
    if wrote != ctx.expected:   # a language we do not serve is answered in English (READ-LANG)
        why = f"the customer wrote in {wrote}, which is answered in {want}"
    else:
        why = f"the customer wrote in {want}"
    return [Finding(name, severity, ctx.body_start, ctx.body_end,
                    f"The reply looks {got}, but {why}; answer in {want}.", "")]
