"""The trainable intent classifier: character n-grams and a linear model (PLAYBOOK §2).

Character n-grams (``char_wb`` 1-4) need no word segmentation, so one model serves Chinese and
the space-separated languages alike. The built-in model is trained from the sentences in
``data/train/<lang>.csv`` and the labelled parts of the training emails in
``data/train/emails/<lang>.yaml``; the emails also teach it a context class (``_``: greetings,
background, thanks) so that it can tell a sentence that asks from one that explains.
``tactful train`` adds a seller's own labelled history and saves the result in the user data
directory, where ``analyze`` picks it up automatically.
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
from tactful.understand.lexicon import DATA, normalize, to_simplified
from tactful.understand.types import INTENTS, SERVED_LANGUAGES

TRAIN_DIR = DATA / "train"
BUILTIN_MODEL = DATA / "model" / "intents.pkl"
MODEL_FILENAME = "intent_model.pkl"
# Seller examples count this many times: their history is exactly the mail they receive.
SELLER_WEIGHT = 3.0
# Model format; bump when the feature pipeline changes so stale caches are rebuilt.
FORMAT = 4
# The context label: a sentence that asks for nothing and states no problem of its own.
CONTEXT = "_"
# The SVM's regularisation (chosen by cross-validation on the training emails, bench/dev_understand.py).
SVM_C = 1.0
CONTEXT_C = 10.0
# Margins are scaled by this before the softmax that turns them into 0-1 intent scores.
SOFTMAX_SCALE = 3.0


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


def feature_text(text: str) -> str:
    """What the n-gram features read: the folded text (``normalize``), Traditional Chinese
    characters as Simplified (``SHARE_CHINESE``)."""
    folded = normalize(text)
    return to_simplified(folded) if SHARE_CHINESE else folded


def _builtin_digest(emails: bool = True) -> str:
    """What the built-in model is made of: training data, cue lists and this training code
    (``emails=False``: all but the training emails, for callers that hash the emails they use)."""
    h = hashlib.sha256(f"format={FORMAT}".encode())
    import sklearn

    h.update(sklearn.__version__.encode())
    here = Path(__file__).resolve().parent
    sources = [here / "classifier.py", here / "conventions.py"]
    for lang in SERVED_LANGUAGES:
        sources += [TRAIN_DIR / f"{lang}.csv", DATA / "cues" / f"{lang}.yaml"]
        if emails:
            sources.append(TRAIN_DIR / "emails" / f"{lang}.yaml")
    for path in sources:
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


# --------------------------------------------------------------------------- the model
#
# Three linear parts share one set of n-gram features (TF-IDF of characters within words, and of
# words and word pairs), and a fourth part weighs what they say:
#   sentence heads  each sentence is read with its neighbours (their features at NEIGHBOUR
#                   weight) and its position: the intent head (which §2 intent it asks about,
#                   a LinearSVC) and the context head (whether it only explains, greets or
#                   thanks: logistic regression);
#   email head      one-vs-rest LinearSVC over the whole email: which intents it holds;
#   item decision   gradient-boosted trees over the evidence per intent (how strongly the
#                   asking sentences point at it, the email head, the cue words; see
#                   ``candidate_features``) deciding which intents are items of the email. It is
#                   trained on out-of-fold predictions for the training emails, so it learns how
#                   far each piece of evidence can be trusted on unseen mail.

NEIGHBOUR = 0.5
EMAIL_C = 0.3
STACK_TREES = 200
STACK_FOLDS = 3
# n-grams seen in fewer training texts than this are left out (a name, a typo once).
MIN_DF = 2
# The most frequent character n-grams and words kept (the rest adds training time, not accuracy).
MAX_CHARS = 50_000
MAX_WORDS = 30_000
# Stopping tolerance of the linear SVMs (liblinear's default 1e-4 costs time, not accuracy).
SVM_TOL = 1e-3
# Traditional characters are read as Simplified by the n-gram features, so the zh and zh-Hant
# training emails teach each other (Cantonese words such as 冇 and 咗 keep their own n-grams).
SHARE_CHINESE = True
N_POS = 3
N_STACK = 14
STACK_PARTS = ("stacker", "stack_coef", "stack_b")


@dataclass(frozen=True)
class SentenceScores:
    """The sentence heads' output for the sentences of one email, in order."""

    margins: "object"        # numpy array, sentences x intents: the intent head's margins
    context: "object"        # numpy array, sentences: probability that the sentence is context


