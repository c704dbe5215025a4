"""Property tests: no profile crashes the engine, and raising a figure never turns met into not met."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from checks import CATALOGUE, FIELDS, Outcome, Profile, params, run
from api.schemas.checks import CheckReportOut
from checks.errors import chinese_message

AS_OF = date(2026, 11, 22)
DATES = st.dates(date(2015, 1, 1), AS_OF)


def _value(name: str):
    spec = FIELDS[name]
    return {
        "int": st.integers(0, 5000), "wan": st.floats(0, 5000, allow_nan=False), "sqm": st.floats(0, 2000, allow_nan=False),
        "months": st.floats(0, 12, allow_nan=False), "year": st.integers(2020, 2031), "date": DATES,
        "bool": st.booleans(), "choice": st.sampled_from(sorted(spec.choices)),
        "grades": st.lists(st.sampled_from(sorted(spec.choices)), max_size=5),
        "scores": st.dictionaries(st.text(min_size=1, max_size=4).filter(str.strip).map(str.strip),
                                  st.floats(0, 100, allow_nan=False), min_size=1, max_size=30),
        "text": st.just("P"),
    }[spec.kind]


FIELD_NAMES = [n for n in FIELDS if n != "as_of"]
PROFILES = st.fixed_dictionaries({}, optional={n: _value(n) for n in FIELD_NAMES}).map(
    lambda d: {**d, "as_of": AS_OF})
FIGURES = ("service_clients", "service_revenue_wan", "instrument_value_wan", "service_area_sqm", "fixed_staff",
           "qualified_staff")
RANK = {Outcome.met: 0, Outcome.needs_review: 1, Outcome.not_met: 2}


def _validate(data: dict) -> Profile:
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            assert chinese_message(error)
        assume(False)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(PROFILES)
def test_no_valid_profile_crashes_any_check(data):
    profile = _validate(data)
    reports = run(profile, list(CATALOGUE))
    assert len(reports) == len(CATALOGUE)
    for report in reports:
        # What POST /checks sends must fit its documented response model.
        CheckReportOut.model_validate(json.loads(json.dumps(report.to_dict(), ensure_ascii=False)))
        assert report.summary


JUNK = st.one_of(st.none(), st.booleans(), st.integers(-10**9, 10**9), st.floats(), st.text(max_size=12),
                 st.lists(st.text(max_size=3), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=3))


@settings(max_examples=300)
@given(st.dictionaries(st.sampled_from(list(FIELDS)), JUNK, max_size=12))
def test_junk_input_is_refused_cleanly_or_runs_cleanly(data):
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            assert chinese_message(error)
        return
    for report in run(profile, list(CATALOGUE)):
        json.dumps(report.to_dict(), ensure_ascii=False)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(PROFILES, st.sampled_from(FIGURES), st.integers(1, 500))
def test_raising_a_figure_never_turns_met_into_not_met(data, figure, step):
    base = _validate(data)
    raised = dict(data)
    if figure == "qualified_staff":
        # More qualified people are also more fixed staff: the pair rises together.
        raised["qualified_staff"] = (data.get("qualified_staff") or 0) + step
        raised["fixed_staff"] = (data.get("fixed_staff") or 0) + step
    else:
        raised[figure] = (data.get(figure) or 0) + step
    higher = _validate(raised)
    before = {f.rule: f.outcome for r in run(base, list(CATALOGUE)) for f in r.findings}
    after = {f.rule: f.outcome for r in run(higher, list(CATALOGUE)) for f in r.findings}
    for rule, outcome in before.items():
        if outcome is Outcome.met:
            # More unqualified staff can lower the qualified share: Art. 7(4) says so itself.
            if figure == "fixed_staff" and rule == "platform.7-4.qualified_share":
                continue
            assert after[rule] is Outcome.met, (rule, figure, after[rule])


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(PROFILES)
def test_rules_declare_their_monotone_figures_truthfully(data):
    base = _validate(data)
    for spec in CATALOGUE.values():
        for rule in spec.rules:
            for figure in rule.monotone:
                raised = {**data, figure: (data.get(figure) or 0) + 1}
                if figure == "qualified_staff":
                    raised["fixed_staff"] = (data.get("fixed_staff") or 0) + 1
                higher = _validate(raised)
                a, b = rule.fn(base, params()).outcome, rule.fn(higher, params()).outcome
                if a in RANK and b in RANK:
                    assert RANK[b] <= RANK[a], (rule.id, figure, a, b)
