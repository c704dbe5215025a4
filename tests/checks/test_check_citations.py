"""Every clause a rule, a check, a field or a parameter cites resolves in the knowledge base, and every
threshold in checks/data appears, number and words, in the clause it cites."""

from __future__ import annotations

import re

import pytest

from checks import CATALOGUE, FIELDS, params
from knowledge import corpus
from knowledge.numerals import cn_to_int

RULES = [r for spec in CATALOGUE.values() for r in spec.rules]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_citation_resolves(rule):
    clause = corpus().clause(rule.citation)
    assert clause is not None
    assert rule.id.split(".")[0] == clause.measure


@pytest.mark.parametrize("check", list(CATALOGUE))
def test_every_check_article_resolves_and_belongs_to_its_measure(check):
    spec = CATALOGUE[check]
    for cid in spec.articles:
        assert corpus().clause(cid) is not None, cid
        assert cid.startswith(spec.measure + "-")


@pytest.mark.parametrize("name", list(FIELDS))
def test_every_field_citation_resolves(name):
    assert corpus().clause(FIELDS[name].citation) is not None


THRESHOLDS = list(params().thresholds.values())


def _numbers_in(quote: str) -> set[float]:
    found = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", quote)}
    found |= {float(v) for chunk in re.findall(r"[零〇一二两三四五六七八九十百千]+", quote) if (v := cn_to_int(chunk)) is not None}
    if "半年" in quote:
        found.add(6.0)  # 半年, in months
    return found


@pytest.mark.parametrize("th", THRESHOLDS, ids=[t.id for t in THRESHOLDS])
def test_every_threshold_is_quoted_verbatim_from_its_clause(th):
    clause = corpus().clause(th.citation)
    assert clause is not None, th.citation
    assert _squash(th.quote) in _squash(clause.text), (th.quote, clause.text)
    assert float(th.value) in _numbers_in(th.quote), (th.value, th.quote)


def test_every_threshold_is_used_by_a_rule():
    import inspect
    sources = "".join(inspect.getsource(r.fn) for r in RULES)
    from checks import _validity, _voucher
    sources += inspect.getsource(_validity) + inspect.getsource(_voucher)
    unused = [t.id for t in THRESHOLDS if f'"{t.id}"' not in sources]
    assert unused == []


@pytest.mark.parametrize("choice", list(params().choices.values()), ids=list(params().choices))
def test_every_stated_choice_cites_a_clause(choice):
    assert corpus().clause(choice.citation) is not None
    assert choice.rule and choice.why
