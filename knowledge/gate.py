"""Whether a question is inside the measures: a few rules, then a logistic regression over a dozen signals
of how well the best clauses explain it, learned from the written banks (clause paraphrases against
neighbouring topics).

No single signal separates the two sides: the classifier's in-scope probability is fooled by a
neighbour that shares the measures' words (another city's scheme of the same name), word coverage by short questions, the
lexicon's topics by in-scope questions that mention them, the two-class in-or-out classifier (training.fit_scope), which
pools what marks any neighbour, by in-scope questions that mention a neighbouring topic. Their weighted sum does, and
the weights are fitted offline (knowledge/training.py, on predictions for lines the ranker did not see, so they
reflect questions nobody wrote for) and kept in knowledge/data/gate.json. The signals name no measure,
so the gate holds for whatever measures are registered.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from .corpus import Corpus
from .lexicon import lexicon
from .registry import DATA

if TYPE_CHECKING:  # retrieval holds the gate; the gate only reads what retrieval computed
    from .retrieval import Query, Ranking, Retriever

FILE = DATA / "gate.json"
SIGNALS = ("in_scope", "best_clause", "coverage", "unfamiliar", "english", "named", "topic_word",
           "foreign_programme", "domain_word", "law_phrase", "fuzzy", "bm25_per_token", "named_and_covered", "scope",
           "text_coverage")


def law_text(c: Corpus) -> str:
    return _law_text(c.key, c)


@cache
def _law_text(key: tuple, c: Corpus) -> str:
    """Every article's text and title, to tell a name the measures use from one they never mention."""
    return "".join(a.heading + a.text for m in c.measures.values() for a in m.articles)


def shares_phrase(text: str, c: Corpus) -> bool:
    """Three Chinese characters in a row that the measures also use (动态调整, 正常经营) mark a question of theirs."""
    chinese = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    law = law_text(c)
    return any(chinese[i:i + 3] in law for i in range(len(chinese) - 2))


ANCHORED_COVERAGE = 0.8
"""A question that names a measure and is this well covered by the best clause is about that measure."""


SURE_IN_SCOPE = 0.9
"""The classifier's in-scope probability above which a neighbouring topic's word does not rule out a question
that names a measure (on the banks' held-out neighbours that name a measure, it stays below this)."""


GATE_SURE = 0.8
"""The gate's probability at which it overrules a decisive neighbouring topic. A service provider's question about
its clients' vouchers (a subsidiary paying with vouchers, a client asking to inflate the amount) uses the enterprise
side's words: on the banks' cross-validated lines the decisive rule refused 16 in-scope lines, 10 of which the gate
puts at 0.8 or more, and 66 neighbours, none of which it does (at 0.5: 13 and 1). On the bank's held-out split,
described questions refused 3.3 → 1.6%, neighbours refused unchanged. The same bar lets a long question's part
overrule a topic's word in the question's background (answer._out_of_scope)."""


def ruled_out(query: "Query", ranking: "Ranking", c: Corpus, p: float | None) -> tuple[bool, str | None]:
    """The rules that need no learning, and the neighbouring topic's name where the lexicon knows one.

    Nothing ranked or another region's scheme is out at once; so is a decisive neighbouring topic (the
    enterprise side of a measure, which names it) unless the classifier is sure of the measure named, or the gate
    is sure the question is in scope (its probability `p` reaches GATE_SURE; None while the gate is being fitted,
    which cannot vouch for the lines it learns from). A neighbouring topic's word is out unless the question names a measure and
    the best clause covers its words, or the classifier is sure of it. Another programme's name (孵化器认定) is left to the gate, which weighs it
    as a signal: as a rule it refused 30 of the banks' cross-validated in-scope lines for 36 neighbours (a
    described 科委认定的技术中心 reads as a programme), and without it the gate refuses 90.9% of the neighbours
    instead of 89.4% within the same 3% of in-scope lines."""
    lex = lexicon()
    topic = None if query.english else lex.off_topic(query.text)
    name = topic.topic if topic else None
    if not ranking.hits or lex.other_region(query.text):
        return True, name
    # A word list matches words, the classifier has read the neighbours' own questions as classes of their
    # own: where it is sure a question naming a measure is that measure's, a neighbour's word in it is incidental.
    sure = (bool(ranking.measures_named) and ranking.prediction is not None
            and ranking.prediction.in_scope >= SURE_IN_SCOPE)
    if topic and topic.decisive and not sure:
        # Where the gate is sure, the rule for a topic's word below would refuse what it let through.
        return not gate_sure(p), name
    anchored = sure or (bool(ranking.measures_named) and ranking.coverage >= ANCHORED_COVERAGE)
    if not query.english and not anchored and topic:
        return True, name
    return False, name


