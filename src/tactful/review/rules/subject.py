"""SUBJECT: the reply's subject keeps "Re: <original subject>" (checked only when a subject is given)."""

import re

from tactful.review.types import WARNING, Finding

name = "SUBJECT"
description = 'The subject keeps "Re: <original>" (and the ticket reference).'
severity = WARNING

_PREFIX = re.compile(r"^\s*((re|aw|sv|vs|ats|ответ|回复|回覆|答复|答覆)\s*(\[\d+\])?\s*[:：]\s*)+", re.IGNORECASE)


def check(ctx) -> list[Finding]:
    subject = ctx.subject
    if subject is None:
        return []
    original = _PREFIX.sub("", ctx.analysis.subject or "").strip()
    want = f"Re: {original}" if original else "Re: …"
    if not _PREFIX.match(subject):
        return [Finding(name, severity, 0, 0,
                        f"The subject \"{subject}\" should keep the thread: \"{want}\".", want)]
    if original and original.lower() not in subject.lower():
        return [Finding(name, severity, 0, 0,
                        f"The subject \"{subject}\" drops the original subject; use \"{want}\".", want)]
    return []
