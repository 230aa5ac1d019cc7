"""Loading the shared corpora and their expected results (used by tests and bench/corpus_report.py)."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import yaml

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
ZAMMAD_DIRS = [CORPORA / "zammad-mail" / "test" / "data" / "mail",
               CORPORA / "zammad-mail" / "upstream-additions" / "test" / "data" / "mail"]


class _RubyLoader(yaml.SafeLoader):
    """YAML loader that reads Zammad's Ruby-tagged dumps as plain dicts, lists and strings."""


def _ruby(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


def _binary(loader: yaml.SafeLoader, node: yaml.Node) -> bytes:
    return base64.b64decode("".join(str(loader.construct_scalar(node)).split()))


_RubyLoader.add_multi_constructor("!ruby/", _ruby)
_RubyLoader.add_constructor("!binary", _binary)
_RubyLoader.add_constructor("tag:yaml.org,2002:binary", _binary)


def load_zammad_expected(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_RubyLoader) or {}


def zammad_cases() -> list[tuple[Path, Path]]:
    cases = []
    for folder in ZAMMAD_DIRS:
        for box in sorted(folder.glob("*.box")):
            yml = box.with_suffix(".yml")
            if yml.exists():
                cases.append((box, yml))
    return cases


def normalize(text: str) -> str:
    """Whitespace-insensitive form for loose text comparison."""
    return re.sub(r"\s+", " ", text or "").strip()


EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*", re.I)
WORD = re.compile(r"\w{3,}", re.U)


def _addresses(text: str) -> set[str]:
    return {a.strip("'").lower() for a in EMAIL.findall(text or "")}


def body_overlap(expected_body: str, content_type: str, got_text: str) -> float:
    """Share of the expected body's words (first 400) that our text contains."""
    from tactful.mail.htmltext import html_to_text

    text = html_to_text(expected_body) if content_type == "text/html" else expected_body
    words = WORD.findall(text.lower())[:400]
    if not words:
        return 1.0
    have = set(WORD.findall(got_text.lower()))
    return sum(1 for w in words if w in have) / len(words)


def zammad_checks(message, expected: dict) -> dict[str, tuple[bool, object, object]]:
    """Field -> (ok, expected, got) for one Zammad case, compared as the SOURCE.md says."""
    checks: dict[str, tuple[bool, object, object]] = {}
    exp_email = (expected.get("from_email") or "").strip()
    checks["from_email"] = (exp_email.lower() == message.from_.address.lower(), exp_email, message.from_.address)
    exp_name = (expected.get("from_display_name") or "").strip()
    checks["from_display_name"] = (" ".join(exp_name.split()) == " ".join(message.from_.name.split()),
                                   exp_name, message.from_.name)
    checks["subject"] = (" ".join((expected.get("subject") or "").split()) == " ".join(message.subject.split()),
                         expected.get("subject"), message.subject)
    for key, got in (("to", message.to), ("cc", message.cc)):
        if key in expected:
            want = _addresses(str(expected[key] or ""))
            have = {a.address.lower() for a in got}
            checks[key] = (want <= have if want else not have or not str(expected[key] or "").strip(),
                           sorted(want), sorted(have))
    want_files = sorted(
        str(a.get("filename") or "") for a in expected.get("attachments") or []
        if not (a.get("preferences") or {}).get("original-format"))
    have_files = sorted(a.filename for a in message.attachments)
    checks["attachments"] = (all(f in have_files for f in want_files if f), want_files, have_files)
    from tactful.mail.htmltext import html_to_text

    expected_body = str(expected.get("body") or "")
    if expected_body.strip() == "no visible content":  # Zammad's placeholder for an empty body
        expected_body = ""
    overlap = body_overlap(expected_body, str(expected.get("content_type") or ""),
                           message.text + "\n" + html_to_text(message.html_sanitized) + "\n" + "\n".join(
                               a.payload.decode("utf-8", "replace") for a in message.attachments
                               if a.content_type.startswith("text/")))
    checks["body"] = (overlap >= 0.9, "≥90% of expected words", round(overlap, 3))
    return checks


# ---------------------------------------------------------------- reply-parser suites
DATA = Path(__file__).resolve().parents[1] / "data" / "mail"
REPLY_SUITES = {
    "github": CORPORA / "github-email-reply-parser" / "test" / "emails",
    "zapier": CORPORA / "zapier-email-reply-parser" / "test" / "emails",
    "mail-parser-reply": CORPORA / "mail-parser-reply" / "test" / "emails",
    "crisp": CORPORA / "crisp-email-reply-parser" / "test" / "fixtures",
    "willdurand": CORPORA / "willdurand-email-reply-parser" / "tests" / "Fixtures",
}


def reply_cases(suite: str) -> list[tuple[str, Path, dict]]:
    """(case id, fixture path, expectation) for every fixture of a suite (and data-provider variants)."""
    folder = REPLY_SUITES[suite]
    expected = yaml.safe_load((DATA / "replies" / f"{suite}.yaml").read_text(encoding="utf-8")) or {}
    cases = []
    for path in sorted(folder.glob("*.txt")):
        name = path.stem
        variants = [(k, v) for k, v in expected.items() if k == name or k.startswith(name + "@")]
        if not variants:
            cases.append((name, path, {}))
        for key, value in variants:
            cases.append((key, path, value or {}))
    return cases


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def check_reply(path: Path, expectation: dict) -> list[str]:
    """Problems found when splitting one fixture against its expectation (empty list: pass)."""
    from tactful.mail.quotes import split_reply

    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    for old, new in (expectation.get("replace") or {}).items():
        text = text.replace(old, new)
    split = split_reply(text)
    visible = split.visible_text
    problems = []
    if not expectation:
        if not split.new_text.strip():
            problems.append("new text is empty")
        return problems
    if "reply" in expectation and _squash(visible) != _squash(expectation["reply"]):
        problems.append(f"reply {visible[:300]!r} != {expectation['reply'][:300]!r}")
    if "body" in expectation and _squash(split.new_text) != _squash(expectation["body"]):
        problems.append(f"body {split.new_text[:300]!r} != {expectation['body'][:300]!r}")
    if expectation.get("whole") and _squash(visible) != _squash(text):
        problems.append(f"expected the whole text, got {visible[:200]!r} (sig {split.signature_kind})")
    for item in expectation.get("contains", []):
        if _squash(item) not in _squash(visible):
            problems.append(f"reply lacks {item!r}")
    for item in expectation.get("absent", []):
        if _squash(item) in _squash(visible):
            problems.append(f"reply contains {item!r}")
    for item in expectation.get("body_absent", []):
        if _squash(item) in _squash(split.new_text):
            problems.append(f"new text contains {item!r}")
    if "signature" in expectation and _squash(split.signature) != _squash(expectation["signature"]):
        problems.append(f"signature {split.signature!r} != {expectation['signature']!r}")
    for item in expectation.get("signature_contains", []):
        if _squash(item) not in _squash(split.signature):
            problems.append(f"signature {split.signature[:200]!r} lacks {item!r}")
    if "signature_starts" in expectation and not _squash(split.signature).startswith(_squash(expectation["signature_starts"])):
        problems.append(f"signature {split.signature[:100]!r} does not start with {expectation['signature_starts']!r}")
    for item in expectation.get("quoted_contains", []):
        if _squash(item) not in _squash(split.quoted_text):
            problems.append(f"quoted text lacks {item!r}")
    if expectation.get("has_signature") and not split.signature:
        problems.append("no signature found")
    return problems


ASCII_WORD = re.compile(r"[A-Za-z0-9]{3,}")


def lost_words(message) -> set[str]:
    """ASCII words of the raw message's text parts that appear nowhere in the parsed message.

    Independent of our decoder: the stdlib walks the raw bytes, we only compare plain words.
    """
    import email
    from email.policy import compat32

    from tactful.mail.htmltext import html_to_text

    raw_message = email.message_from_bytes(message.raw, policy=compat32)
    words: set[str] = set()
    for part in raw_message.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        charset = str(part.get_param("charset") or "").lower()
        if "7" in charset and "utf" in charset or "2022" in charset or charset.startswith("hz"):
            continue  # these charsets write other characters with ASCII letters ("+AH4-")
        try:
            payload = part.get_payload(decode=True) or b""
        except Exception:  # noqa: BLE001 - the stdlib gave up; nothing to compare
            continue
        text = payload.decode("latin-1")
        if part.get_content_subtype() == "html":
            text = html_to_text(text)
        words.update(ASCII_WORD.findall(text))
    have = message.text + "\n" + html_to_text(message.html_sanitized) + "\n" + "\n".join(
        a.payload.decode("latin-1") for a in message.attachments)
    return {w for w in words if w not in have}
