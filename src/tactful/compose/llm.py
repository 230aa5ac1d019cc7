"""Optional polish of a template draft by any OpenAI-compatible chat endpoint (stdlib only).

The model gets the reply plan, the facts used and the customer's email with secrets already
masked (H3: ``analysis.masked_text``, never ``analysis.text``). It may only rephrase. Its answer
is accepted only when:

- the HTTP call succeeds within the timeout and the JSON is well formed, with no refusal;
- every URL, order/tracking code and number it contains appears in the template draft or the
  email (GROUNDED: a model that invents a tracking number is rejected), and every URL and code of
  the template is still there (TRIAD: nothing dropped);
- it is written in the draft's language (LANG);
- ``tactful.review.review`` finds no error in it.

Otherwise the template draft is kept and ``Draft.notes`` says why.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Any, Callable

from tactful.compose.phrases import LANGUAGES, phrasebook
from tactful.compose.types import Draft
from tactful.errors import ModelEndpointError
from tactful.understand.types import Analysis

# A transport posts JSON bytes and returns the response bytes; tests and the desk can swap it.
Transport = Callable[[str, dict[str, str], bytes, float], bytes]

URL_RE = re.compile(r"https?://[^\s<>\"')\]]+")
CODE_RE = re.compile(r"\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{4,}\b|\b\d{6,}\b")
NUMBER_RE = re.compile(r"\d+(?:[.,\u00a0 ]\d+)*")
REFUSALS = ("i can't help", "i cannot help", "i can't assist", "i cannot assist", "i'm sorry, but i can",
            "as an ai", "i am unable to comply", "i won't be able to help")

SYSTEM_PROMPT = (
    "You rewrite customer-service e-mail drafts so they read naturally. Rules: write in the same "
    "language as the draft ({language}); keep the greeting, every section and the sign-off; keep every "
    "order number, tracking number, link, amount, percentage and date exactly as written; add no new "
    "facts, promises, discounts or offers; do not ask for passwords or card data; keep paragraphs "
    "short. Answer with the e-mail body only, as plain text."
)


@dataclass(frozen=True)
class ModelEndpoint:
    """Where the model lives: an OpenAI-compatible base URL (…/v1), a model name and an API key."""

    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 30.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "ModelEndpoint | None":
        """TACTFUL_LLM_URL, TACTFUL_LLM_MODEL, TACTFUL_LLM_KEY, TACTFUL_LLM_TIMEOUT; None when unset."""
        env = os.environ if env is None else env
        url, model = env.get("TACTFUL_LLM_URL", ""), env.get("TACTFUL_LLM_MODEL", "")
        if not url or not model:
            return None
        return cls(url, model, env.get("TACTFUL_LLM_KEY", ""), float(env.get("TACTFUL_LLM_TIMEOUT", "30")))

    @property
    def chat_url(self) -> str:
        base = self.base_url.rstrip("/")
        return base if base.endswith("/chat/completions") else base + "/chat/completions"


def urllib_transport(url: str, headers: dict[str, str], body: bytes, timeout: float) -> bytes:
    """POST with urllib; every failure becomes ModelEndpointError (translated at the boundary)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        raise ModelEndpointError(f"HTTP {exc.code} from the model endpoint") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ModelEndpointError(f"model endpoint unreachable or too slow: {reason}") from exc


def build_request(draft: Draft, analysis: Analysis, endpoint: ModelEndpoint) -> dict[str, Any]:
    """The chat request: plan, facts and the masked email — never the raw text (H3)."""
    payload = {
        "language": draft.language,
        "subject": draft.subject,
        "draft": draft.body,
        "plan": [s.to_json() for s in draft.plan],
        "facts": draft.facts_used,
        "customer_email": analysis.masked_text,
    }
    return {
        "model": endpoint.model,
        "temperature": 0.3,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT.format(language=draft.language)},
            {"role": "user", "content": json.dumps(payload, ensure_ascii=False)},
        ],
    }


def _content(raw: bytes) -> str:
    try:
        data = json.loads(raw.decode("utf-8"))
        choice = data["choices"][0]
        message = choice["message"]
    except (ValueError, KeyError, IndexError, TypeError, UnicodeDecodeError) as exc:
        raise ModelEndpointError(f"malformed answer from the model endpoint: {exc}") from exc
    if message.get("refusal") or choice.get("finish_reason") == "content_filter":
        raise ModelEndpointError("the model refused")
    content = message.get("content")
    if not isinstance(content, str) or not content.strip():
        raise ModelEndpointError("the model returned no text")
    low = content.strip().lower()
    if any(low.startswith(r) or r in low[:200] for r in REFUSALS):
        raise ModelEndpointError("the model refused")
    return content.strip() + "\n"


