"""READ-SECRET false positives on real-world text: run ``find_secrets`` over every message body
and utterance in ``../shared/corpora`` and count what it flags.

None of these corpora holds a real pasted secret, so every finding counts as a false positive
(target: zero). The same run scores a naive baseline (any Luhn-valid 13-19 digit run, any
"password"/"PIN" followed by a value) so the README can state the ratio.

    .venv/bin/python bench/secrets_corpus.py            # writes bench/results/secrets_corpus.{json,md}
"""

from __future__ import annotations

import csv
import email
import email.policy
import html
import json
import re
import sys
import time
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tactful.understand.facts import extract_facts  # noqa: E402
from tactful.understand.secrets import find_secrets, luhn_valid, mask_secrets  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
RESULTS = ROOT / "bench" / "results"


def _strip_html(text: str) -> str:
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
    text = re.sub(r"(?s)<br\s*/?>|</p>|</div>|</tr>", "\n", text)
    return html.unescape(re.sub(r"(?s)<[^>]+>", " ", text))


def message_bodies(raw: bytes) -> list[str]:
    """The text parts of one RFC 822 message, decoded with the stdlib (HTML reduced to text)."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    bodies: list[str] = []
    for part in msg.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        if part.get_content_disposition() == "attachment":
            continue
        try:
            text = part.get_content()
        except Exception:  # broken charsets are a mail-parsing problem, not ours: decode leniently
            payload = part.get_payload(decode=True) or b""
            text = payload.decode(part.get_content_charset() or "utf-8", errors="replace") \
                if _known_charset(part.get_content_charset()) else payload.decode("utf-8", "replace")
        if not isinstance(text, str):
            continue
        bodies.append(_strip_html(text) if part.get_content_subtype() == "html" else text)
    return bodies


def _known_charset(name: str | None) -> bool:
    import codecs
    try:
        codecs.lookup(name or "")
        return True
    except LookupError:
        return False


def zammad_bodies(corpora: Path = CORPORA) -> Iterator[tuple[str, str]]:
    """(source, body) for every message of the Zammad corpus (both snapshots)."""
    base = corpora / "zammad-mail"
    for path in sorted(base.rglob("*.box")):
        for k, body in enumerate(message_bodies(path.read_bytes())):
            yield f"{path.relative_to(corpora)}#{k}", body
    for path in sorted((base / "test" / "data" / "email_signature_detection").glob("*")):
        text = path.read_text(encoding="utf-8", errors="replace")
        yield str(path.relative_to(corpora)), _strip_html(text) if path.suffix == ".html" else text


def _reply_corpora(corpora: Path) -> Iterator[tuple[str, str]]:
    names = ("cpython-test-email", "crisp-email-reply-parser", "discourse-email-reply-trimmer",
             "github-email-reply-parser", "mail-parser-reply", "talon", "willdurand-email-reply-parser",
             "zapier-email-reply-parser")
    for name in names:
        for path in sorted((corpora / name).rglob("*")):
            if not path.is_file() or path.name == "SOURCE.md":
                continue
            raw = path.read_bytes()
            head = raw[:2000].decode("utf-8", "replace")
            if re.search(r"(?m)^(From|Subject|Content-Type|MIME-Version|Received):", head):
                bodies = message_bodies(raw)
            else:
                text = raw.decode("utf-8", "replace")
                bodies = [_strip_html(text) if path.suffix in (".html", ".htm") else text]
            for k, body in enumerate(bodies):
                yield f"{path.relative_to(corpora)}#{k}", body


def _datasets(corpora: Path) -> Iterator[tuple[str, str]]:
    for path in sorted((corpora / "bitext-customer-service").rglob("*.csv")):
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh)):
                text = row.get("utterance") or row.get("instruction") or ""
                yield f"{path.relative_to(corpora)}:{n + 2}", text
    for path in sorted((corpora / "banking77").rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh)):
                yield f"{path.relative_to(corpora)}:{n + 2}", row.get("text", "")
    data = json.loads((corpora / "clinc150" / "data" / "data_full.json").read_text(encoding="utf-8"))
    for split, rows in data.items():
        for n, (text, _label) in enumerate(rows):
            yield f"clinc150/{split}:{n}", text
    for convo in json.loads((corpora / "abcd-sample" / "data" / "abcd_sample.json").read_text(encoding="utf-8")):
        for n, turn in enumerate(convo.get("original") or ()):
            yield f"abcd-sample/{convo.get('convo_id')}:{n}", turn[1] if len(turn) > 1 else ""


def corpus_texts(corpora: Path = CORPORA) -> dict[str, list[tuple[str, str]]]:
    return {
        "zammad-mail": list(zammad_bodies(corpora)),
        "reply-parser and MIME corpora": list(_reply_corpora(corpora)),
        "intent datasets (bitext, banking77, clinc150, abcd)": list(_datasets(corpora)),
    }


_NAIVE_DIGITS = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")
_NAIVE_WORD = re.compile(r"(?i)\b(password|passwort|pin|cvv|cvc)\b\s*[:=]?\s*\S+")


def naive_secrets(text: str) -> list[tuple[str, int, int]]:
    """The baseline: Luhn-valid digit runs and a secret word followed by anything."""
    found = [("card_number", m.start(), m.end()) for m in _NAIVE_DIGITS.finditer(text)
             if luhn_valid(re.sub(r"\D", "", m.group(0)))]
    found += [("word", m.start(), m.end()) for m in _NAIVE_WORD.finditer(text)]
    return found


def run(corpora: Path = CORPORA) -> dict:
    report: dict = {"corpora": {}, "false_positives": [], "baseline": {}}
    total_docs = total_fp = total_base = 0
    total_chars = 0
    elapsed = 0.0
    for name, docs in corpus_texts(corpora).items():
        fps = base = 0
        for source, text in docs:
            t0 = time.perf_counter()
            secrets = find_secrets(text)
            elapsed += time.perf_counter() - t0
            total_chars += len(text)
            for s in secrets:
                fps += 1
                ctx = text[max(0, s.start - 40):s.end + 20].replace("\n", " ")
                report["false_positives"].append({"corpus": name, "source": source, "kind": s.kind,
                                                  "context": ctx})
            base += len(naive_secrets(text))
        report["corpora"][name] = {"texts": len(docs), "false_positives": fps, "baseline_false_positives": base}
        total_docs += len(docs)
        total_fp += fps
        total_base += base
    report["texts"] = total_docs
    report["false_positives_total"] = total_fp
    report["baseline"] = {"method": "Luhn-valid 13-19 digit run, or password/PIN/CVV word + any value",
                          "false_positives_total": total_base,
                          "ratio_baseline_to_ours": (total_base / total_fp) if total_fp else None}
    report["throughput_chars_per_second"] = round(total_chars / elapsed) if elapsed else None
    report["facts_side"] = facts_throughput(corpora)
    return report


def facts_throughput(corpora: Path = CORPORA) -> dict:
    """E-mails per second for the facts side of an analysis (READ-FACTS + READ-SECRET + masking)
    over the real mail bodies, language unknown (every lexicon consulted) and English."""
    bodies = [body for _, body in zammad_bodies(corpora)] + [body for _, body in _reply_corpora(corpora)]
    out = {"emails": len(bodies), "characters": sum(len(b) for b in bodies)}
    for label, language in (("unknown_language", ""), ("english", "en")):
        extract_facts("warm up", language=language)
        t0 = time.perf_counter()
        for body in bodies:
            extract_facts(body, language=language)
            mask_secrets(body, find_secrets(body))
        seconds = time.perf_counter() - t0
        out[label] = {"seconds": round(seconds, 3), "emails_per_second": round(len(bodies) / seconds, 1)}
    return out


def write(report: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "secrets_corpus.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                                                 encoding="utf-8")
    lines = ["# READ-SECRET false positives on ../shared/corpora", "",
             "Command: `.venv/bin/python bench/secrets_corpus.py`", "",
             "| corpus | texts | false positives (ours) | false positives (naive baseline) |",
             "|---|---:|---:|---:|"]
    for name, row in report["corpora"].items():
        lines.append(f"| {name} | {row['texts']} | {row['false_positives']} | {row['baseline_false_positives']} |")
    lines += ["", f"Total: {report['texts']} texts, {report['false_positives_total']} false positives "
              f"(baseline {report['baseline']['false_positives_total']}).",
              f"Throughput: {report['throughput_chars_per_second']:,} characters/s on one core.", "",
              f"Facts side of the analysis (extract_facts + find_secrets + mask_secrets) over the "
              f"{report['facts_side']['emails']} real mail bodies: "
              f"{report['facts_side']['english']['emails_per_second']:,} e-mails/s (English lexicon), "
              f"{report['facts_side']['unknown_language']['emails_per_second']:,} e-mails/s "
              f"(language unknown: all ten lexicons)."]
    (RESULTS / "secrets_corpus.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    report = run()
    write(report)
    print((RESULTS / "secrets_corpus.md").read_text(encoding="utf-8"))
    for fp in report["false_positives"][:50]:
        print(f"FP {fp['corpus']} {fp['source']} {fp['kind']}: {fp['context']!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
