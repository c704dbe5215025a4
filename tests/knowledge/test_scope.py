"""The shipped in-or-out classifier (knowledge/data/scope.npz), one of the gate's signals: it loads in the ranker's
format and tells the measures' questions from their neighbours' on lines of both kinds from the banks."""

from datetime import date

from knowledge.bank import lines
from knowledge.corpus import corpus
from knowledge.gate import SIGNALS, gate
from knowledge.ranker import NEIGHBOUR, SCOPE_IN
from knowledge.retrieval import retriever


def test_the_scope_classifier_is_shipped_and_read_by_the_gate():
    r = retriever(corpus(date(2026, 11, 22)))
    assert r.scope is not None and r.scope.classes == [SCOPE_IN, NEIGHBOUR + "any"]
    assert "scope" in SIGNALS and gate() is not None


def test_it_gives_the_measures_questions_more_chance_of_being_in_scope_than_their_neighbours():
    r = retriever(corpus(date(2026, 11, 22)))
    written = lines()
    inside = [r.scope.predict(r.prepare(line.question).tokens).in_scope for line in written if line.clause][:400]
    outside = [r.scope.predict(r.prepare(line.question).tokens).in_scope for line in written if not line.clause][:400]
    # Trained on these lines, so this checks the file and its reading, not generalisation (compare_rankers does).
    assert sum(p >= 0.5 for p in inside) / len(inside) > 0.9
    assert sum(p < 0.5 for p in outside) / len(outside) > 0.9


def test_text_coverage_counts_the_clauses_own_words_not_the_questions_written_for_it():
    r = retriever(corpus(date(2026, 11, 22)))
    clause = corpus(date(2026, 11, 22)).clause("platform-7-3")
    own = r.text_coverage(r.prepare("对外服务场地面积要多少平米"), clause)
    borrowed = r.text_coverage(r.prepare("场地租金发票怎么开"), clause)
    assert own > 0.5 > borrowed
    # The clause's own text: all but the odd term the lexicon adds across a figure's unit.
    assert r.text_coverage(r.prepare(clause.text), clause) > 0.95