def _norm_number(text: str) -> str:
    return re.sub(r"[.,\u00a0 ]", "", text)


def ungrounded(text: str, sources: str, template: str) -> list[str]:
    """Links, codes and numbers in ``text`` not found in the sources, plus template links/codes lost."""
    problems = []
    src_urls = set(URL_RE.findall(sources))
    for url in URL_RE.findall(text):
        if url.rstrip(".,;") not in {u.rstrip(".,;") for u in src_urls}:
            problems.append(f"new link {url}")
    stripped = URL_RE.sub(" ", text)
    src_stripped = URL_RE.sub(" ", sources)
    src_codes = {c.upper() for c in CODE_RE.findall(src_stripped.upper())}
    for code in CODE_RE.findall(stripped.upper()):
        if code not in src_codes:
            problems.append(f"new code {code}")
    src_numbers = {_norm_number(n) for n in NUMBER_RE.findall(src_stripped)}
    for number in NUMBER_RE.findall(stripped):
        if _norm_number(number) not in src_numbers:
            problems.append(f"new number {number.strip()}")
    for url in URL_RE.findall(template):
        if url not in text:
            problems.append(f"dropped link {url}")
    for code in CODE_RE.findall(URL_RE.sub(" ", template).upper()):
        if code not in stripped.upper():
            problems.append(f"dropped code {code}")
    return problems


@lru_cache(maxsize=None)
def _vocabulary(language: str) -> frozenset[str]:
    book = phrasebook(language)
    words: set[str] = set()
    for variants in book.phrases.values():
        for text in variants:
            words.update(w.lower() for w in re.findall(r"[^\W\d_]{3,}", re.sub(r"\{\w+\}", " ", text)))
    return frozenset(words)


def language_matches(text: str, language: str) -> bool:
    """LANG guard: Chinese by script; other languages by their share of our own phrasebook words."""
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    letters = len(re.findall(r"[^\W\d_]", text)) or 1
    if language in ("zh", "zh-Hant"):
        return han / letters > 0.3
    if han / letters > 0.3:
        return False
    words = [w.lower() for w in re.findall(r"[^\W\d_]{3,}", URL_RE.sub(" ", text))]
    if not words:
        return False
    def share(lang: str) -> float:
        vocab = _vocabulary(lang)
        return sum(w in vocab for w in words) / len(words)
    mine = share(language)
    best = max((share(lang) for lang in LANGUAGES if lang != language and not lang.startswith("zh")), default=0)
    return mine >= best


def _default_reviewer():
    try:
        from tactful.review import review
    except ImportError:
        return None
    return review


def polish(draft: Draft, analysis: Analysis, *, endpoint: ModelEndpoint, shop=None,
           now: datetime | None = None, transport: Transport | None = None,
           reviewer: Callable[..., Any] | None = None) -> Draft:
    """The model's rephrasing of ``draft`` when every check passes, else ``draft`` with the reason."""
    transport = transport or urllib_transport
    reviewer = reviewer if reviewer is not None else _default_reviewer()
    body = json.dumps(build_request(draft, analysis, endpoint), ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    try:
        text = _content(transport(endpoint.chat_url, headers, body, endpoint.timeout))
    except ModelEndpointError as exc:
        return _keep(draft, str(exc))
    problems = ungrounded(text, draft.body + "\n" + analysis.masked_text + "\n" + analysis.subject, draft.body)
    if problems:
        return _keep(draft, "model output not grounded: " + "; ".join(problems[:5]))
    if not language_matches(text, draft.language):
        return _keep(draft, f"model output is not in {draft.language}")
    if reviewer is not None:
        try:
            result = reviewer(text, analysis, shop=shop, sent_at=now, subject=draft.subject)
        except Exception as exc:     # the review is a separate stage: its failure means "not checked"
            return _keep(draft, f"model output could not be reviewed: {type(exc).__name__}")
        errors = sorted({f.rule for f in result.findings if f.severity == "error"})
        if errors:
            return _keep(draft, "model output failed review: " + ", ".join(errors))
    return replace(draft, body=text, notes=draft.notes + (f"polished by {endpoint.model}",))


def _keep(draft: Draft, reason: str) -> Draft:
    return replace(draft, notes=draft.notes + (f"model polish not used: {reason}",))
