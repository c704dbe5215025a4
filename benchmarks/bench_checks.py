"""Times the checks and the figure reader in-process, and prints the figures; targets: every check for one
profile in at most 1 ms, a typed figure read in at most 50 µs.

Run: .venv/bin/python benchmarks/bench_checks.py [--repeat N]
Prints, per sample profile, the median time of `run(profile, every check)` — with exact figures, and the
same profile said approximately (将近500万, 2024年11月), whose spans make the engine run a rule at both
ends — the time to validate the profile from a dict (what an API request adds), and the reader's median
per typed answer over the blind table of typed answers (tests/checks/data/typed_answers.jsonl).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks import Unreadable, catalogue, fields, profile_model, read, run  # noqa: E402

TARGET_MS = 1.0
TARGET_READ_US = 50.0
ALL = list(catalogue())

PROFILES = {
    "empty": {"as_of": "2026-11-22"},
    "platform applicant": {
        "as_of": "2026-11-22", "org_form": "legal_person", "registered_in_shanghai": True, "service_clients": 45,
        "industry_units_total": 120, "service_revenue_wan": 480, "instrument_value_wan": 520, "service_area_sqm": 149,
        "fixed_staff": 14, "qualified_staff": 4, "declares_plan_alignment": True, "declares_distinctive_services": True,
        "has_management_rules": True, "software_or_research_focus": False, "duplicates_existing_platform": False,
    },
    "platform applicant, said approximately": {
        "as_of": "2026-11-22", "org_form": "有限公司", "registered_in_shanghai": "是", "service_clients": "约50家",
        "industry_units_total": "一百多家", "service_revenue_wan": "将近500万", "instrument_value_wan": "五六百万",
        "service_area_sqm": "不足两百平", "fixed_staff": "十五人左右", "qualified_staff": "5人",
        "declares_plan_alignment": "是", "declares_distinctive_services": "是", "has_management_rules": "有",
        "software_or_research_focus": "不是", "duplicates_existing_platform": "没有",
    },
    "running platform, 40 in its field": {
        "as_of": "2026-11-22", "construction_started_on": "2023-05-01", "construction_accepted_on": "2025-04-20",
        "director_months_per_year": 7, "has_org_structure_and_plan": True, "has_independent_accounts": True,
        "has_internal_rules": True, "has_full_time_secretary": True, "has_service_procedures": True,
        "publishes_service_info": True, "shares_large_instruments": True, "annual_report_submitted": False,
        "director_change": "filed", "structural_change": "none", "platform_grades": ["良好", "不合格"],
        "field_scores": {f"P{i:02d}": 100 - i * 1.5 for i in range(40)}, "own_platform": "P37",
        "accepts_supervision": True, "platform_rectification": "in_progress", "serious_fraud_in_evaluation": False,
        "host_unable_to_continue": False,
    },
    "voucher institution, every field": {
        "as_of": "2026-11-22", "org_form": "legal_person", "established_on": "2018-03-01", "operating_normally": True,
        "has_fixed_premises": True, "declares_professional_team": True, "has_service_specification": True,
        "has_financial_rules": True, "declares_research_integrity": True, "verified_on": "2026-03-02",
        "joined_voucher_platform_on": "2024-01-15", "info_updated_on": "2025-10-01", "last_order_on": "2026-06-01",
        "responds_to_orders": True, "has_voucher_service_rules": True, "keeps_order_records": True,
        "cooperates_with_reviews": True, "voucher_grades": ["合格", "良好"], "received_instrument_sharing_reward": False,
        "service_category_count": 2, "ignores_orders_without_reason": False, "voucher_rectification": "none",
        "false_entry_materials": False, "service_fraud": False, "voucher_fund_fraud": False, "refuses_supervision": False,
        "related_party_orders": True, "related_party_fair": True, "subcontracts_orders": False,
    },
    "voucher institution, dates by month": {
        "as_of": "2026-11-22", "org_form": "法人", "established_on": "2022年11月底", "joined_voucher_platform_on": "2024年10月",
        "info_updated_on": "去年底", "last_order_on": "从来没有接过订单", "voucher_rectification": "没有按期完成",
    },
}


def _median(fn, repeat: int) -> float:
    fn()  # warm the caches (texts, parameters, citations)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _read_all(rows: list[dict]) -> None:
    specs = fields()
    for row in rows:
        try:
            read(specs[row["field"]], row["typed"], date.fromisoformat(row["today"]))
        except Unreadable:
            pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1000)
    args = parser.parse_args()
    model = profile_model()
    worst = 0.0
    print(f"{'profile':42} {'run (ms)':>9} {'validate (ms)':>14}")
    for name, data in PROFILES.items():
        profile = model.model_validate(data)
        ran = _median(lambda: run(profile, ALL), args.repeat) * 1000
        validated = _median(lambda: model.model_validate(data), args.repeat) * 1000
        worst = max(worst, ran)
        print(f"{name:42} {ran:9.3f} {validated:14.3f}")
    rows = [json.loads(line) for line in (ROOT / "tests/checks/data/typed_answers.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    per_answer = _median(lambda: _read_all(rows), max(args.repeat // 50, 10)) / len(rows) * 1e6
    print(f"\nreader: {per_answer:.1f} µs a typed answer (median over {len(rows)} answers of every kind)")
    print(f"targets: run ≤ {TARGET_MS} ms (worst {worst:.3f} ms), reader ≤ {TARGET_READ_US} µs")
    return 0 if worst <= TARGET_MS and per_answer <= TARGET_READ_US else 1


if __name__ == "__main__":
    sys.exit(main())
