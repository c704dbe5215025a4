"""Every clause a rule, a check, a field or a parameter cites resolves in the text it belongs to, and every
dated parameter value appears, number and words, in the clause of the version in force on its date."""

from __future__ import annotations

import inspect
import re

import pytest

from checks import catalogue, fields
from checks._params import _series, all_values
from knowledge import corpus, registry
from knowledge.numerals import cn_to_int

RULES = [r for spec in catalogue().values() for r in spec.rules]
VERSIONS = [(e.id, v) for e in registry().entries.values() for v in e.versions]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_citation_resolves_in_every_version_of_its_measure(rule):
    measure = rule.id.split(".")[0]
    for entry_id, version in VERSIONS:
        if entry_id == measure:
            assert corpus(version.effective_from).clause(rule.citation) is not None, (rule.citation, version.version)


@pytest.mark.parametrize("check", list(catalogue()))
def test_every_check_article_resolves_and_belongs_to_its_measure(check):
    spec = catalogue()[check]
    for cid in spec.articles:
        assert cid.startswith(spec.measure + "-")
        for entry_id, version in VERSIONS:
            if entry_id == spec.measure:
                assert corpus(version.effective_from).clause(cid) is not None, cid


@pytest.mark.parametrize("name", [n for n, s in fields().items() if s.citation])
def test_every_field_citation_resolves_in_its_own_measure(name):
    spec = fields()[name]
    assert spec.citation.startswith(spec.measure + "-")
    assert corpus(registry()[spec.measure].versions[-1].effective_from).clause(spec.citation) is not None


@pytest.mark.parametrize("name", list(fields()))
def test_every_placeholder_in_a_reason_names_a_parameter(name):
    series, _ = _series()
    assert set(fields()[name].placeholders()) <= set(series)


VALUES = all_values()


def _numbers_in(quote: str) -> set[float]:
    found = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", quote)}
    found |= {float(v) for chunk in re.findall(r"[零〇一二两三四五六七八九十百千]+", quote) if (v := cn_to_int(chunk)) is not None}
    if "半年" in quote:
        found.add(6.0)  # 半年, in months
    if "一季度" in quote:
        found.add(1.0)
    return found


@pytest.mark.parametrize("key, since, value", VALUES, ids=[f"{k}@{d}" for k, d, _ in VALUES])
def test_every_parameter_value_is_quoted_verbatim_from_the_clause_in_force_on_its_date(key, since, value):
    clause = corpus(since).clause(value["reference"])
    assert clause is not None, value["reference"]
    assert _squash(value["quote"]) in _squash(clause.text), (value["quote"], clause.text)
    assert float(value["value"]) in _numbers_in(value["quote"]), (value["value"], value["quote"])


def test_every_parameter_is_read_by_a_rule():
    sources = "".join(inspect.getsource(inspect.getmodule(r.fn)) for r in RULES)
    series, _ = _series()
    assert [k for k in series if f'"{k}"' not in sources] == []


def test_every_stated_reading_says_what_and_why_and_cites_a_clause_it_has():
    _, readings = _series()
    for reading in readings.values():
        assert reading.rule and reading.why, reading.id
        if reading.citation:
            measure = reading.citation.split("-")[0]
            assert corpus(registry()[measure].versions[-1].effective_from).clause(reading.citation) is not None
