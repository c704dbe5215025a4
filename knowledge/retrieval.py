"""Ranks clauses for a question: BM25 over characters and character pairs, plus rapidfuzz similarity
to each clause's standard questions, with the lexicon's expansions and measure signals.

BM25 finds the clause whose words the question shares; rapidfuzz rescues near-miss wording and
typos that share few exact pairs. The matrix is built once; a query is a column sum, well under
a millisecond.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from .corpus import Corpus
from .lexicon import Lexicon, lexicon
from .model import Clause
from .registry import registry
from .text import STOP_CHARS, normalise, tokens

K1, B = 1.2, 0.75
_CJK = re.compile(r"[\u4e00-\u9fff]+")
FUZZY_WEIGHT = 0.6
"""How much a near-identical standard question counts against a perfect BM25 match (1.0)."""
OTHER_MEASURE_FACTOR = 0.55
"""A question that names one measure keeps clauses of the other, damped rather than dropped."""


@dataclass(frozen=True)
class Hit:
    clause: Clause
    score: float


@dataclass(frozen=True)
class Ranking:
    hits: list[Hit]
    measures_named: set[str]
    coverage: float
    """Share of the question's informative tokens that the best clause's document contains."""


def _document(c: Corpus, clause: Clause, questions: list[str]) -> str:
    article = c.article(clause.measure, clause.article)
    parts = [article.title or ""]
    if clause.item is None:
        # An article that has items is found by its lead; its items are their own documents.
        parts.extend(article.paragraphs if article.items else [article.text])
    else:
        parts.extend([clause.text, clause.context or ""])
    return "".join([*parts, *questions])


class Retriever:
    def __init__(self, c: Corpus, lex: Lexicon, questions: dict[str, list[str]]):
        self.corpus, self.lexicon = c, lex
        self.clauses = list(c.clauses.values())
        docs = [Counter(tokens(_document(c, cl, questions.get(cl.id, [])))) for cl in self.clauses]
        vocab = sorted({t for d in docs for t in d})
        self.index = {t: i for i, t in enumerate(vocab)}
        n = len(docs)
        lengths = np.array([sum(d.values()) for d in docs], dtype=float)
        avg = lengths.mean()
        df = Counter(t for d in docs for t in d)
        self.idf = np.array([math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in vocab])
        self.weights = np.zeros((n, len(vocab)), dtype=np.float32)
        self.present = np.zeros((n, len(vocab)), dtype=bool)
        for row, d in enumerate(docs):
            norm = K1 * (1 - B + B * lengths[row] / avg)
            for t, tf in d.items():
                col = self.index[t]
                self.weights[row, col] = self.idf[col] * tf * (K1 + 1) / (tf + norm)
                self.present[row, col] = True
        self.questions: list[str] = []
        self.question_owner: list[int] = []
        for row, cl in enumerate(self.clauses):
            for q in questions.get(cl.id, []):
                self.questions.append(normalise(q))
                self.question_owner.append(row)
        self.question_owner_arr = np.array(self.question_owner)
        self.measure_of = np.array([cl.measure for cl in self.clauses])
        texts = [_document(c, cl, []) for cl in self.clauses] + self.questions + sorted(lex.vocabulary)
        self.known_pairs = {run[i:i + 2] for text in texts for run in _CJK.findall(normalise(text))
                            for i in range(len(run) - 1)}

    def unfamiliar_share(self, question: str) -> float:
        """Share of the question's content characters that no pair of the measures, the standard
        questions or the lexicon covers: 首台套重大技术装备保险补偿 is mostly unfamiliar, 满意度复核 is not."""
        total = unfamiliar = 0
        for run in _CJK.findall(normalise(question)):
            for i, ch in enumerate(run):
                if ch in STOP_CHARS:
                    continue
                total += 1
                if run[max(i - 1, 0):i + 1] not in self.known_pairs and run[i:i + 2] not in self.known_pairs:
                    unfamiliar += 1
        return unfamiliar / total if total else 1.0

    def rank(self, question: str) -> Ranking:
        expanded = self.lexicon.expand(question)
        cols = sorted({self.index[t] for t in tokens(expanded) if t in self.index})
        named = self.lexicon.measures_named(question)
        if not cols:
            return Ranking([], named, 0.0)
        bm25 = self.weights[:, cols].sum(axis=1)
        fuzzy = np.zeros(len(self.clauses))
        sims = process.cdist([normalise(question)], self.questions, scorer=fuzz.ratio)[0] / 100.0
        np.maximum.at(fuzzy, self.question_owner_arr, sims)
        top = bm25.max() or 1.0
        score = bm25 / top + FUZZY_WEIGHT * fuzzy
        if len(named) == 1:
            score = np.where(self.measure_of == next(iter(named)), score, score * OTHER_MEASURE_FACTOR)
        # Stable sort on (-score, corpus order) keeps ties deterministic.
        order = np.lexsort((np.arange(len(score)), -score))
        best = order[0]
        informative = self.idf[cols]
        coverage = float((informative * self.present[best, cols]).sum() / informative.sum())
        hits = [Hit(self.clauses[i], float(score[i])) for i in order[:20]]
        return Ranking(hits, named, coverage)


def retriever(c: Corpus) -> Retriever:
    """The index over one snapshot of the texts; built once per snapshot (usually one per process)."""
    return _retriever(c.key, c)


@lru_cache(maxsize=4)
def _retriever(key: tuple, c: Corpus) -> Retriever:
    questions: dict[str, list[str]] = {}
    for own in registry().data("questions.json").values():
        questions.update({k: v for k, v in own.items() if not k.startswith("_")})
    return Retriever(c, lexicon(), questions)
