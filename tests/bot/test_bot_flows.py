"""Every self-check flow driven turn by turn with typed text, from the words that start it to the result."""

from __future__ import annotations

import pytest

from bot.models import ReviewBlock

from bot_dialog_driver import Chat

VOUCHER_ENTRY = {
    "org_form": "有限公司", "established_on": "2023年5月", "has_fixed_premises": "有",
    "declares_professional_team": "是", "has_service_specification": "是的", "has_financial_rules": "有",
    "declares_research_integrity": "是", "verified_on": "跳过", "operating_normally": "是",
}
PLATFORM_APPLY = {
    "org_form": "法人", "registered_in_shanghai": "是", "service_clients": "40家", "industry_units_total": "不知道",
    "service_revenue_wan": "五百万", "declares_plan_alignment": "是", "declares_distinctive_services": "是",
    "instrument_value_wan": "0.05亿", "service_area_sqm": "120平米", "fixed_staff": "十五个", "qualified_staff": "3人",
    "has_management_rules": "有", "software_or_research_focus": "否", "duplicates_existing_platform": "没有",
}
PLATFORM_DUTIES = {
    "construction_started_on": "2022.3.1", "construction_accepted_on": "2023-12-20",
    "has_org_structure_and_plan": "是", "has_independent_accounts": "是", "has_internal_rules": "是",
    "director_months_per_year": "4个月", "has_full_time_secretary": "没有", "has_service_procedures": "有",
    "publishes_service_info": "是", "shares_large_instruments": "是", "annual_report_submitted": "是",
    "director_change": "未更换", "structural_change": "没有此类变更", "platform_grades": "一般、不合格",
    "accepts_supervision": "是", "platform_rectification": "正在整改", "serious_fraud_in_evaluation": "否",
    "host_unable_to_continue": "否",
}
VOUCHER_DUTIES = {
    "responds_to_orders": "是", "has_voucher_service_rules": "是", "info_updated_on": "2024-06-01",
    "keeps_order_records": "是", "cooperates_with_reviews": "是", "joined_voucher_platform_on": "2023-01-10",
    "evaluation_notice_on": "跳过", "voucher_grades": "良好", "received_instrument_sharing_reward": "否",
    "service_category_count": "2类", "last_order_on": "2025年3月", "never_had_order": "否",
    "false_entry_materials": "否", "service_fraud": "否", "voucher_fund_fraud": "否", "refuses_supervision": "否",
    "org_form": "法人", "established_on": "2019-05-01", "has_fixed_premises": "是",
    "declares_professional_team": "是", "has_service_specification": "是", "has_financial_rules": "是",
    "declares_research_integrity": "是", "voucher_rectification": "没有整改要求",
    "ignores_orders_without_reason": "否", "related_party_orders": "否", "related_party_fair": "是",
    "subcontracts_orders": "否", "operating_normally": "是",
}


@pytest.mark.parametrize("words,flow", [
    ("我想申请服务平台", "platform_apply"),
    ("我们能不能申报专业技术服务平台", "platform_apply"),
    ("能不能入驻创新券平台", "voucher_entry"),
    ("我们想加入创新券平台当服务机构", "voucher_entry"),
    ("帮我看看我们机构", "health"),
    ("给我们单位做个全面体检", "health"),
    ("我们已经入驻创新券平台了，有哪些义务和风险", "voucher_duties"),
    ("我们已经是服务平台，想自查一下运行风险", "platform_duties"),
])
def test_words_start_the_matching_flow(chat, words, flow):
    chat.say(words)
    assert chat.state.flow == flow
    assert chat.turn.prompt is not None


@pytest.mark.parametrize("flow", ["platform_apply", "voucher_entry", "platform_duties", "voucher_duties", "health"])
def test_a_menu_button_starts_each_flow(chat, flow):
    chat.press({"platform_apply": "能否申请服务平台", "voucher_entry": "能否入驻创新券平台",
                "platform_duties": "服务平台义务与风险", "voucher_duties": "创新券机构义务与风险",
                "health": "机构全面体检"}[flow])
    assert chat.state.flow == flow and chat.state.mode == "asking"