def signals(query: "Query", ranking: "Ranking", r: "Retriever", c: Corpus) -> np.ndarray:
    """The gate's inputs for one question, in the order of SIGNALS."""
    lex = lexicon()
    p = ranking.prediction
    best = p.best_clause if p else 0.0
    chinese = not query.english
    bm25 = ranking.bm25 / max(len(query.tokens), 1)
    scope = r.scope.predict(query.tokens) if r.scope else None
    return np.array([
        p.in_scope if p else 1.0,
        math.log(best + 1e-6),
        ranking.coverage,
        r.unfamiliar_share(query),
        float(query.english),
        float(bool(ranking.measures_named)),
        float(chinese and lex.off_topic(query.text) is not None),
        float(chinese and lex.foreign_programme(query.text, law_text(c)) is not None),
        float(chinese and lex.in_domain(query.text)),
        float(chinese and shares_phrase(query.text, c)),
        ranking.fuzzy,
        bm25,
        # A question that names a measure and whose words the best clause covers is about that measure,
        # whatever neighbouring topic it resembles; a linear gate needs the product to see that.
        float(bool(ranking.measures_named)) * ranking.coverage,
        scope.in_scope if scope else 1.0,
        r.text_coverage(query, ranking.hits[0].clause),
    ])


def probability(query: "Query", ranking: "Ranking", r: "Retriever", c: Corpus) -> float | None:
    """The gate's in-scope probability for a ranked question, computed once and read by the rules and the gate
    alike; None before a gate is trained or with nothing ranked."""
    if r.gate is None or not ranking.hits:
        return None
    return r.gate.probability(signals(query, ranking, r, c))


def gate_sure(p: float | None) -> bool:
    """Whether the gate is sure the question is in scope, sure enough to overrule a neighbouring topic's word."""
    return p is not None and p >= GATE_SURE


def admitted(p: float | None, r: "Retriever") -> bool:
    """Whether a question the rules let through is in scope, from its gate probability `p`: the learned gate decides
    (it already weighs whether a measure is named and how sure the classifier is; admitting those above a fixed
    probability besides rescued none of the banks' held-out in-scope lines and let three neighbours through).
    Without a trained gate, whatever ranks is admitted."""
    return r.gate is None or (p is not None and p >= r.gate.threshold)


@dataclass(frozen=True)
class Gate:
    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    threshold: float
    """Below this probability a question is out of scope; chosen on held-out lines (knowledge/training.py)."""

    def probability(self, x: np.ndarray) -> float:
        z = float(((x - self.mean) / self.scale) @ self.weights + self.bias)
        return 1 / (1 + math.exp(-max(min(z, 30), -30)))

    def to_json(self) -> dict:
        return {"_about": "Weights of the in-scope gate over knowledge/gate.py's SIGNALS; written by "
                          "scripts/train_ranker.py.", "signals": list(SIGNALS), "weights": self.weights.tolist(),
                "bias": self.bias, "mean": self.mean.tolist(), "scale": self.scale.tolist(), "threshold": self.threshold}

    @classmethod
    def from_json(cls, data: dict) -> "Gate":
        if data.get("signals") != list(SIGNALS):
            raise ValueError(f"{FILE} was trained on other signals; run scripts/train_ranker.py")
        return cls(np.array(data["weights"]), data["bias"], np.array(data["mean"]), np.array(data["scale"]),
                   data["threshold"])


@cache
def gate() -> Gate | None:
    """The shipped gate, or None before one is trained (the hotline then answers whatever ranks)."""
    return Gate.from_json(json.loads(FILE.read_text(encoding="utf-8"))) if FILE.exists() else None
