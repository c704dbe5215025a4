"""Fits the ranker's weights (knowledge/ranker.py) from the clause texts and the written questions.

Offline only: scikit-learn is imported here, never by the hotline, and scripts/train_ranker.py
writes what this returns into each measure's folder. The benchmarks call it on the training half of
the bank split to measure the ranker on lines it never saw.
"""

from __future__ import annotations

import hashlib

import numpy as np

from .bank import SHARED, Line
from .corpus import Corpus
from .gate import SIGNALS, Gate, ruled_out, signals
from .lexicon import Lexicon
from .ranker import NEIGHBOUR, SCOPE_IN, LinearRanker
from .retrieval import Retriever, english_document, law_document

C = 20.0
"""Inverse regularisation: weak, since the features are many and the written questions few per clause."""
NEIGHBOUR_BALANCE = 0.85
"""The neighbouring questions together weigh this share of the clause lines, however many of each the banks
hold: unweighted, the in-scope probability leans towards whichever side has more lines written."""
MIN_WEIGHT = 0.02
"""Features whose every weight is smaller are dropped from the shipped file (they change no ranking)."""


def learnable(written: list[Line], lex: Lexicon) -> list[Line]:
    """The lines the learned parts see: a neighbour's question about another region's scheme is left to
    the rule that catches any place name (lexicon.other_region); learnt, it would teach that the Shanghai
    question it copies word for word but for the place is out of scope."""
    return [line for line in written if line.clause or not lex.other_region(line.question)]


def fit(c: Corpus, written: list[Line], prepare: Retriever) -> dict[str, dict[str, np.ndarray]]:
    """Owner (a measure id, or bank.SHARED) → the arrays of its ranker.npz."""
    written = learnable(written, prepare.lexicon)
    from sklearn.linear_model import LogisticRegression

    docs, labels, owners, weight = [], [], {}, []
    for clause in c.clauses.values():
        owners[clause.id] = clause.measure
        for text in [law_document(c, clause), english_document(clause)]:
            if text:
                docs.append(prepare.prepare(text).tokens)
                labels.append(clause.id)
                weight.append(1.0)
    written = [line for line in written if not line.clause or line.clause in c.clauses]
    neighbours = sum(line.clause is None for line in written)
    neighbour_weight = NEIGHBOUR_BALANCE * (len(written) - neighbours) / max(neighbours, 1)
    for line in written:
        label = line.clause if line.clause else NEIGHBOUR + line.kind
        owners.setdefault(label, line.owner)
        docs.append(prepare.prepare(line.question).tokens)
        labels.append(label)
        weight.append(1.0 if line.clause else neighbour_weight)
    x, features = _vectorise(docs)
    model = LogisticRegression(C=C, max_iter=5000).fit(x, labels, sample_weight=weight)
    weights = model.coef_.T.astype(np.float32)
    out = {}
    for owner in dict.fromkeys(owners.values()):
        cols = [i for i, label in enumerate(model.classes_) if owners[label] == owner]
        w = weights[:, cols]
        keep = np.abs(w).max(axis=1) >= MIN_WEIGHT
        out[owner] = {"features": features[keep].astype(str), "classes": model.classes_[cols].astype(str),
                      "weights": w[keep].astype(np.float16), "intercepts": model.intercept_[cols].astype(np.float32)}
    return out


