"""Ranks clauses for a question: a learned classifier over its characters and pairs (knowledge/ranker.py),
BM25 over each clause's text, English rendering and written questions, and rapidfuzz similarity to
those questions, after normalisation, homophone correction and the lexicon's expansions.

Each part covers the others' blind spots, measured on held-out lines of the paraphrase bank
(benchmarks/compare_rankers.py): the classifier generalises over wording, BM25 holds on to rare
exact terms, rapidfuzz on near-identical phrasing. The matrices are built once per snapshot; a
query is a few column sums, well under a millisecond.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from .bank import Line, lines
from .cite import measure_names
from .corpus import Corpus
from .gate import Gate, gate
from .homophones import Speller, pairs
from .lexicon import Lexicon, lexicon
from .model import Clause
from .ranker import FILE, SCOPE_FILE, LinearRanker, Prediction
from .registry import DATA, registry
from .text import STOP_CHARS, english_tokens, fold, is_english, normalise, tokens

K1, B = 1.2, 0.75
_CJK = re.compile(r"[\u4e00-\u9fff]+")
MODEL_WEIGHT = {False: 0.5, True: 0.05}
"""The classifier's probabilities (scaled to the best clause's) against BM25's (also scaled, weight 1), for a Chinese
and an English question. In English, BM25 over the clauses' renderings and the English questions ranks better on its
own: on the bank's held-out English lines top-1 is 81.8% at 0.5, 83.7% at 0.1 and 84.7% at 0.05 or 0."""
FUZZY_WEIGHT = 0.6
"""How much a near-identical written question counts."""
FUZZY_CANDIDATES = 12
"""rapidfuzz compares the question with the written questions of this many best clauses by the other two
scores only: a near-identical question of a clause they both rank low changes no ranking that matters."""
OTHER_MEASURE_FACTOR = 0.55
"""A question that names one measure keeps clauses of the other, damped rather than dropped."""


@dataclass(frozen=True)
class Hit:
    clause: Clause
    score: float


@dataclass(frozen=True)
class Query:
    """A question as retrieval reads it."""

    text: str
    """Normalised, with dialect and homophone typos put right (Chinese), or folded (English)."""
    english: bool
    tokens: list[str]


@dataclass(frozen=True)
class Ranking:
    hits: list[Hit]
    measures_named: set[str]
    coverage: float
    """Share of the question's informative tokens that the best clause's document contains."""
    prediction: Prediction | None = None
    fuzzy: float = 0.0
    """rapidfuzz similarity (0–1) of the closest written question."""
    bm25: float = 0.0
    """The best clause's raw BM25 score."""


def law_document(c: Corpus, clause: Clause) -> str:
    """A clause as its Chinese text is indexed: the article's title, then the item with its lead, or the
    article's own text."""
    article = c.article(clause.measure, clause.article)
    parts = [article.title or ""]
    if clause.item is None:
        # An article that has items is found by its lead; its items are their own documents.
        parts.extend(article.paragraphs if article.items else [article.text])
    else:
        parts.extend([clause.text, clause.context or ""])
    return "".join(parts)


def english_document(clause: Clause) -> str:
    """The clause's English rendering with its lead, or "" where it has none."""
    return " ".join(filter(None, [clause.english.text, clause.english.context])) if clause.english else ""


class Bm25:
    """BM25 over one token document per clause; a query is a column sum."""

    def __init__(self, docs: list[Counter]):
        vocab = sorted({t for d in docs for t in d})
        self.index = {t: i for i, t in enumerate(vocab)}
        rows = np.repeat(np.arange(len(docs)), [len(d) for d in docs])
        cols = np.fromiter((self.index[t] for d in docs for t in d), dtype=np.int64, count=len(rows))
        tf = np.fromiter((n for d in docs for n in d.values()), dtype=float, count=len(rows))
        lengths = np.array([sum(d.values()) for d in docs], dtype=float)
        df = np.bincount(cols, minlength=len(vocab))
        self.idf = np.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
        # What a token no document has weighs where rarity is weighed (Retriever.text_coverage): the rarest's idf.
        self.rarest = float(self.idf.max()) if len(vocab) else 0.0
        norm = K1 * (1 - B + B * lengths / max(lengths.mean(), 1.0))
        self.weights = np.zeros((len(docs), len(vocab)), dtype=np.float32)
        self.weights[rows, cols] = self.idf[cols] * tf * (K1 + 1) / (tf + norm[rows])

    def columns(self, tokens: list[str]) -> list[int]:
        return sorted({self.index[t] for t in tokens if t in self.index})

    def scores(self, cols: list[int]) -> np.ndarray:
        return self.weights[:, cols].sum(axis=1) if cols else np.zeros(len(self.weights))

    def coverage(self, row: int, cols: list[int]) -> float:
        """Share of the query's informative (idf-weighted) tokens that document `row` contains."""
        informative = self.idf[cols]
        return float((informative * (self.weights[row, cols] > 0)).sum() / informative.sum()) if cols else 0.0


