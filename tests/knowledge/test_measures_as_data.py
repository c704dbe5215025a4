"""A measure is data: a successor version answers for its own dates, and a changed threshold changes
what every result says. Each case builds a copy of knowledge/measures in a temporary folder, changes
it there (the real data stays as it is) and runs the assistant on it in a fresh process, the way a
deployment would load it ($ASSISTANT_MEASURES)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MEASURES = ROOT / "knowledge" / "measures"


def run_with(measures: Path, code: str) -> dict:
    """Runs `code` (which prints one JSON object) in a new interpreter on the given measure folders."""
    env = {**os.environ, "ASSISTANT_MEASURES": str(measures), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def add_successor(folder: Path) -> None:
    """A fictional successor of the platform measure, in force from 2027-04-01, with one changed threshold:
    instruments of at least 600万元 instead of 500万元 (Art. 7(3))."""
    meta = json.loads((folder / "measure.json").read_text(encoding="utf-8"))
    old = meta["versions"][-1]
    text = (folder / old["text"]).read_text(encoding="utf-8").replace(
        "对外服务仪器设施价值总额不低于 500 万元人民币", "对外服务仪器设施价值总额不低于 600 万元人民币")
    (folder / "text-2027.json").write_text(text, encoding="utf-8")
    meta["versions"].append({**old, "id": "2027", "number": "沪科规〔2027〕9号（测试用虚构文本）",
                             "issued_on": "2027-03-01", "effective_from": "2027-04-01",
                             "effective_until": "2032-03-31", "text": "text-2027.json", "english": None})
    (folder / "measure.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    params = json.loads((folder / "parameters.json").read_text(encoding="utf-8"))
    params["parameters"]["platform.instrument_value_min_wan"]["values"].append(
        {"from": "2027-04-01", "value": 600, "reference": "platform-7-3", "quote": "对外服务仪器设施价值总额不低于 600 万元"})
    (folder / "parameters.json").write_text(json.dumps(params, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def with_successor(tmp_path_factory) -> Path:
    measures = tmp_path_factory.mktemp("measures")
    shutil.copytree(MEASURES, measures, dirs_exist_ok=True)
    add_successor(measures / "platform")
    return measures


CHECK_ON = """
import json
from checks import profile_model, run
out = {}
for day in ("2027-03-31", "2027-04-01"):
    report = run(profile_model().model_validate({"as_of": day, "instrument_value_wan": 550}), ["platform.eligibility"])[0]
    f = next(f for f in report.findings if f.rule == "platform.7-3.instruments")
    validity = next(f for f in report.findings if f.rule == "platform.validity")
    out[day] = {"outcome": f.outcome.value, "message": f.message, "version": f.citation.version,
                "threshold": f.threshold["value"], "validity": validity.outcome.value, "validity_text": validity.message}
print(json.dumps(out, ensure_ascii=False))
"""


def test_a_check_dated_on_the_successors_first_day_uses_its_threshold_and_cites_it(with_successor):
    out = run_with(with_successor, CHECK_ON)["2027-04-01"]
    assert out["threshold"] == 600 and out["outcome"] == "not_met" and out["version"] == "2027"
    assert "600" in out["message"] and "还差 50" in out["message"]
    assert out["validity"] == "met" and "沪科规〔2027〕9号" in out["validity_text"]


def test_a_check_dated_the_day_before_uses_the_old_text(with_successor):
    out = run_with(with_successor, CHECK_ON)["2027-03-31"]
    assert out["threshold"] == 500 and out["outcome"] == "met" and out["version"] == "2022"
    assert "500" in out["message"]


ASK_ON = """
import json
from datetime import date
from knowledge import ask
out = {}
for day in ("2027-03-31", "2027-04-01"):
    a = ask("第七条第三项", date.fromisoformat(day))
    out[day] = {"text": a.citations[0].text, "version": a.citations[0].version, "notices": a.notices}