def test_a_newcomer_checks_voucher_entry_and_is_eligible(chat):
    chat.say("能不能入驻创新券平台")
    prompt = chat.turn.prompt
    assert prompt.field == "org_form" and prompt.kind == "choice"
    assert [c.label for c in prompt.choices][:2] == ["法人", "非法人组织"]
    assert prompt.citation.id == "voucher-4-1" and "法人或非法人组织" in prompt.citation.text
    chat.say("有限公司")
    assert "已记录：组织形式 法人" in chat.text
    assert chat.turn.prompt.kind == "date" and chat.turn.prompt.max_date == "2026-11-22"
    chat.say("2023年5月")
    # A month without its day is kept as every day it could be, never as the 1st.
    assert "2023年5月1日至2023年5月31日之间" in chat.text and "我会再问一次" in chat.text
    chat.answer_until(VOUCHER_ENTRY)
    rows = {r.field: r.value for r in chat.review.rows}
    assert rows["org_form"] == "法人" and "2023年5月" in rows["established_on"] and "5月31日" in rows["established_on"]
    chat.press("确认")
    result = chat.result
    assert result.headline.startswith("结论：符合条件")
    report = result.reports[0]
    assert report.check == "voucher.entry" and report.verdict == "eligible"
    conditions = {r.citation.id for r in report.rows if r.citation}
    assert {"voucher-4-1", "voucher-4-2", "voucher-4-3"} <= conditions
    assert all(r.citation.text for r in report.rows if r.citation)
    assert chat.state.mode == "done"


def test_platform_applicant_short_on_area_and_qualified_staff_gets_what_to_fix(chat):
    chat.say("我想申请服务平台")
    chat.answer_until(PLATFORM_APPLY)
    chat.say("确认")
    report = chat.result.reports[0]
    assert report.verdict == "not_eligible"
    by_clause = {}
    for row in report.rows:
        by_clause.setdefault(row.citation.id, []).append(row)
    area = next(r for r in by_clause["platform-7-3"] if "场地" in r.condition)
    assert area.outcome == "not_met" and area.figure == "120 平方米" and "150" in area.threshold
    assert "还差 30" in area.explanation
    scale = by_clause["platform-7-2"][0]
    assert scale.outcome == "met"  # 500万 revenue satisfies Art. 7(2) although clients are short
    assert report.fix_first and any("30" in f for f in report.fix_first)


def test_once_a_scale_alternative_is_met_the_others_are_not_asked(chat):
    chat.say("我想申请服务平台")
    chat.says("法人", "是", "60家")
    assert chat.field not in ("industry_units_total", "service_revenue_wan")
    assert "industry_units_total" not in chat.state.answers


def test_running_platform_duties_flag_director_time_and_the_secretary(chat):
    chat.say("/flow platform_duties")
    chat.answer_until(PLATFORM_DUTIES)
    chat.say("确认")
    result = chat.result
    verdicts = {r.check: r.verdict for r in result.reports}
    assert set(verdicts) == {"platform.construction", "platform.operation", "platform.retention"}
    assert verdicts["platform.operation"] == "at_risk"
    operation = next(r for r in result.reports if r.check == "platform.operation")
    failed = {r.citation.id for r in operation.rows if r.outcome == "not_met"}
    assert {"platform-13", "platform-16"} <= failed
    assert result.headline.startswith("共 3 项检查")


def test_voucher_institution_duties_and_risks(chat):
    chat.say("/flow voucher_duties")
    chat.answer_until(VOUCHER_DUTIES)
    chat.say("确认")
    checks = [r.check for r in chat.result.reports]
    assert sorted(checks) == sorted(["voucher.duties", "voucher.evaluation", "voucher.reward", "voucher.adjustment",
                                     "voucher.conduct"])
    assert chat.result.reports[0].verdict in ("at_risk", "not_eligible")  # what fails comes first
    duties = next(r for r in chat.result.reports if r.check == "voucher.duties")
    # Last update 2024-06-01, so the yearly update (Art. 6(3)) is overdue on 2026-11-22.
    assert duties.verdict == "at_risk"
    assert any(r.citation.id == "voucher-6-3" and r.outcome == "not_met" for r in duties.rows)