def _vectorise(docs: list[list[str]]):
    """Sublinear term frequencies, L2-normalised (as LinearRanker.vector reads a question), and the feature names."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.preprocessing import normalize

    counts = [{t: 1 + np.log(n) for t, n in zip(*np.unique(d, return_counts=True))} for d in docs]
    vectoriser = DictVectorizer()
    return normalize(vectoriser.fit_transform(counts)), np.array(vectoriser.get_feature_names_out())


SCOPE_C = 10.0
"""Inverse regularisation of the in-or-out classifier. On the banks' cross-validated lines the gate refuses 88.9% of
the neighbours with its signal instead of 87.1% without, at the same 3.1% of in-scope lines (C=1: no gain; 30: 89.1%)."""


def fit_scope(written: list[Line], prepare: Retriever) -> dict[str, np.ndarray]:
    """A two-class classifier, any clause against any neighbouring topic, in ranker.npz's format (a softmax over
    two classes is the logistic). The clause classifier spreads a neighbour's evidence over thirty topics, each
    competing with ninety clauses; pooled, the words that mark an unanswered question (a fee, a form, a phone
    number) weigh together."""
    from sklearn.linear_model import LogisticRegression

    written = learnable(written, prepare.lexicon)
    inside = np.array([line.clause is not None for line in written])
    x, features = _vectorise([prepare.prepare(line.question).tokens for line in written])
    weight = np.where(inside, 1.0, inside.sum() / max((~inside).sum(), 1))
    model = LogisticRegression(C=SCOPE_C, max_iter=5000).fit(x, inside, sample_weight=weight)
    w, b = model.coef_[0], float(model.intercept_[0])
    keep = np.abs(w) >= MIN_WEIGHT
    return {"features": features[keep].astype(str), "classes": np.array([SCOPE_IN, NEIGHBOUR + "any"]),
            "weights": np.stack([w[keep] / 2, -w[keep] / 2], axis=1).astype(np.float16),
            "intercepts": np.array([b / 2, -b / 2], dtype=np.float32)}


def owner_path(owner: str, registry_, data_dir, filename: str):
    """Where an owner's weights are kept: its measure's folder, or knowledge/data for the shared topics."""
    return (data_dir if owner == SHARED else registry_[owner].folder) / filename


FOLDS = 4
MAX_IN_SCOPE_REFUSED = 0.03
"""The gate's threshold is the highest at which the rules and the gate together refuse at most this share of
in-scope lines the ranker never saw, the hotline's bound. Cross-validation overstates it (its rankers learn from
three quarters of the lines): on the bank's held-out quarter this budget refuses 1.3% of in-scope lines."""


def _fold(question: str) -> int:
    return int(hashlib.sha1(("fold:" + question).encode("utf-8")).hexdigest(), 16) % FOLDS


def ranker_of(weights: dict[str, dict[str, np.ndarray]]) -> LinearRanker:
    return LinearRanker([(list(w["features"]), list(w["classes"]), w["weights"], w["intercepts"])
                         for w in weights.values()])


def gate_signals(c: Corpus, written: list[Line], lex: Lexicon) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The gate's signals for every written question, each computed by a ranker trained without it
    (FOLDS-fold cross-validation), whether it is in scope, and whether the rules already refuse it."""
    xs, ys, ruled = [], [], []
    written = learnable(written, lex)
    for k in range(FOLDS):
        inner = [line for line in written if _fold(line.question) != k]
        asked = [line for line in written if _fold(line.question) == k and line.kind != "standard"]
        prepare = Retriever(c, lex, inner, None)
        r = Retriever(c, lex, inner, ranker_of(fit(c, inner, prepare)),
                      scope=ranker_of({"scope": fit_scope(inner, prepare)}))
        for line in asked:
            if line.clause and line.clause not in c.clauses:
                continue
            query = r.prepare(line.question)
            ranking = r.rank(query)
            xs.append(signals(query, ranking, r, c) if ranking.hits else np.zeros(len(SIGNALS)))
            ys.append(line.clause is not None)
            ruled.append(ruled_out(query, ranking, c, None)[0])
    return np.array(xs), np.array(ys), np.array(ruled)


def fit_gate(c: Corpus, written: list[Line], lex: Lexicon) -> Gate:
    """The gate, fitted on the lines the rules let through, with the threshold that keeps the in-scope lines
    refused (by the rules or the gate) within MAX_IN_SCOPE_REFUSED."""
    from sklearn.linear_model import LogisticRegression

    x, y, ruled = gate_signals(c, written, lex)
    inside_total, inside_ruled = int(y.sum()), int((y & ruled).sum())
    x, y = x[~ruled], y[~ruled]
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit((x - mean) / scale, y)
    gate = Gate(model.coef_[0], float(model.intercept_[0]), mean, scale, 0.0)
    inside = np.sort([gate.probability(row) for row in x[y]])
    allowed = max(int(MAX_IN_SCOPE_REFUSED * inside_total) - inside_ruled, 0)
    return Gate(gate.weights, gate.bias, mean, scale, round(float(inside[min(allowed, len(inside) - 1)]), 4))