print(json.dumps(out, ensure_ascii=False))
"""


def test_the_hotline_quotes_the_text_in_force_on_the_day_asked(with_successor):
    out = run_with(with_successor, ASK_ON)
    assert "不低于 500 万元" in out["2027-03-31"]["text"] and out["2027-03-31"]["version"] == "2022"
    assert "不低于 600 万元" in out["2027-04-01"]["text"] and out["2027-04-01"]["version"] == "2027"
    assert not any("已经失效" in n for n in out["2027-04-01"]["notices"])


def test_without_a_successor_a_question_after_expiry_says_the_text_has_lapsed():
    out = run_with(MEASURES, ASK_ON)
    assert any("已经失效" in n for n in out["2027-04-01"]["notices"])


SENTENCES = """
import json
from checks import catalogue, law, profile_model, run
figures = {"service_clients": 1, "industry_units_total": 1000, "service_revenue_wan": 1, "instrument_value_wan": 1,
           "service_area_sqm": 1, "fixed_staff": 1, "qualified_staff": 0, "director_months_per_year": 1,
           "construction_started_on": "2020-01-01", "construction_accepted_on": "never",
           "established_on": "2026-10-01", "joined_voucher_platform_on": "2026-10-01",
           "info_updated_on": "2020-01-01", "last_order_on": "2020-01-01", "verified_on": "2026-11-20",
           "platform_grades": ["不合格", "不合格"], "field_scores": {"P%d" % i: 100 - i for i in range(20)}, "own_platform": "P19"}
p = profile_model().model_validate({"as_of": "2026-11-22", **figures})
said = {}
for report in run(p, list(catalogue())):
    for f in report.findings:
        for th in (f.threshold or {}).get("any_of", (f.threshold or {}).get("all_of", [f.threshold] if f.threshold else [])):
            said.setdefault(th["param"], []).append(f.message + (f.convention or ""))
print(json.dumps({"said": said, "params": sorted(law(p.as_of).thresholds)}, ensure_ascii=False))
"""


def test_every_threshold_sentence_says_the_value_in_the_data(tmp_path):
    """Each parameter's value is set to an unusual number in a copy of the data (its quote too): every
    finding that reports against that parameter must say the new number — no rule restates a threshold."""
    shutil.copytree(MEASURES, tmp_path, dirs_exist_ok=True)
    changed: dict[str, str] = {}
    for folder in tmp_path.iterdir():
        path = folder / "parameters.json"
        if not path.exists():
            continue
        params = json.loads(path.read_text(encoding="utf-8"))
        for key, series in params["parameters"].items():
            value = series["values"][-1]
            old = str(value["value"])
            if old not in value["quote"] or series["unit"] in ("季度",):
                continue  # 半年, 一季度: words, not digits (their own tests cover them)
            new = str(int(value["value"]) * 10 + 3)
            value["quote"] = value["quote"].replace(old, new, 1)
            value["value"] = int(new)
            changed[key] = new
        path.write_text(json.dumps(params, ensure_ascii=False), encoding="utf-8")
        text_path = folder / json.loads((folder / "measure.json").read_text(encoding="utf-8"))["versions"][-1]["text"]
        # The quotes must still be found in the clauses: rewrite the clauses' numbers alike.
        text = text_path.read_text(encoding="utf-8")
        for key, series in params["parameters"].items():
            if key in changed:
                original = json.loads((MEASURES / folder.name / "parameters.json").read_text(encoding="utf-8"))
                before = original["parameters"][key]["values"][-1]["quote"]
                text = text.replace(before, series["values"][-1]["quote"])
        text_path.write_text(text, encoding="utf-8")
    out = run_with(tmp_path, SENTENCES)
    assert len(changed) >= 10
    for key, new in changed.items():
        messages = out["said"].get(key, [])
        assert messages, f"no finding reported against {key}"
        assert all(new in m for m in messages), (key, new, messages[:1])
