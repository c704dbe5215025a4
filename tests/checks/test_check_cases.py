"""Runs the table of cases in tests/checks/cases/, one file per check, each case named as a sentence.

A case gives a profile (merged over the file's base; null clears a field) and what must come out:
the verdict, outcomes per rule and per citation, gaps, words the sentence must say, missing fields,
measure validity. Every rule of a check must be exercised by at least one case of its file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks import catalogue, profile_model, run

CASES = Path(__file__).resolve().parent / "cases"
FILES = sorted(CASES.glob("*.json"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _cases():
    for path in FILES:
        data = _load(path)
        for case in data["cases"]:
            yield pytest.param(data["check"], {**data.get("base", {}), **case["profile"]}, case["expect"],
                               id=case["name"])


def test_there_is_one_case_file_per_check():
    assert sorted(p.stem for p in FILES) == sorted(catalogue())
    for path in FILES:
        assert _load(path)["check"] == path.stem


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_rule_of_a_check_is_exercised_by_its_cases(path):
    data = _load(path)
    exercised = {rule for case in data["cases"] for rule in case["expect"].get("outcomes", {})}
    rules = {r.id for r in catalogue()[data["check"]].rules}
    assert rules <= exercised, f"rules without a case: {sorted(rules - exercised)}"
    assert exercised <= rules, f"cases name unknown rules: {sorted(exercised - rules)}"


@pytest.mark.parametrize(("check", "profile", "expect"), list(_cases()))
def test_case(check, profile, expect):
    report = run(profile_model().model_validate(profile), [check])[0]
    by_rule = {f.rule: f for f in report.findings}

    if "verdict" in expect:
        assert report.verdict.value == expect["verdict"], report.summary
    for rule, outcome in expect.get("outcomes", {}).items():
        assert by_rule[rule].outcome.value == outcome, by_rule[rule].message
    for cid, outcome in expect.get("by_citation", {}).items():
        assert report.by_citation[cid].value == outcome, report.by_citation
    for rule, amount in expect.get("gap", {}).items():
        gap = by_rule[rule].gap
        assert gap is not None and gap.amount == pytest.approx(amount), by_rule[rule].message
    for rule, words in expect.get("says", {}).items():
        text = by_rule[rule].message + (by_rule[rule].convention or "")
        for word in words:
            assert word in text, text
    for field in expect.get("missing", []):
        assert field in report.missing, report.missing
    if "fix_first" in expect:
        assert len(report.fix_first) == expect["fix_first"], [x.message for x in report.fix_first]
    if "notices" in expect:
        assert len(report.notices) == expect["notices"], report.notices
    statuses = {m.measure: m for m in report.measures}
    for measure, soon in expect.get("expires_soon", {}).items():
        assert statuses[measure].expires_soon is soon, statuses[measure].message
    for measure, in_force in expect.get("in_force", {}).items():
        assert statuses[measure].in_force is in_force, statuses[measure].message
    for rule, values in expect.get("details", {}).items():
        details = report.to_dict()["details"][rule]
        for key, value in values.items():
            assert _dig(details, key) == value, details


def _dig(data, dotted: str):
    for part in dotted.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data
