"""The engine's own decisions: which checks run, verdict precedence, per-clause outcomes, the
catalogue the dialog engine reads, the Art. 22 calculator, and the CLI's report and exit codes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from checks import (
    Outcome, UnknownCheckError, Verdict, catalogue, describe, fields, profile_model, relevant_checks, run,
)
from checks.cli import run as cli_run
from checks.rules.platform_grading import grade_field

AS_OF = "2026-11-22"
TODAY = date(2026, 11, 22)


def test_only_the_checks_the_figures_bear_on_run_by_default():
    profile = profile_model()(as_of=AS_OF, service_area_sqm=120)
    assert relevant_checks(profile) == ["platform.eligibility"]
    assert [r.check for r in run(profile)] == ["platform.eligibility"]


def test_an_empty_profile_bears_on_no_check():
    assert run(profile_model()(as_of=AS_OF)) == []


def test_entry_figures_alone_do_not_pull_in_the_adjustment_check():
    ids = relevant_checks(profile_model()(as_of=AS_OF, has_fixed_premises=True))
    assert ids == ["voucher.entry"]


def test_an_unknown_check_id_is_refused_in_chinese():
    with pytest.raises(UnknownCheckError) as info:
        run(profile_model()(as_of=AS_OF), ["platform.eligibility", "platform.nope"])
    assert "platform.nope" in str(info.value) and "可选" in str(info.value)


def test_an_unmet_condition_outweighs_missing_figures_and_lists_them_anyway():
    report = run(profile_model()(as_of=AS_OF, service_area_sqm=100), ["platform.eligibility"])[0]
    assert report.verdict is Verdict.not_eligible
    assert "instrument_value_wan" in report.missing
    assert report.fix_first[0].gap.amount == 50 and report.fix_first[0].citation == "platform-7-3"


def test_every_check_lists_fields_that_exist_and_every_rule_reads_only_those():
    for spec in catalogue().values():
        assert spec.fields and set(spec.fields) <= set(fields())
        assert "as_of" not in spec.fields
        assert spec.kind in ("eligibility", "obligation")


def test_the_catalogue_gives_each_check_a_json_schema_of_its_fields():
    entries = {c["id"]: c for c in describe(date(2026, 11, 22))}
    assert list(entries) == list(catalogue())
    schema = entries["platform.eligibility"]["input_schema"]
    assert schema["properties"]["service_area_sqm"]["title"] == "对外服务场地面积"
    assert schema["properties"]["service_area_sqm"]["x-unit"] == "平方米"
    assert schema["properties"]["org_form"]["x-choices"]["legal_person"] == "法人"
    assert list(schema["properties"])[1:] == entries["platform.eligibility"]["fields"]


def test_a_report_serialises_to_json_with_citations_and_labels():
    report = run(profile_model()(as_of=AS_OF, service_area_sqm=120), ["platform.eligibility"])[0].to_dict()
    text = json.dumps(report, ensure_ascii=False)
    area = next(f for f in report["findings"] if f["rule"] == "platform.7-3.area")
    assert area["citation"] == {"id": "platform-7-3", "measure": "platform", "version": "2022", "article": 7, "item": 3,
                                "label": "《上海市专业技术服务平台建设与管理办法》第七条第（三）项",
                                "short_label": "《办法》第七条第（三）项"}
    assert area["message"] == "对外服务场地面积 120 平方米，《办法》第七条第（三）项要求“对外服务场地面积 150 平米以上”，还差 30 平方米。"
    assert report["by_citation"]["platform-7-3"] == "not_met"
    assert "不满足" in text


@pytest.mark.parametrize(("n", "top", "fail"), [(1, 0, 0), (3, 0, 0), (4, 1, 0), (9, 2, 0), (10, 3, 1), (19, 5, 1),
                                                 (20, 6, 2), (25, 7, 2), (100, 30, 10)])
def test_grading_caps_round_down(n, top, fail):
    g = grade_field({f"P{i}": float(100 - i) for i in range(n)}, 30, 10)
    assert (g.top_cap, g.fail_cap) == (top, fail)
    bands = [r.band for r in g.rows]
    assert bands.count("top_eligible") == top and bands.count("fail") == fail


def test_grading_never_exceeds_either_cap_whatever_the_ties():
    scores = {f"P{i}": float(i % 4) for i in range(23)}
    g = grade_field(scores, 30, 10)
    bands = [r.band for r in g.rows]
    assert bands.count("top_eligible") <= g.top_cap and bands.count("fail") <= g.fail_cap


def test_the_cli_prints_a_readable_report_and_exits_1_when_a_check_fails(tmp_path, capsys):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"as_of": AS_OF, "service_area_sqm": 120}), encoding="utf-8")
    assert cli_run(str(path), None, False, TODAY) == 1
    out = capsys.readouterr().out
    assert "服务平台建设申报条件" in out and "还差 30 平方米" in out and "不符合条件" in out


def test_the_cli_prints_json_and_takes_the_checks_from_the_file(tmp_path, capsys):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"profile": {"as_of": AS_OF, "info_updated_on": "2026-01-01"}, "checks": ["voucher.duties"]}),
                    encoding="utf-8")
    assert cli_run(str(path), None, True, TODAY) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["check"] for r in data["reports"]] == ["voucher.duties"]
    assert data["reports"][0]["verdict"] == "incomplete"


@pytest.mark.parametrize(("content", "words"), [
    (None, "找不到文件"),
    ("{not json", "JSON"),
    ('{"fixed_staff": -1}', "固定人员数量"),
    ('[1, 2]', "JSON 对象"),
])
def test_the_cli_explains_bad_input_in_chinese_and_exits_2(tmp_path, capsys, content, words):
    path = tmp_path / "profile.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert cli_run(str(path), None, False, TODAY) == 2
    assert words in capsys.readouterr().err


def test_the_cli_refuses_an_unknown_check(tmp_path, capsys):
    path = tmp_path / "profile.json"
    path.write_text("{}", encoding="utf-8")
    assert cli_run(str(path), ["platform.nope"], False, TODAY) == 2
    assert "platform.nope" in capsys.readouterr().err


def test_by_citation_takes_the_worst_condition_of_a_clause():
    report = run(profile_model()(as_of=AS_OF, org_form="legal_person", registered_in_shanghai=False), ["platform.eligibility"])[0]
    assert report.by_citation["platform-7-1"] is Outcome.not_met
