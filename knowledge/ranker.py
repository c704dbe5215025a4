"""A linear classifier over a question's tokens that says which clause, or which neighbouring topic the
measures do not cover, the question is most like: learned offline from the paraphrase bank.

Why learned: word overlap with a clause (BM25) misses questions that share few words with its text;
a classifier trained on twenty paraphrases per clause, written by people who never saw the
evaluation sets, learns which characters and pairs point where, and, trained with the neighbouring
out-of-scope questions as classes of their own, how likely a question is to be inside the measures
at all. Training needs scikit-learn and takes seconds, so it runs offline (scripts/train_ranker.py);
here the weights are only read and applied, a product of a few dozen rows, well under a millisecond.

Weights live beside what they describe: each measure's folder holds ranker.npz for its clauses and
its own neighbours, knowledge/data/ranker.npz the shared neighbouring topics. A deleted measure takes
its classes with it; the softmax over what is left still works.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FILE = "ranker.npz"
NEIGHBOUR = "neighbour:"
"""Prefix of a class that is a neighbouring topic (out of scope), not a clause."""
SCOPE_FILE = "scope.npz"
"""knowledge/data/scope.npz: the same kind of classifier with two classes, in scope (SCOPE_IN) or a neighbour."""
SCOPE_IN = "in_scope"


@dataclass(frozen=True)
class Prediction:
    classes: list[str]
    probabilities: np.ndarray
    """One per class, over the clauses and the neighbouring topics together."""
    in_scope: float
    """The probability mass on clauses rather than on neighbouring topics."""
    best_clause: float
    """The likeliest clause's probability."""

    def of(self, clause_id: str) -> float:
        return float(self.probabilities[self.classes.index(clause_id)]) if clause_id in self.classes else 0.0


class LinearRanker:
    def __init__(self, parts: list[tuple[list[str], list[str], np.ndarray, np.ndarray]]):
        """`parts`: (features, classes, weights [features × classes], intercepts) per file."""
        vocab = sorted({f for features, *_ in parts for f in features})
        self.index = {f: i for i, f in enumerate(vocab)}
        self.classes = [c for _, classes, *_ in parts for c in classes]
        # float16 as stored: a query reads a few dozen rows, so half the memory costs no measurable time.
        self.weights = np.zeros((len(vocab), len(self.classes)), dtype=np.float16)
        self.intercepts = np.concatenate([b for *_, b in parts]).astype(np.float32) if parts else np.zeros(0)
        col = 0
        for features, classes, weights, _ in parts:
            rows = [self.index[f] for f in features]
            self.weights[rows, col:col + len(classes)] = weights
            col += len(classes)
        self.is_neighbour = np.array([c.startswith(NEIGHBOUR) for c in self.classes])

    @classmethod
    def load(cls, paths: list[Path]) -> "LinearRanker":
        parts = []
        for path in paths:
            if path.exists():
                with np.load(path, allow_pickle=False) as z:
                    parts.append((list(z["features"]), list(z["classes"]), z["weights"], z["intercepts"]))
        return cls(parts)

    def vector(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Columns and values of the question's sublinear term frequencies, L2-normalised (as trained)."""
        counts = Counter(t for t in tokens if t in self.index)
        if not counts:
            return np.zeros(0, dtype=int), np.zeros(0)
        values = np.array([1 + math.log(n) for n in counts.values()])
        return np.array([self.index[t] for t in counts]), values / np.linalg.norm(values)

    def predict(self, tokens: list[str]) -> Prediction | None:
        if not self.classes:
            return None
        cols, values = self.vector(tokens)
        logits = self.intercepts + (values @ self.weights[cols] if len(cols) else 0)
        p = np.exp(logits - logits.max())
        p /= p.sum()
        inside = p[~self.is_neighbour]
        return Prediction(self.classes, p, float(inside.sum()), float(inside.max()) if len(inside) else 0.0)
