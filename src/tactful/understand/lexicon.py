"""Per-language word lists (cues, moods, greetings ...) loaded from the ``data/`` folder.

Words live in YAML files per language, never in code (STYLE lesson 4). zh-Hant data is the
Simplified Chinese data converted character by character (``data/lang/zh_script.yaml``),
merged with a ``zh-Hant`` file of its own for Taiwan/Hong Kong wording.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"


class _WordLoader(yaml.SafeLoader):
    """YAML without YAML 1.1 booleans: word lists hold "no", "on", "ja" and "y" as words."""


_WordLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> Any:
    """Load a data file, keeping words such as "no" and "on" as strings."""
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_WordLoader)  # noqa: S506 - a SafeLoader subclass


@lru_cache(maxsize=None)
def zh_script() -> dict[str, str]:
    """The simplified and traditional character lists, as ``{"simplified": ..., "traditional": ...}``."""
    raw = read_yaml(DATA / "lang" / "zh_script.yaml")
    pairs = raw["pairs"].split()
    bad = [p for p in pairs if len(p) != 2]
    if bad:  # each token is one simplified char then its traditional form
        raise ValueError(f"zh_script.yaml: malformed pairs {bad[:5]}")
    return {"simplified": "".join(p[0] for p in pairs), "traditional": "".join(p[1] for p in pairs),
            "traditional_only": "".join(raw.get("traditional_only", "").split()),
            "simplified_only": "".join(raw.get("simplified_only", "").split())}


@lru_cache(maxsize=None)
def _to_traditional_table() -> dict[int, str]:
    script = zh_script()
    return {ord(s): t for s, t in zip(script["simplified"], script["traditional"])}


def to_traditional(text: str) -> str:
    """Convert Simplified Chinese text to Traditional with the pair list (one char to one char)."""
    return text.translate(_to_traditional_table())


# Chinese (Han) characters, Simplified and Traditional alike.
HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")


@lru_cache(maxsize=None)
def _to_simplified_table() -> dict[int, str]:
    script = zh_script()
    return {ord(t): s for s, t in zip(script["simplified"], script["traditional"]) if s != t}


def to_simplified(text: str) -> str:
    """Convert Traditional Chinese text to Simplified with the pair list (one char to one char)."""
    # One regex scan settles text with no Han character, the common case, without a translate.
    return text.translate(_to_simplified_table()) if HAN.search(text) else text


def normalize(text: str) -> str:
    """Case-fold and drop accents so cues match text typed without diacritics.

    Customers often write "senor", "pasutijums" or "Rückerstattung" as "Rueckerstattung"; matching
    both sides in the folded form keeps one cue list per language. Length may change, so use
    it for matching only, never for spans.
    """
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_QUOTES))
    return folded.translate(_COMBINING) if not folded.isascii() else folded


# The combining marks NFKD splits off Latin and Cyrillic letters (acute, umlaut, caron, breve ...).
_COMBINING = dict.fromkeys(range(0x0300, 0x0370))
# Typographic apostrophes and quotes fold to ASCII so "j’adore" matches the cue "j'adore".
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"})


def fold(text: str) -> str:
    """``normalize`` one character at a time, keeping the length so match offsets are spans."""
    return "".join(_fold_char(ch) for ch in text)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return normalize(ch)[:1] or ch


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = _merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + [x for x in extra if x not in base]
    return extra


def _convert(value: Any) -> Any:
    if isinstance(value, str):
        return to_traditional(value)
    if isinstance(value, list):
        return [_convert(v) for v in value]
    if isinstance(value, dict):
        return {_convert(k) if isinstance(k, str) and not k.isascii() else k: _convert(v)
                for k, v in value.items()}
    return value


def _read(kind: str, lang: str) -> dict[str, Any]:
    path = DATA / kind / f"{lang}.yaml"
    if not path.exists():
        return {}
    return read_yaml(path) or {}


@lru_cache(maxsize=None)
def load(kind: str, lang: str) -> dict[str, Any]:
    """The ``data/<kind>/<lang>.yaml`` lexicon; unknown languages get English."""
    if lang == "zh-Hant":
        return _merge(_convert(_read(kind, "zh")), _read(kind, "zh-Hant"))
    data = _read(kind, lang)
    if not data and lang != "en":
        return load(kind, "en")
    return data


def is_spaced(lang: str) -> bool:
    """Whether the language separates words with spaces (word-boundary matching applies)."""
    return lang not in ("zh", "zh-Hant", "ja")


def phrase_pattern(phrases: list[str], lang: str) -> re.Pattern[str] | None:
    """One regex matching any phrase at a word start (prefix match allows inflected endings).

    Phrases are matched in the ``normalize``d form. A trailing ``$`` in a phrase asks for a whole
    word (short words like "hi" must not match "his"). The phrases are compiled as a trie, so a
    list of hundreds of cues costs one pass with a branch per character, and the longest phrase
    at a position wins.
    """
    trie: dict = {}
    for raw in phrases:
        if raw is None:
            continue
        phrase = str(raw)
        whole = phrase.endswith("$")
        words = normalize(phrase.rstrip("$")).split()
        if not words:
            continue
        node = trie
        for ch in " ".join(words):
            node = node.setdefault(ch, {})
        node[_END] = node.get(_END, True) and whole if _END in node else whole
    if not trie:
        return None
    body = _trie_to_regex(trie)
    if is_spaced(lang):
        body = r"(?<!\w)" + body
    return re.compile(body)


_END = ""   # trie key marking the end of a phrase; value: whether it must end a word


def _trie_to_regex(node: dict) -> str:
    branches = []
    for ch in sorted(k for k in node if k != _END):
        token = r"\s+" if ch == " " else re.escape(ch)
        branches.append(token + _trie_to_regex(node[ch]))
    if _END in node:
        # Longer phrases are tried first; the phrase ending here is the last alternative.
        branches.append(r"(?!\w)" if node[_END] else "")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"
