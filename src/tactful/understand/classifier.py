"""The trainable intent classifier: character n-grams and a linear model (PLAYBOOK §2).

Character n-grams (``char_wb`` 1-4) need no word segmentation, so one model serves Chinese and
the space-separated languages alike. The built-in model is trained from the examples in
``data/train/<lang>.csv``; ``tactful train`` adds a seller's own labelled history and saves the
result in the user data directory, where ``analyze`` picks it up automatically.
"""

from __future__ import annotations

import csv
from collections import Counter
import hashlib
import io
import math
import os
import pickle
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from tactful.errors import TrainingDataError
from tactful.understand.lexicon import DATA, normalize
from tactful.understand.types import INTENTS, SERVED_LANGUAGES

TRAIN_DIR = DATA / "train"
BUILTIN_MODEL = DATA / "model" / "intents.pkl"
MODEL_FILENAME = "intent_model.pkl"
# Seller examples count this many times: their history is exactly the mail they receive.
SELLER_WEIGHT = 3.0
# Model format; bump when the feature pipeline changes so stale caches are rebuilt.
FORMAT = 1


@dataclass(frozen=True)
class Example:
    """One labelled training text."""

    text: str
    intent: str
    source: str = ""
    line: int = 0


def user_model_path() -> Path:
    """Where ``tactful train`` saves a seller's model (``$TACTFUL_DATA_DIR`` overrides)."""
    base = os.environ.get("TACTFUL_DATA_DIR")
    if base:
        return Path(base) / MODEL_FILENAME
    import platformdirs

    return Path(platformdirs.user_data_dir("tactful", appauthor=False)) / MODEL_FILENAME


def _cache_path(digest: str) -> Path:
    base = os.environ.get("TACTFUL_CACHE_DIR")
    if not base:
        import platformdirs

        base = platformdirs.user_cache_dir("tactful", appauthor=False)
    return Path(base) / f"intents-builtin-{digest}.pkl"


def read_examples(path: Path | str, *, source: str | None = None) -> list[Example]:
    """Labelled examples from a CSV with columns ``text,intent`` (header optional).

    Raises ``TrainingDataError`` naming file, line and field for anything malformed, and names
    an unknown intent together with the valid ones.
    """
    path = Path(path)
    name = source or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TrainingDataError(f"cannot read training data: {exc.strerror}", path=name) from exc
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TrainingDataError("not UTF-8 text", path=name) from exc
    return parse_examples(content, source=name)