def _position(n: int) -> "object":
    import numpy as np

    pos = np.zeros((n, N_POS))
    if n:
        pos[0, 0] = 1.0
        pos[-1, 1] = 1.0
        pos[:, 2] = np.arange(n) / n
    return pos


def sigmoid(x):
    """The logistic function, clipped so that very sure scores do not overflow ``exp``."""
    import numpy as np

    return 1.0 / (1.0 + np.exp(-np.clip(x, -50.0, 50.0)))


def softmax_rows(margins, scale: float = SOFTMAX_SCALE):
    import numpy as np

    z = scale * (margins - margins.max(axis=1, keepdims=True))
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def candidate_features(scores: SentenceScores, email_margins, strong, weak, labels: Sequence[str]):
    """The item decision's input: one row of evidence per intent.

    Columns: 0 strongest asking evidence (intent score x request probability), 1 its sum over
    the sentences, 2 the best intent margin, 3 a sentence that asks has it as its top intent,
    4-5 strong and weak cue hits, 6 the email head's margin, 7 it is the email head's top
    intent, 8 the surest request, 9 sentence count, 10 it is an item of the plain sentence path
    (``conventions.merge_labels``), 11 the best intent score, 12-13 the asking evidence and
    email margin of the intents that absorb it ("return.request" beside "delivery.damaged"),
    then one column per intent (its own base rate).
    """
    import numpy as np

    from tactful.understand.conventions import ABSORB, merge_labels

    D = scores.margins
    n_int = len(labels)
    out = np.zeros((n_int, N_STACK + n_int))
    out[:, 6] = email_margins
    out[:, 7] = (np.arange(n_int) == int(np.argmax(email_margins))).astype(float)
    out[:, N_STACK:] = np.eye(n_int)
    if len(D):
        P = softmax_rows(D)
        R = 1.0 - scores.context
        W = P * R[:, None]
        top = D.argmax(axis=1)
        asks = R > 0.5
        out[:, 0] = W.max(axis=0)
        out[:, 1] = W.sum(axis=0)
        out[:, 2] = D.max(axis=0)
        for c in range(n_int):
            out[c, 3] = float(np.any((top == c) & asks))
        out[:, 4] = strong.max(axis=0)
        out[:, 5] = weak.max(axis=0)
        out[:, 8] = R.max()
        out[:, 9] = len(D)
        base = merge_labels((labels[top[i]] if asks[i] else "_") for i in range(len(D)))
        index = {label: c for c, label in enumerate(labels)}
        for label in base:
            out[index[label], 10] = 1.0
        out[:, 11] = P.max(axis=0)
        for pair, winner in ABSORB.items():
            for loser in pair - {winner}:
                if loser in index and winner in index:
                    c, w = index[loser], index[winner]
                    out[c, 12] = max(out[c, 12], out[w, 0])
                    out[c, 13] = max(out[c, 13], out[w, 6])
    return out


class _Forest:
    """A fitted HistGradientBoostingClassifier (binary) as flat arrays: every tree walked for
    every row at once, one numpy step per tree level (scikit-learn walks tree by tree)."""

    def __init__(self, feature, threshold, left, right, leaf, value, roots, depth, baseline,
                 missing_left) -> None:
        self.feature, self.threshold, self.left, self.right = feature, threshold, left, right
        self.leaf, self.value, self.roots, self.depth = leaf, value, roots, depth
        self.baseline, self.missing_left = baseline, missing_left

    @classmethod
    def of(cls, model) -> "_Forest | None":
        import numpy as np

        if model is None:
            return None
        parts = {k: [] for k in ("feature", "threshold", "left", "right", "leaf", "value", "missing")}
        roots, start, depth = [], 0, 0
        for (predictor,) in model._predictors:
            nodes = predictor.nodes
            if np.any(nodes["is_categorical"]):
                raise ValueError("categorical splits are not used by the item decision")
            roots.append(start)
            parts["feature"].append(nodes["feature_idx"].astype(np.int64))
            parts["threshold"].append(nodes["num_threshold"].astype(np.float64))
            parts["left"].append(nodes["left"].astype(np.int64) + start)
            parts["right"].append(nodes["right"].astype(np.int64) + start)
            parts["leaf"].append(nodes["is_leaf"].astype(bool))
            parts["value"].append(nodes["value"].astype(np.float64))
            parts["missing"].append(nodes["missing_go_to_left"].astype(bool))
            depth = max(depth, int(nodes["depth"].max()))
            start += len(nodes)
        cat = {k: np.concatenate(v) for k, v in parts.items()}
        baseline = float(np.asarray(model._baseline_prediction).ravel()[0])
        return cls(cat["feature"], cat["threshold"], cat["left"], cat["right"], cat["leaf"],
                   cat["value"], np.asarray(roots), depth, baseline, cat["missing"])

    def probability(self, X):
        import numpy as np

        rows = np.arange(len(X))[:, None]
        idx = np.broadcast_to(self.roots, (len(X), len(self.roots))).copy()
        active = np.arange(len(self.roots))     # trees with a row not yet at a leaf
        for _ in range(self.depth):
            sub = idx[:, active]
            leaf = self.leaf[sub]
            walking = ~leaf.all(axis=0)
            if not walking.any():
                break
            # Most trees are shallow: deeper levels walk only the trees still going.
            active, sub, leaf = active[walking], sub[:, walking], leaf[:, walking]
            x = X[rows, self.feature[sub]]
            go_left = np.where(np.isnan(x), self.missing_left[sub], x <= self.threshold[sub])
            idx[:, active] = np.where(leaf, sub, np.where(go_left, self.left[sub], self.right[sub]))
        raw = self.value[idx].sum(axis=1) + self.baseline
        return sigmoid(raw)