class Retriever:
    def __init__(self, c: Corpus, lex: Lexicon, written: list[Line], ranker: LinearRanker | None,
                 gate: Gate | None = None, scope: LinearRanker | None = None):
        """`written`: the questions searched beside each clause's text (and the neighbours', for the
        speller's sense of ordinary wording); `ranker`: the learned classifier, `gate` the learned
        in-scope gate and `scope` the in-or-out classifier it reads, if any (the benchmarks pass ones trained
        on part of the bank)."""
        self.corpus, self.lexicon, self.ranker, self.gate, self.scope = c, lex, ranker, gate, scope
        self.clauses = list(c.clauses.values())
        # Which clauses the classifier has a class for, and that class's column in its probabilities.
        columns = {name: i for i, name in enumerate(ranker.classes)} if ranker else {}
        self.learned = np.array([row for row, cl in enumerate(self.clauses) if cl.id in columns], dtype=int)
        self.classes_of_learned = np.array([columns[self.clauses[row].id] for row in self.learned], dtype=int)
        per_clause: dict[str, list[str]] = {}
        for line in written:
            if line.clause in c.clauses:
                per_clause.setdefault(line.clause, []).append(line.question)
        law = [normalise(law_document(c, cl)) for cl in self.clauses]
        self.speller = Speller(law, lex.vocabulary, [normalise(line.question) for line in written])
        chinese_docs, english_docs, self.questions, owner = [], [], [], []
        for row, cl in enumerate(self.clauses):
            own = per_clause.get(cl.id, [])
            english = [is_english(q) for q in own]
            zh = [normalise(q) for q, e in zip(own, english) if not e]
            en = [q for q, e in zip(own, english) if e] + [english_document(cl)]
            chinese_docs.append(Counter(tokens(law[row] + "".join(zh))))
            english_docs.append(Counter(t for q in en for t in english_tokens(q)))
            self.questions += zh
            owner += [row] * len(zh)
        # One index per language, so an English question's length normalisation counts English words only.
        self.bm25 = {False: Bm25(chinese_docs), True: Bm25(english_docs)}
        # Each clause's own words, without the questions written for it: what the text itself can answer.
        self.own_words = {cl.id: {False: set(tokens(law[row])), True: set(english_tokens(english_document(cl)))}
                          for row, cl in enumerate(self.clauses)}
        # Each clause's written questions, as one run of self.questions (they are stored clause by clause).
        self.runs = {row: (owner.index(row), owner.index(row) + owner.count(row)) for row in dict.fromkeys(owner)}
        self.measure_of = np.array([cl.measure for cl in self.clauses])
        # What the clauses' own texts and questions use: neighbours' questions are familiar to the speller
        # (ordinary wording) but must not make a neighbouring topic's words look like the measures'.
        self.clause_pairs = {p for text in [*law, *self.questions, *lex.vocabulary] for p in pairs(text)}
        self.english_words = {t for d in english_docs for t in d if " " not in t}

    def prepare(self, question: str) -> Query:
        """Dialect rewrites, then homophone typos put right, then the lexicon's canonical terms added."""
        if is_english(question):
            text = fold(question)
            return Query(text, True, english_tokens(text))
        return self.read(self.speller.correct(normalise(self.lexicon.rewrite(normalise(question)))))

    def read(self, text: str) -> Query:
        """A Chinese text already prepared (a part of a prepared question), with the lexicon's terms added.
        A measure's full title tells which measure is meant (the text keeps it, for that), not which clause:
        its tokens would pull towards the clauses that repeat the title (the first and last articles)."""
        return Query(text, False, tokens(self.lexicon.expand(_without_titles(text))))

    def unfamiliar_share(self, query: Query) -> float:
        """Share of the question's content characters that no pair of the measures, the questions written
        for their clauses or the lexicon covers: 首台套重大技术装备保险补偿 is mostly unfamiliar, 满意度复核 is
        not. In English, the share of its words that no English rendering or English question uses."""
        if query.english:
            words = [t for t in query.tokens if " " not in t]
            return sum(w not in self.english_words for w in words) / len(words) if words else 1.0
        total = unfamiliar = 0
        for run in _CJK.findall(query.text):
            for i, ch in enumerate(run):
                if ch in STOP_CHARS:
                    continue
                total += 1
                if run[max(i - 1, 0):i + 1] not in self.clause_pairs and run[i:i + 2] not in self.clause_pairs:
                    unfamiliar += 1
        return unfamiliar / total if total else 1.0

    def text_coverage(self, query: Query, clause: Clause) -> float:
        """Share of the question's tokens, weighted by rarity, that the clause's own text (or its English
        rendering) uses: a neighbour asking for a fee or a form borrows a clause's subject, not its words."""
        index = self.bm25[query.english]
        weights = {t: index.idf[index.index[t]] if t in index.index else index.rarest for t in set(query.tokens)}
        own = self.own_words[clause.id][query.english]
        total = sum(weights.values())
        return sum(w for t, w in weights.items() if t in own) / total if total else 0.0

    def scores(self, query: Query, cols: list[int] | None = None) -> tuple[np.ndarray, np.ndarray, Prediction | None]:
        """BM25 (raw) and the classifier's score (scaled to its best) per clause, and the prediction."""
        index = self.bm25[query.english]
        bm25 = index.scores(index.columns(query.tokens) if cols is None else cols)
        prediction = self.ranker.predict(query.tokens) if self.ranker else None
        model = np.zeros(len(self.clauses))
        if prediction:
            model[self.learned] = prediction.probabilities[self.classes_of_learned]
            model = model / (model.max() or 1.0)
        return bm25, model, prediction

    def rank(self, question: str | Query) -> Ranking:
        query = question if isinstance(question, Query) else self.prepare(question)
        named = self.lexicon.measures_named(query.text)
        index = self.bm25[query.english]
        cols = index.columns(query.tokens)
        raw, model, prediction = self.scores(query, cols)
        if not raw.any() and not model.any():
            return Ranking([], named, 0.0, prediction)
        bm25_best = float(raw.max())
        score = raw / (bm25_best or 1.0) + MODEL_WEIGHT[query.english] * model
        fuzzy = self.fuzzy(query, np.argsort(-score)[:FUZZY_CANDIDATES])
        score = score + FUZZY_WEIGHT * fuzzy
        if len(named) == 1:
            score = np.where(self.measure_of == next(iter(named)), score, score * OTHER_MEASURE_FACTOR)
        # Stable sort on (-score, corpus order) keeps ties deterministic.
        order = np.lexsort((np.arange(len(score)), -score))
        coverage = index.coverage(int(order[0]), cols)
        hits = [Hit(self.clauses[i], float(score[i])) for i in order[:20]]
        return Ranking(hits, named, coverage, prediction, float(fuzzy.max()), bm25_best)

    def fuzzy(self, query: Query, rows: np.ndarray) -> np.ndarray:
        """For the clauses in `rows` (the others stay 0), rapidfuzz similarity (0–1) of the closest written
        Chinese question."""
        out = np.zeros(len(self.clauses))
        rows = [int(row) for row in rows if int(row) in self.runs]
        if query.english or not rows:
            return out
        texts = [q for row in rows for q in self.questions[slice(*self.runs[row])]]
        sims = process.cdist([query.text], texts, scorer=fuzz.ratio, dtype=np.float32)[0] / 100.0
        starts = np.cumsum([0] + [self.runs[row][1] - self.runs[row][0] for row in rows[:-1]])
        out[rows] = np.maximum.reduceat(sims, starts)
        return out


TITLE_CHARS = 8
"""A measure's name this long is its title (the full name in 《》), not a word a question uses for it."""


@cache
def _titles() -> tuple[str, ...]:
    """The measures' Chinese titles, longest first, so a title goes whole before a shorter one inside it."""
    return tuple(name for name, _ in measure_names() if len(name) >= TITLE_CHARS and not name.isascii())


def _without_titles(text: str) -> str:
    for title in _titles():
        text = text.replace(title, " ")
    return text


def ranker_files() -> list:
    """The shared neighbours' weights and each registered measure's."""
    return [DATA / FILE, *(e.folder / FILE for e in registry().entries.values())]


_BUILDING = threading.Lock()


def retriever(c: Corpus) -> Retriever:
    """The index over one snapshot of the texts; built once per snapshot (usually one per process).
    The lock keeps a server's first concurrent requests from each building one (memory and time)."""
    with _BUILDING:
        return _retriever(c.key, c)


@lru_cache(maxsize=4)
def _retriever(key: tuple, c: Corpus) -> Retriever:
    return Retriever(c, lexicon(), lines(), LinearRanker.load(ranker_files()), gate(),
                     LinearRanker.load([DATA / SCOPE_FILE]))
