"""Times all eleven checks for one profile, in-process; the target is at most 1 ms per profile.

Run: .venv/bin/python benchmarks/bench_checks.py [--repeat N]
Prints, per sample profile, the median time of `run(profile, all checks)`, and separately the time
to validate the profile from a dict (what an API request adds). Exit status 1 if a median exceeds
the target, so CI can hold the line.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checks import CATALOGUE, Profile, run  # noqa: E402

TARGET_MS = 1.0
ALL = list(CATALOGUE)

PROFILES = {
    "empty": {"as_of": "2026-11-22"},
    "platform applicant": {
        "as_of": "2026-11-22", "org_form": "legal_person", "registered_in_shanghai": True, "service_clients": 45,
        "industry_units_total": 120, "service_revenue_wan": "480万", "instrument_value_wan": 520, "service_area_sqm": 149,
        "fixed_staff": 14, "qualified_staff": 4, "declares_plan_alignment": True, "declares_distinctive_services": True,
        "has_management_rules": True, "software_or_research_focus": False, "duplicates_existing_platform": False,
    },
    "running platform, 40 in its field": {
        "as_of": "2026-11-22", "construction_started_on": "2023-05-01", "construction_accepted_on": "2025-04-20",
        "director_months_per_year": 7, "has_org_structure_and_plan": True, "has_independent_accounts": True,
        "has_internal_rules": True, "has_full_time_secretary": True, "has_service_procedures": True,
        "publishes_service_info": True, "shares_large_instruments": True, "annual_report_submitted": False,
        "director_change": "filed", "structural_change": "none", "platform_grades": ["良好", "不合格"],
        "field_scores": {f"平台{i:02d}": 100 - i * 1.5 for i in range(40)}, "own_platform": "平台37",
        "accepts_supervision": True, "platform_rectification": "in_progress", "serious_fraud_in_evaluation": False,
        "host_unable_to_continue": False,
    },
    "voucher institution, every field": {
        "as_of": "2026-11-22", "org_form": "legal_person", "established_on": "2018-03-01", "has_fixed_premises": True,
        "declares_professional_team": True, "has_service_specification": True, "has_financial_rules": True,
        "declares_research_integrity": True, "verified_on": "2026-03-02", "joined_voucher_platform_on": "2024-01-15",
        "info_updated_on": "2025-10-01", "last_order_on": "2026-06-01", "responds_to_orders": True,
        "has_voucher_service_rules": True, "keeps_order_records": True, "cooperates_with_reviews": True,
        "voucher_grades": ["合格", "良好"], "received_instrument_sharing_reward": False, "service_category_count": 2,
        "ignores_orders_without_reason": False, "voucher_rectification": "none", "false_entry_materials": False,
        "service_fraud": False, "voucher_fund_fraud": False, "refuses_supervision": False, "related_party_orders": True,
        "related_party_fair": True, "subcontracts_orders": False,
    },
}


def _median_ms(fn, repeat: int) -> float:
    fn()  # warm the caches (corpus, parameters, citations)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    worst = 0.0
    print(f"{'profile':36} {'all 11 checks':>14} {'validate':>10}")
    for name, data in PROFILES.items():
        profile = Profile.model_validate(data)
        checks_ms = _median_ms(lambda: run(profile, ALL), args.repeat)
        validate_ms = _median_ms(lambda: Profile.model_validate(data), args.repeat)
        worst = max(worst, checks_ms)
        print(f"{name:36} {checks_ms:11.3f} ms {validate_ms:7.3f} ms")
    verdict = "ok" if worst <= TARGET_MS else "TOO SLOW"
    print(f"worst median {worst:.3f} ms per profile (target ≤ {TARGET_MS} ms): {verdict}")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