def test_related_party_fairness_is_only_asked_when_there_is_a_related_party(chat):
    chat.say("/flow voucher_duties")
    answers = dict(VOUCHER_DUTIES)
    del answers["related_party_fair"]
    chat.answer_until(answers)
    assert "related_party_fair" not in [r.field for r in chat.review.rows]


def test_health_check_asks_each_figure_once_and_runs_both_measures(chat):
    chat.say("帮我看看我们机构")
    assert chat.field == "_standing"
    chat.say("尚未加入，想了解能否申请或入驻")
    asked = []
    answers = {**PLATFORM_APPLY, **VOUCHER_ENTRY}
    for _ in range(40):
        if chat.state.mode != "asking":
            break
        asked.append(chat.field)
        chat.say(answers[chat.field])
    assert len(asked) == len(set(asked)), "a figure was asked twice"
    assert asked.count("org_form") == 1
    chat.say("确认")
    assert [r.check for r in chat.result.reports] == ["platform.eligibility", "voucher.entry"]


def test_health_check_for_an_organisation_in_both_programmes_runs_every_running_check(chat):
    chat.says("/flow health", "以上都是")
    chat.answer_until({**PLATFORM_DUTIES, **VOUCHER_DUTIES})
    chat.say("确认")
    assert len(chat.result.reports) == 8


def test_answers_carry_over_when_switching_to_another_flow(chat):
    chat.says("能不能入驻创新券平台", "法人")
    chat.say("/flow platform_apply")
    assert "沿用了您刚才填写的 1 项" in chat.text
    assert chat.field == "registered_in_shanghai"


def test_each_prompt_says_why_with_its_article_and_carries_its_input_type(chat):
    chat.say("/flow platform_apply")
    seen = {}
    answers = {**PLATFORM_APPLY, "service_clients": "10家", "industry_units_total": "100家", "service_revenue_wan": "100万"}
    while chat.state.mode == "asking":
        p = chat.turn.prompt
        seen[p.field] = p
        assert p.why and p.citation and p.citation.text
        assert p.step <= p.total
        chat.say(answers[p.field])
    assert seen["service_area_sqm"].kind == "sqm" and seen["service_area_sqm"].unit == "平方米"
    assert seen["service_revenue_wan"].kind == "wan"
    assert seen["registered_in_shanghai"].kind == "bool"
    assert isinstance(chat.turn.blocks[-1], ReviewBlock)


def test_the_result_lists_what_skipped_figures_would_settle(chat):
    chat.say("能不能入驻创新券平台")
    chat.answer_until({**VOUCHER_ENTRY, "established_on": "不知道"})
    chat.say("确认")
    result = chat.result
    assert result.reports[0].verdict == "incomplete"
    assert "成立日期" in result.missing
    row = next(r for r in result.reports[0].rows if r.outcome == "unknown" and not r.informational)
    assert row.needs == ["成立日期"]


def test_the_platform_measure_expiry_is_noticed_once_in_the_result(chat):
    chat.say("/flow platform_duties")
    chat.answer_until(PLATFORM_DUTIES)
    chat.say("确认")
    notices = chat.result.notices
    assert len([n for n in notices if "2027年3月31日" in n]) == 1


def test_restart_after_a_result_asks_again_from_scratch():
    chat = Chat()
    chat.say("能不能入驻创新券平台")
    chat.answer_until(VOUCHER_ENTRY)
    chat.says("确认", "/restart")
    assert chat.state.mode == "asking" and chat.field == "org_form" and not chat.state.answers


def test_typing_a_menu_buttons_words_starts_its_flow():
    from bot import Engine, flows
    from bot_dialog_driver import NOW
    engine = Engine()
    for flow in flows.flows().values():
        state, _ = engine.start(NOW)
        state, turn = engine.handle(state, flow.button, NOW)
        assert state.flow == flow.id and state.mode == "asking"
