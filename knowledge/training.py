"""Fits the ranker's weights (knowledge/ranker.py) from the clause texts and the written questions.

Offline only: scikit-learn is imported here, never by the hotline, and scripts/train_ranker.py
writes what this returns into each measure's folder. The benchmarks call it on the training half of
the bank split to measure the ranker on lines it never saw.
"""

from __future__ import annotations

import numpy as np

from .bank import SHARED, Line
from .corpus import Corpus
from .ranker import NEIGHBOUR
from .retrieval import Retriever, _english_document, _law_document

C = 20.0
"""Inverse regularisation: weak, since the features are many and the written questions few per clause."""
MIN_WEIGHT = 0.02
"""Features whose every weight is smaller are dropped from the shipped file (they change no ranking)."""


def fit(c: Corpus, written: list[Line], prepare: Retriever) -> dict[str, dict[str, np.ndarray]]:
    """Owner (a measure id, or bank.SHARED) → the arrays of its ranker.npz."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import normalize

    docs, labels, owners = [], [], {}
    for clause in c.clauses.values():
        owners[clause.id] = clause.measure
        for text in [_law_document(c, clause), _english_document(clause)]:
            if text:
                docs.append(prepare.prepare(text).tokens)
                labels.append(clause.id)
    for line in written:
        label = line.clause if line.clause else NEIGHBOUR + line.kind
        if line.clause and line.clause not in c.clauses:
            continue
        owners.setdefault(label, line.owner)
        docs.append(prepare.prepare(line.question).tokens)
        labels.append(label)
    counts = [{t: 1 + np.log(n) for t, n in zip(*np.unique(d, return_counts=True))} for d in docs]
    vectoriser = DictVectorizer()
    x = normalize(vectoriser.fit_transform(counts))
    model = LogisticRegression(C=C, max_iter=5000).fit(x, labels)
    features = np.array(vectoriser.get_feature_names_out())
    weights = model.coef_.T.astype(np.float32)
    out = {}
    for owner in dict.fromkeys(owners.values()):
        cols = [i for i, label in enumerate(model.classes_) if owners[label] == owner]
        w = weights[:, cols]
        keep = np.abs(w).max(axis=1) >= MIN_WEIGHT
        out[owner] = {"features": features[keep].astype(str), "classes": model.classes_[cols].astype(str),
                      "weights": w[keep].astype(np.float16), "intercepts": model.intercept_[cols].astype(np.float32)}
    return out


def owner_path(owner: str, registry_, data_dir, filename: str):
    """Where an owner's weights are kept: its measure's folder, or knowledge/data for the shared topics."""
    return (data_dir if owner == SHARED else registry_[owner].folder) / filename