class IntentModel:
    """The fitted intent model: sentence heads, email head and item decision (see above).

    ``predict_scores(texts)`` scores texts on their own (a one-sentence email each) as
    ``{intent: 0-1 score, "_": probability of context}``; the analysis uses ``score_sentences``
    on an email's sentences in order, ``email_margins`` and ``item_probabilities``.
    """

    def __init__(self, parts: dict, *, info: dict | None = None) -> None:
        self.parts = parts
        self.labels = tuple(parts["labels"])
        self.info = dict(info or {})

    # -- fast linear algebra over n-gram features (scikit-learn's per-call validation costs
    #    milliseconds; an email's few sentences need only look-ups and small dot products)

    def _fast(self):
        fast = getattr(self, "_fast_parts", None)
        if fast is None:
            import numpy as np

            blocks = []
            offset = 0
            for _, tfidf in self.parts["features"].transformer_list:
                blocks.append((tfidf.build_analyzer(), tfidf.vocabulary_, np.asarray(tfidf.idf_),
                               bool(tfidf.sublinear_tf), offset))
                offset += len(tfidf.vocabulary_)
            dim = offset
            sent = self.parts["sent_coef"]
            cur, prev, nxt = sent[:, :dim], sent[:, dim:2 * dim], sent[:, 2 * dim:3 * dim]
            # Feature-major float32 matrices: a text's few n-grams pick a few contiguous rows,
            # summed in float64. Sentence columns: own | previous | next, per label + context.
            sent_t = np.ascontiguousarray(np.vstack([cur, NEIGHBOUR * prev, NEIGHBOUR * nxt]).T,
                                          dtype=np.float32)
            email_t = np.ascontiguousarray(np.asarray(self.parts["email_coef"]).T, dtype=np.float32)
            fast = {"blocks": blocks, "sent_t": sent_t, "email_t": email_t,
                    "pos": np.asarray(sent[:, 3 * dim:], dtype=np.float64),
                    "sent_b": np.asarray(self.parts["sent_b"], dtype=np.float64),
                    "email_b": np.asarray(self.parts["email_intercept"], dtype=np.float64),
                    "n": len(self.labels), "forest": _Forest.of(self.parts.get("stacker"))}
            self._fast_parts = fast
        return fast

    def _project(self, texts: Sequence[str], matrix: str = "sent_t"):
        """Each text's n-gram vector (TF-IDF, l2-normalised per block) times a coefficient
        matrix: rows of the result are texts."""
        import numpy as np

        fast = self._fast()
        weights = fast[matrix]
        out = np.zeros((len(texts), weights.shape[1]))
        for row, text in enumerate(texts):
            norm = feature_text(text)
            for analyzer, vocab, idf, sublinear, offset in fast["blocks"]:
                grams = Counter(analyzer(norm))      # counted in C, looked up once each
                get = vocab.get
                found = [(j, k) for j, k in zip(map(get, grams), grams.values()) if j is not None]
                if not found:
                    continue
                idx, tf = (np.array(col) for col in zip(*found))
                tf = tf.astype(np.float64)
                if sublinear:
                    tf = np.log(tf) + 1.0
                vals = tf * idf[idx]
                vals /= np.sqrt(np.dot(vals, vals))
                out[row] += vals @ weights[idx + offset]
        return out

    def score_sentences(self, texts: Sequence[str], *, fixed_context: Sequence[bool] = ()) -> SentenceScores:
        """The sentence heads over an email's sentences in order (neighbours matter).

        ``fixed_context`` marks sentences known to be context (greetings, sign-offs): they are
        read as neighbours but get context probability 1.
        """
        import numpy as np

        fast = self._fast()
        n = fast["n"]
        k = len(texts)
        if not k:
            return SentenceScores(np.zeros((0, n)), np.zeros(0))
        proj = self._project(texts)
        m = n + 1
        cur, prev, nxt = proj[:, :m], proj[:, m:2 * m], proj[:, 2 * m:3 * m]
        total = cur + fast["sent_b"] + _position(k) @ fast["pos"].T
        total[1:] += prev[:-1]
        total[:-1] += nxt[1:]
        context = sigmoid(total[:, n])
        if fixed_context:
            context = np.where(np.asarray(fixed_context, dtype=bool), 1.0, context)
        return SentenceScores(total[:, :n], context)

    def email_margins(self, text: str):
        """The email head's margin per intent for a whole email text."""
        return self._project([text], "email_t")[0] + self._fast()["email_b"]

    def item_probabilities(self, scores: SentenceScores, email_margins, strong, weak):
        """Probability per intent that it is an item of the email (the item decision)."""
        import numpy as np

        X = candidate_features(scores, email_margins, strong, weak, self.labels)
        forest = self._fast()["forest"]
        if forest is not None:
            return forest.probability(X)
        coef, b = self.parts["stack_coef"], self.parts["stack_b"]
        return sigmoid(X @ coef + b)

    def decision(self, texts: Sequence[str]):
        """The intent head's margins for texts read on their own (rows: texts)."""
        import numpy as np

        return np.vstack([self.score_sentences([t]).margins for t in texts]) if texts else \
            np.zeros((0, len(self.labels)))

    def predict_scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Per text read on its own: a 0-1 score per intent (softmax over the margins) and,
        under ``_``, the probability that the text is context rather than a request."""
        out = []
        for text in texts:
            sc = self.score_sentences([text])
            probs = softmax_rows(sc.margins)[0]
            scores = {label: float(p) for label, p in zip(self.labels, probs)}
            scores[CONTEXT] = float(sc.context[0])
            out.append(scores)
        return out

    def predict(self, texts: Sequence[str]) -> list[str]:
        """The most likely intent of each text (the caller knows these texts ask for something)."""
        import numpy as np

        return [self.labels[int(np.argmax(row))] for row in self.decision(texts)]

    def save(self, path: Path | str) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump({"format": FORMAT, "info": self.info, "parts": self.parts}, fh,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # never leave a half-written model behind
        return path

    @classmethod
    def load(cls, path: Path | str) -> "IntentModel":
        with open(path, "rb") as fh:
            # Only files Tactful wrote itself (package data, user data dir, --model) are loaded.
            blob = pickle.load(fh)  # noqa: S301
        if blob.get("format") != FORMAT:
            raise ValueError(f"{path}: model format {blob.get('format')} is not {FORMAT}")
        return cls(blob["parts"], info=blob.get("info"))


# --------------------------------------------------------------------------- training


@dataclass(frozen=True)
class _Doc:
    """A training email as the model sees it: its parts in order, their labels, its items."""

    texts: tuple[str, ...]
    labels: tuple[str, ...]
    items: tuple[str, ...]
    lang: str
    text: str
    weight: float = 1.0


def _docs(emails, sentences: Sequence[Example], weights: Sequence[float] | None) -> list[_Doc]:
    """Training emails, and single sentences as one-sentence emails (no neighbours)."""
    out = [_Doc(tuple(t.strip() for _, t in e.parts), tuple(lab for lab, _ in e.parts),
                tuple(e.items), e.lang, e.text) for e in emails]
    for n, ex in enumerate(sentences):
        w = weights[n] if weights is not None else 1.0
        out.append(_Doc((ex.text,), (ex.intent,), (ex.intent,) if ex.intent != CONTEXT else
                        ("other",), _lang_of(ex.source), ex.text, w))
    return out


def _lang_of(source: str) -> str:
    name = Path(source).name
    for suffix in (".csv", ".yaml"):
        if name.endswith(suffix):
            lang = name[:-len(suffix)]
            return lang if lang in SERVED_LANGUAGES else "en"
    return "en"


class _Vectors:
    """Each distinct training text vectorised once (rows looked up by text)."""

    def __init__(self, features, texts: Iterable[str]) -> None:
        import scipy.sparse as sp

        unique = list(dict.fromkeys(t for t in texts if t))
        self.row = {t: i for i, t in enumerate(unique)}
        matrix = features.transform([feature_text(t) for t in unique]).tocsr()
        # The last row is all zeros: the missing neighbour of a first or last sentence.
        self.matrix = sp.vstack([matrix, sp.csr_matrix((1, matrix.shape[1]), dtype=matrix.dtype)]).tocsr()
        self.empty = len(unique)

    def rows(self, texts: Sequence[str]):
        return self.matrix[[self.row.get(t, self.empty) if t else self.empty for t in texts]]


def _sentence_matrix(vectors: _Vectors, docs: Sequence[_Doc]):
    """Rows: every part of every doc, as [own | previous | next | position] features."""
    import numpy as np
    import scipy.sparse as sp

    texts, prev, nxt, pos = [], [], [], []
    for d in docs:
        k = len(d.texts)
        for i, t in enumerate(d.texts):
            texts.append(t)
            prev.append(d.texts[i - 1] if i else "")
            nxt.append(d.texts[i + 1] if i + 1 < k else "")
        pos.append(_position(k))
    # Neighbours count at NEIGHBOUR weight (the same scaling as in ``IntentModel._fast``).
    return sp.hstack([vectors.rows(texts), NEIGHBOUR * vectors.rows(prev),
                      NEIGHBOUR * vectors.rows(nxt), sp.csr_matrix(np.vstack(pos))]).tocsr()


def _fit_heads(vectors: _Vectors, docs: Sequence[_Doc]) -> dict:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    X = _sentence_matrix(vectors, docs)
    labels = np.array([lab for d in docs for lab in d.labels])
    weights = np.array([d.weight for d in docs for _ in d.labels])
    asks = labels != CONTEXT
    intents = LinearSVC(C=SVM_C, class_weight="balanced", tol=SVM_TOL, random_state=0)
    intents.fit(X[asks], labels[asks], sample_weight=weights[asks])
    context = LogisticRegression(C=CONTEXT_C, solver="liblinear", class_weight="balanced",
                                 random_state=0)
    context.fit(X, (~asks).astype(int), sample_weight=weights)
    # The email head: which intents a whole email holds (one-vs-rest, one LinearSVC each).
    E = vectors.rows([d.text for d in docs])
    order = [str(c) for c in intents.classes_]
    coef = np.zeros((len(order), E.shape[1]))
    intercept = np.zeros(len(order))
    for j, label in enumerate(order):
        y = np.array([label in d.items for d in docs], dtype=int)
        head = LinearSVC(C=EMAIL_C, class_weight="balanced", tol=SVM_TOL, random_state=0).fit(E, y)
        coef[j] = head.coef_[0]
        intercept[j] = head.intercept_[0]
    # Plain arrays (float32 halves the model file; the sums are done in float64).
    return {"labels": order,
            "sent_coef": np.vstack([intents.coef_, context.coef_]).astype(np.float32),
            "sent_b": np.concatenate([intents.intercept_, context.intercept_]),
            "email_coef": coef.astype(np.float32), "email_intercept": intercept}


def cue_arrays(texts: Sequence[str], lang: str, labels: Sequence[str]):
    """Strong and weak cue hits (``data/cues``) per text (rows) and intent (columns), at most 3."""
    import numpy as np

    from tactful.understand.cues import match_cues

    strong = np.zeros((len(texts), len(labels)))
    weak = np.zeros((len(texts), len(labels)))
    index = {label: i for i, label in enumerate(labels)}
    for r, t in enumerate(texts):
        hits = match_cues(t, lang)
        for intent, k in hits.strong.items():
            strong[r, index[intent]] = min(k, 3)
        for intent, k in hits.weak.items():
            weak[r, index[intent]] = min(k, 3)
    return strong, weak


def _stack_rows(model: IntentModel, docs: Sequence[_Doc]):
    import numpy as np

    rows, targets = [], []
    for d in docs:
        scores = model.score_sentences(d.texts)
        strong, weak = cue_arrays(d.texts, d.lang, model.labels)
        X = candidate_features(scores, model.email_margins(d.text), strong, weak, model.labels)
        rows.append(X)
        targets.append([label in d.items for label in model.labels])
    return np.vstack(rows), np.concatenate(targets).astype(int)


def fit(examples: Iterable[Example], *, emails=(), weights: Sequence[float] | None = None,
        info: dict | None = None, item_decision: IntentModel | None = None) -> IntentModel:
    """Fit the features, the sentence and email heads, and the item decision.

    ``examples`` are single labelled sentences (CSV rows, a seller's history; ``weights`` per
    example); ``emails`` the labelled training emails. The item decision learns from
    out-of-fold predictions on the emails (``STACK_FOLDS`` folds), or is taken over from
    ``item_decision`` (a seller's sentences change what the heads say, not how their evidence
    is weighed).
    """
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.pipeline import FeatureUnion

    examples = list(examples)
    emails = list(emails)
    docs = _docs(emails, examples, weights)
    features = FeatureUnion([
        # Character n-grams within words: spelling variants, missing accents, Chinese.
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True,
                                  min_df=MIN_DF, max_features=MAX_CHARS, dtype=np.float32)),
        # Words and word pairs: "not received" is more than its letters.
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                  token_pattern=r"(?u)\b\w+\b", min_df=MIN_DF,
                                  max_features=MAX_WORDS, dtype=np.float32)),
    ])
    all_texts = [t for d in docs for t in d.texts] + [d.text for d in docs]
    features.fit([feature_text(t) for t in dict.fromkeys(all_texts)])
    vectors = _Vectors(features, all_texts)
    n_mail = len(emails)
    mail_docs, sentence_docs = docs[:n_mail], docs[n_mail:]
    # Out-of-fold evidence for the item decision: heads trained without the fold's emails.
    stack_X, stack_y = [], []
    if n_mail >= STACK_FOLDS * 5 and item_decision is None:
        fold = [int(hashlib.sha1(e.id.encode()).hexdigest(), 16) % STACK_FOLDS for e in emails]
        for k in range(STACK_FOLDS):
            train = [d for d, f in zip(mail_docs, fold) if f != k] + sentence_docs
            held = [d for d, f in zip(mail_docs, fold) if f == k]
            part = IntentModel({**_fit_heads(vectors, train), "features": features})
            X, y = _stack_rows(part, held)
            stack_X.append(X)
            stack_y.append(y)
    parts = {**_fit_heads(vectors, docs), "features": features}
    if item_decision is not None:
        parts.update({k: item_decision.parts[k] for k in STACK_PARTS})
    else:
        # Without emails to learn from, the sentence path ("in base" feature) alone decides.
        coef = np.zeros(N_STACK + len(parts["labels"]))
        coef[10] = 10.0
        parts.update(stacker=None, stack_coef=coef, stack_b=-5.0)
        if stack_X:
            # Gradient-boosted trees over the evidence: they learn interactions such as "a
            # return.request next to a damaged item is its remedy" (fixed seed, no early stop).
            stacker = HistGradientBoostingClassifier(
                max_iter=STACK_TREES, learning_rate=0.05, max_leaf_nodes=15,
                early_stopping=False, random_state=0)
            stacker.fit(np.vstack(stack_X), np.concatenate(stack_y))
            parts["stacker"] = stacker
    return IntentModel(parts, info=info)


def train_builtin(emails=None) -> IntentModel:
    """Train the built-in model from the packaged examples (reproducible: no randomness).

    ``emails`` replaces the packaged training emails (cross-validation trains without the
    fold it scores)."""
    from tactful.understand.trainmail import builtin_emails

    mails = builtin_emails() if emails is None else list(emails)
    examples = augment(builtin_examples())
    return fit(examples, emails=mails,
               info={"kind": "builtin", "examples": len(examples), "emails": len(mails),
                     "digest": _builtin_digest() if emails is None else "cv"})


def train_with_seller(seller: Sequence[Example]) -> IntentModel:
    """The built-in examples plus a seller's labelled history, the seller's weighted higher."""
    from tactful.understand.trainmail import builtin_emails

    base = augment(builtin_examples())
    own = augment(seller)
    weights = [1.0] * len(base) + [SELLER_WEIGHT] * len(own)
    return fit(base + own, emails=builtin_emails(), weights=weights, item_decision=_builtin(),
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
        target = model.save(_cache_path(digest))
        for old in target.parent.glob("intents-builtin-*.pkl"):
            if old != target:
                old.unlink(missing_ok=True)     # a model of older training data or code
    except OSError:
        pass  # a read-only home still analyses, it just retrains next time
    return model


def reset_cache() -> None:
    """Forget loaded models (after ``tactful train`` wrote a new one, and in tests)."""
    with _model_lock:
        _loaded.clear()