def parse_examples(content: str, *, source: str = "<csv>") -> list[Example]:
    """Examples from CSV text (see ``read_examples``)."""
    rows = csv.reader(io.StringIO(content))
    out: list[Example] = []
    valid = set(INTENTS)
    for lineno, row in enumerate(rows, start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if lineno == 1 and [c.strip().lower() for c in row[:2]] == ["text", "intent"]:
            continue
        if len(row) < 2:
            raise TrainingDataError("expected two columns: text,intent", path=source, line=lineno,
                                    field="intent")
        if len(row) > 2:
            raise TrainingDataError(f"expected two columns, found {len(row)} (quote texts with commas)",
                                    path=source, line=lineno)
        text, intent = row[0].strip(), row[1].strip()
        if not text:
            raise TrainingDataError("empty text", path=source, line=lineno, field="text")
        if intent not in valid:
            raise TrainingDataError(
                f"unknown intent {intent!r}; valid intents: {', '.join(INTENTS)}",
                path=source, line=lineno, field="intent")
        out.append(Example(text, intent, source, lineno))
    if not out:
        raise TrainingDataError("no labelled examples found", path=source)
    return out


def builtin_examples() -> list[Example]:
    """The team-written training examples of every served language (not the evaluation set)."""
    out: list[Example] = []
    for lang in SERVED_LANGUAGES:
        path = TRAIN_DIR / f"{lang}.csv"
        if path.exists():
            out.extend(read_examples(path, source=f"train/{lang}.csv"))
    return out


def _builtin_digest() -> str:
    h = hashlib.sha256(f"format={FORMAT}".encode())
    import sklearn

    h.update(sklearn.__version__.encode())
    for lang in SERVED_LANGUAGES:
        path = TRAIN_DIR / f"{lang}.csv"
        if path.exists():
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def augment(examples: Sequence[Example]) -> list[Example]:
    """Add cheap variants so short written lists cover real mail: no accents, lower case.

    Customers often type without diacritics or capitals; the features see the folded text anyway,
    so the one real variant added is the text stripped of its final punctuation.
    """
    out = list(examples)
    for ex in examples:
        bare = ex.text.rstrip("?!.。？！ ")
        if bare and bare != ex.text:
            out.append(Example(bare, ex.intent, ex.source, ex.line))
    return out


class IntentModel:
    """A fitted classifier with ``predict_scores(texts) -> list[dict[intent, probability]]``."""

    def __init__(self, pipeline, labels: Sequence[str], *, info: dict | None = None) -> None:
        self.pipeline = pipeline
        self.labels = tuple(labels)
        self.info = dict(info or {})

    def _fast(self):
        """Vocabulary, idf, weights and analyzer pulled out of the fitted pipeline.

        scikit-learn's per-call input validation costs several milliseconds; an email's few
        sentences need only n-gram lookups and a small dot product (the same arithmetic).
        """
        fast = getattr(self, "_fast_parts", None)
        if fast is None:
            import numpy as np

            tfidf = self.pipeline.named_steps["tfidf"]
            svm = self.pipeline.named_steps["svm"]
            fast = (tfidf.build_analyzer(), tfidf.vocabulary_, np.asarray(tfidf.idf_),
                    np.asarray(svm.coef_, dtype=np.float64), np.asarray(svm.intercept_),
                    bool(tfidf.sublinear_tf))
            self._fast_parts = fast
        return fast

    def decision(self, texts: Sequence[str]):
        """SVM margins per text (rows) and label (columns), as the pipeline would compute."""
        import numpy as np

        analyzer, vocab, idf, coef, intercept, sublinear = self._fast()
        out = np.empty((len(texts), len(self.labels)))
        for row, text in enumerate(texts):
            grams = Counter(analyzer(normalize(text)))      # counted in C, looked up once each
            pairs = [(vocab[g], n) for g, n in grams.items() if g in vocab]
            if not pairs:
                out[row] = intercept
                continue
            idx = np.fromiter((j for j, _ in pairs), dtype=np.int64, count=len(pairs))
            tf = np.fromiter((n for _, n in pairs), dtype=np.float64, count=len(pairs))
            if sublinear:
                tf = np.log(tf) + 1.0
            vals = tf * idf[idx]
            vals /= np.sqrt(np.dot(vals, vals))
            out[row] = coef[:, idx] @ vals + intercept
        return out

    def predict_scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        if not texts:
            return []
        decision = self.decision(texts)
        out = []
        for row in decision:
            # Softmax over the margins: monotone with the SVM's choice, and a usable 0-1 scale
            # for thresholds (how sure are we this sentence asks for something?).
            scaled = [3.0 * float(v) for v in row]
            top = max(scaled)
            exps = [math.exp(v - top) for v in scaled]
            total = sum(exps)
            out.append({label: e / total for label, e in zip(self.labels, exps)})
        return out

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [max(s, key=s.get) for s in self.predict_scores(texts)]

    def save(self, path: Path | str) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump({"format": FORMAT, "labels": self.labels, "info": self.info,
                         "pipeline": self.pipeline}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # never leave a half-written model behind
        return path

    @classmethod
    def load(cls, path: Path | str) -> "IntentModel":
        with open(path, "rb") as fh:
            # Only files Tactful wrote itself (package data, user data dir, --model) are loaded.
            blob = pickle.load(fh)  # noqa: S301
        if blob.get("format") != FORMAT:
            raise ValueError(f"{path}: model format {blob.get('format')} is not {FORMAT}")
        return cls(blob["pipeline"], blob["labels"], info=blob.get("info"))


def fit(examples: Iterable[Example], *, weights: Sequence[float] | None = None,
        info: dict | None = None) -> IntentModel:
    """Fit the n-gram model on ``examples`` (with optional per-example weights)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    examples = list(examples)
    pipeline = Pipeline([
        ("tfidf", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True,
                                  min_df=1, max_features=200_000, dtype=np.float32)),
        ("svm", LinearSVC(C=0.5, class_weight="balanced")),
    ])
    texts = [normalize(e.text) for e in examples]
    labels = [e.intent for e in examples]
    if weights is not None:
        pipeline.fit(texts, labels, svm__sample_weight=list(weights))
    else:
        pipeline.fit(texts, labels)
    return IntentModel(pipeline, [str(c) for c in pipeline.classes_], info=info)


def train_builtin() -> IntentModel:
    """Train the built-in model from the packaged examples (reproducible: no randomness)."""
    examples = augment(builtin_examples())
    return fit(examples, info={"kind": "builtin", "examples": len(examples),
                               "digest": _builtin_digest()})


def train_with_seller(seller: Sequence[Example]) -> IntentModel:
    """The built-in examples plus a seller's labelled history, the seller's weighted higher."""
    base = augment(builtin_examples())
    own = augment(seller)
    weights = [1.0] * len(base) + [SELLER_WEIGHT] * len(own)
    return fit(base + own, weights=weights,
               info={"kind": "seller", "examples": len(base) + len(own), "seller_examples": len(seller)})


_model_lock = threading.Lock()
_loaded: dict[str, IntentModel] = {}


def get_model(path: Path | str | None = None) -> IntentModel:
    """The model ``analyze`` uses: ``path``, else the seller's trained model, else the built-in.

    The built-in one is loaded from the package when it was built with ``python -m
    tactful.understand.train_builtin`` for this scikit-learn version, else trained once from the
    packaged examples and cached in the user cache directory (offline either way).
    """
    key = str(path) if path else "<auto>"
    with _model_lock:
        if key in _loaded:
            return _loaded[key]
        if path:
            model = IntentModel.load(path)
        elif user_model_path().exists():
            try:
                model = IntentModel.load(user_model_path())
            except Exception as exc:  # written by another version: analyse on, say so once
                import warnings

                warnings.warn(f"{user_model_path()}: cannot load the trained intent model "
                              f"({exc}); using the built-in one. Run 'tactful train' again.",
                              stacklevel=2)
                model = _builtin()
        else:
            model = _builtin()
        _loaded[key] = model
        return model


def _builtin() -> IntentModel:
    digest = _builtin_digest()
    for candidate in (BUILTIN_MODEL, _cache_path(digest)):
        if candidate.exists():
            try:
                model = IntentModel.load(candidate)
            except Exception:  # stale or foreign pickle: rebuild rather than fail the analysis
                continue
            if model.info.get("digest") == digest:
                return model
    model = train_builtin()
    try:
        model.save(_cache_path(digest))
    except OSError:
        pass  # a read-only home still analyses, it just retrains next time
    return model


def reset_cache() -> None:
    """Forget loaded models (after ``tactful train`` wrote a new one, and in tests)."""
    with _model_lock:
        _loaded.clear()
