"""The shipped in-or-out classifier (knowledge/data/scope.npz), one of the gate's signals: it loads in the ranker's
format and tells the measures' questions from their neighbours' on lines of both kinds from the banks."""

from datetime import date

import pytest

from knowledge.bank import lines
from knowledge.corpus import corpus
from knowledge.gate import GATE_SURE, SIGNALS, gate, ruled_out
from knowledge.lexicon import lexicon
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


@pytest.mark.parametrize("probability, refused", [(GATE_SURE, False), (GATE_SURE - 0.01, True)])
def test_a_decisive_neighbouring_topic_is_overruled_only_by_a_sure_gate(probability, refused):
    """A provider asking about a client it controls paying with vouchers uses the enterprise side's words (用创新券):
    the decisive topic refuses it unless the gate is sure; while the gate is fitted (no probability) the rule holds."""
    c = corpus(date(2026, 11, 22))
    r = retriever(c)
    query = r.prepare("我们控股的企业想用创新券下单给我们做测试，可以吗？")
    ranking = r.rank(query)
    assert lexicon().off_topic(query.text).decisive
    assert ruled_out(query, ranking, c, probability)[0] is refused
    assert ruled_out(query, ranking, c, None)[0]
