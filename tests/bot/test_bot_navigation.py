"""Back, edit, skip, cancel, questions mid-flow, every kind of bad input, idle sessions: the flow and
everything already entered survive all of them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.models import AnswerBlock

from bot_dialog_driver import Chat


def start_platform(chat: Chat, *answers: str) -> None:
    chat.say("我想申请服务平台")
    chat.says(*answers)


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize("field_answers,bad,reason", [
    ((), "火星", "请从这几项中选一项"),                                   # org_form
    (("法人", "是"), "-5家", "负数"),                                    # service_clients
    (("法人", "是"), "😀", "没有找到数字"),
    (("法人", "是"), "<b>很多</b>", "没有找到数字"),
    (("法人", "是"), "十五点五家", "整数"),
    (("法人", "是"), "好多好多", "没有找到数字"),
    (("法人",), "也许吧", "“是”或“否”"),                                  # registered_in_shanghai
])
def test_an_unreadable_reply_shows_an_example_and_asks_again(chat, field_answers, bad, reason):
    start_platform(chat, *field_answers)
    before_field, before_answers = chat.field, dict(chat.state.answers)
    chat.say(bad)
    assert chat.errors and reason in chat.errors[0]
    assert "例如" in chat.errors[0]
    assert chat.field == before_field
    assert chat.state.answers == before_answers
    if before_answers:
        assert "之前填写的内容都还在" in chat.errors[0]


@pytest.mark.parametrize("bad,reason", [
    ("2023年2月30日", "2月没有30日"),
    ("2月30日", "2月没有30日"),
    ("2030-01-01", "晚于检查日期"),
    ("二〇二三年十三月", "没有13月"),
    ("去火星那天", "没有看懂这个日期"),
])
def test_impossible_dates_are_refused_with_the_reason(chat, bad, reason):
    chat.says("能不能入驻创新券平台", "法人")
    assert chat.field == "established_on"
    chat.say(bad)
    assert reason in chat.errors[0]
    assert chat.field == "established_on" and chat.state.answers == {"org_form": "legal_person"}


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "x" * 10_000, "🙂🙂🙂", "<script>alert(1)</script>",
                                  "'; DROP TABLE sessions; --", "\x00\x01", "ｆｕｌｌ　ｗｉｄｔｈ"])
def test_odd_input_never_crashes_in_any_mode(text):
    for setup in ([], ["能不能入驻创新券平台"], ["能不能入驻创新券平台", "法人"]):
        chat = Chat()
        chat.says(*setup)
        mode, field = chat.state.mode, chat.field
        chat.say(text)
        assert chat.state.mode == mode
        if field:
            assert chat.field == field


def test_ten_thousand_characters_get_a_message_not_an_answer(chat):
    chat.say("好" * 10_000)
    assert "内容太长了" in chat.text


def test_qualified_staff_above_fixed_staff_is_refused_by_the_checks_own_validation(chat):
    start_platform(chat, "法人", "是", "60家", "是", "是", "600万", "200平米", "10人")
    assert chat.field == "qualified_staff"
    chat.say("12人")
    assert chat.errors and "固定人员" in chat.errors[0]
    assert chat.field == "qualified_staff" and "qualified_staff" not in chat.state.answers


# ------------------------------------------------------------------ skip


@pytest.mark.parametrize("word", ["不知道", "跳过", "不清楚"])
def test_dont_know_leaves_the_figure_unknown_and_moves_on(chat, word):
    start_platform(chat, "法人")
    chat.say(word)
    assert "registered_in_shanghai" in chat.state.skipped
    assert "registered_in_shanghai" not in chat.state.answers
    assert chat.field == "service_clients"


def test_the_skip_button_does_the_same(chat):
    start_platform(chat, "法人")
    chat.press("不知道，跳过")
    assert chat.state.skipped == ["registered_in_shanghai"]


# ------------------------------------------------------------------ back


def test_back_goes_to_the_previous_question_with_its_answer_shown(chat):
    start_platform(chat, "法人", "是")
    assert chat.field == "service_clients"
    chat.say("上一步")
    assert chat.field == "registered_in_shanghai"
    assert chat.turn.prompt.current == "是"
    chat.say("上一步")
    assert chat.field == "org_form"
    chat.say("上一步")
    assert chat.field == "org_form" and "第一个问题" in chat.text


def test_after_going_back_an_answer_continues_in_order_and_keeps_later_answers(chat):
    start_platform(chat, "法人", "是", "60家")
    chat.says("上一步", "上一步")
    assert chat.field == "registered_in_shanghai"
    chat.say("否")
    assert chat.field == "service_clients" and chat.turn.prompt.current == "60 家"
    chat.press("保持原答案")
    assert chat.state.answers["service_clients"] == 60
    assert chat.state.answers["registered_in_shanghai"] is False


def test_back_from_the_review_reopens_the_last_question(chat):
    chat.say("能不能入驻创新券平台")
    chat.answer_until({"org_form": "法人", "established_on": "2020-01-01", "has_fixed_premises": "是",
                       "declares_professional_team": "是", "has_service_specification": "是",
                       "has_financial_rules": "是", "declares_research_integrity": "是",
                       "operating_normally": "是", "verified_on": "还没核验"})
    assert chat.state.mode == "review"
    chat.say("上一步")
    assert chat.state.mode == "asking" and chat.field == "verified_on"


def test_back_from_the_result_returns_to_the_review(chat):
    chat.say("能不能入驻创新券平台")
    chat.answer_until({"org_form": "法人", "established_on": "2020-01-01", "has_fixed_premises": "是",
                       "declares_professional_team": "是", "has_service_specification": "是",
                       "has_financial_rules": "是", "declares_research_integrity": "是",
                       "operating_normally": "是", "verified_on": "还没核验"})
    chat.says("确认", "上一步")
    assert chat.state.mode == "review"


# ------------------------------------------------------------------ edit and review


def reach_review(chat: Chat) -> None:
    chat.say("能不能入驻创新券平台")
    chat.answer_until({"org_form": "法人", "established_on": "2023-05-01", "has_fixed_premises": "是",
                       "declares_professional_team": "是", "has_service_specification": "是",
                       "has_financial_rules": "是", "declares_research_integrity": "是",
                       "operating_normally": "是", "verified_on": "还没核验"})


def test_review_lists_every_answer_before_the_result(chat):
    reach_review(chat)
    rows = chat.review.rows
    assert [r.field for r in rows][:2] == ["org_form", "established_on"]
    assert rows[1].value == "2023年5月1日"
    assert chat.turn.choices[0].label.startswith("确认")
    assert not chat.blocks(type(None)) and chat.state.mode == "review"


def test_edit_with_a_field_name_changes_one_answer_and_returns_to_the_review(chat):
    reach_review(chat)
    chat.say("修改 成立日期")
    assert chat.field == "established_on" and chat.turn.prompt.current == "2023年5月1日"
    chat.say("2019.3.1")
    assert chat.state.mode == "review"
    assert {r.field: r.value for r in chat.review.rows}["established_on"] == "2019年3月1日"
    assert chat.state.answers["org_form"] == "legal_person"


def test_edit_with_the_new_value_in_one_line(chat):
    reach_review(chat)
    chat.say("修改 成立日期 2018年1月1日")
    assert chat.state.mode == "review"
    assert chat.state.answers["established_on"] == "2018-01-01"


def test_edit_alone_offers_a_button_per_answer(chat):
    reach_review(chat)
    chat.say("修改")
    labels = [c.label for c in chat.turn.choices]
    assert "组织形式" in labels and "成立日期" in labels
    chat.press("成立日期")
    assert chat.field == "established_on"


def test_edit_of_an_unknown_field_says_so_and_offers_the_list(chat):
    reach_review(chat)
    chat.say("修改 火箭数量")
    assert chat.errors and "没有找到" in chat.errors[0]
    assert chat.state.mode == "review"


def test_edit_mid_flow_returns_to_the_open_question(chat):
    start_platform(chat, "法人", "是", "60家")
    open_field = chat.field
    chat.say("修改 组织形式")
    assert chat.field == "org_form"
    chat.say("非法人组织")
    assert chat.field == open_field
    assert chat.state.answers["org_form"] == "unincorporated_org"


def test_edit_after_the_result_and_see_the_new_result(chat):
    reach_review(chat)
    chat.say("确认")
    assert chat.result.reports[0].verdict == "eligible"
    chat.say("修改 成立日期 2025-06-01")
    chat.say("确认")
    assert chat.result.reports[0].verdict == "not_eligible"


# ------------------------------------------------------------------ cancel


@pytest.mark.parametrize("word", ["取消", "退出", "/cancel"])
def test_cancel_leaves_the_flow_and_forgets_its_answers(chat, word):
    start_platform(chat, "法人", "是")
    chat.say(word)
    assert chat.state.mode == "idle" and chat.state.flow is None and not chat.state.answers
    assert "已退出" in chat.text
    assert any(c.value.startswith("/flow") for c in chat.turn.choices)


def test_cancel_outside_a_flow_says_there_is_nothing_to_cancel(chat):
    chat.say("取消")
    assert "没有进行中的自检" in chat.text


# ------------------------------------------------------------------ questions mid-flow


def test_a_question_mid_flow_is_answered_and_the_flow_goes_on(chat):
    start_platform(chat, "法人", "是")
    chat.say("第七条是什么？")
    answers = chat.blocks(AnswerBlock)
    assert answers and answers[0].citations
    assert chat.field == "service_clients"
    assert chat.state.answers == {"org_form": "legal_person", "registered_in_shanghai": True}
    chat.say("60家")
    assert chat.state.answers["service_clients"] == 60


def test_a_hotline_question_mid_flow_quotes_the_clause(chat):
    start_platform(chat, "法人")
    chat.say("场地面积要多少平米？")
    answer = chat.answer
    assert answer.status == "answered"
    assert any(c.id == "platform-7-3" for c in answer.citations)
    assert chat.field == "registered_in_shanghai"


def test_a_citation_command_mid_flow(chat):
    start_platform(chat, "法人")
    chat.say("/cite 细则12-3")
    assert chat.answer.citations[0].id == "voucher-12-3"
    assert chat.field == "registered_in_shanghai"


# ------------------------------------------------------------------ free questions


def test_free_question_by_default_is_answered_with_citations(chat):
    chat.say("服务机构入驻创新券平台有哪些基本条件？")
    assert chat.answer.status == "answered" and chat.answer.citations
    assert chat.state.mode == "idle"


def test_clarify_candidates_become_buttons_and_a_press_quotes_the_clause(chat):
    chat.say("公示几天？")
    assert chat.answer.status == "clarify"
    picks = [c for c in chat.turn.choices if c.value.startswith("/pick ")]
    assert len(picks) >= 2
    chat.say(picks[0].value)
    assert chat.answer.citations[0].id == picks[0].value.split()[1]


def test_a_typed_number_picks_a_clarify_candidate(chat):
    chat.say("公示几天？")
    first = chat.state.offered[0]
    chat.say("1")
    assert chat.answer.citations[0].id == first


def test_an_eligibility_question_offers_the_self_check(chat):
    chat.say("我们20个人能申请平台吗？")
    assert chat.state.mode == "idle"
    assert any(c.value == "/flow platform_apply" for c in chat.turn.choices)


def test_greeting_and_help(chat):
    chat.say("你好")
    assert "您好" in chat.text
    chat.say("帮助")
    assert "使用说明" in chat.text


# ------------------------------------------------------------------ idle sessions and restoring


def test_an_idle_flow_is_paused_and_resumed_with_every_answer():
    chat = Chat()
    chat.says("能不能入驻创新券平台", "法人")
    chat.say("2020-01-01", after=timedelta(days=2))
    assert chat.turn.expired and "欢迎回来" in chat.turn.blocks[0].text
    assert chat.state.mode == "asking" and chat.state.answers == {"org_form": "legal_person", "established_on": "2020-01-01"}


def test_a_short_pause_changes_nothing():
    chat = Chat()
    chat.says("能不能入驻创新券平台", "法人")
    chat.say("2020-01-01", after=timedelta(minutes=29))
    assert not chat.turn.expired and chat.state.answers["established_on"] == "2020-01-01"


def test_coming_back_after_a_pause_shows_the_welcome_back_before_any_input():
    chat = Chat()
    chat.says("能不能入驻创新券平台", "法人")
    turn = chat.engine.current(chat.state, chat.now + timedelta(hours=2))
    assert turn.expired and "欢迎回来" in turn.blocks[0].text and turn.prompt.field == "established_on"
    assert not chat.engine.current(chat.state, chat.now + timedelta(minutes=1)).expired


def test_cancel_can_be_undone_with_every_answer():
    chat = Chat()
    start_platform(chat, "法人", "是", "60家")
    chat.say("取消")
    assert chat.state.mode == "idle" and any(c.label == "撤销" for c in chat.turn.choices)
    chat.press("撤销")
    assert chat.state.flow == "platform_apply" and chat.state.mode == "asking"
    assert chat.state.answers == {"org_form": "legal_person", "registered_in_shanghai": True, "service_clients": 60}


def test_resume_after_rebuilding_the_engine_from_the_stored_state():
    from bot import DialogState, Engine

    chat = Chat()
    chat.says("我想申请服务平台", "法人", "是")
    stored = chat.state.model_dump_json()
    fresh = Chat(engine=Engine())
    fresh.state = DialogState.model_validate_json(stored)
    fresh.now = chat.now
    assert fresh.engine.current(fresh.state, fresh.now).prompt.field == "service_clients"
    fresh.say("60家")
    assert fresh.state.answers == {"org_form": "legal_person", "registered_in_shanghai": True, "service_clients": 60}


def test_words_that_merely_start_with_gai_are_not_edits(chat):
    chat.say("改革是什么意思？")
    assert chat.blocks(AnswerBlock)
    start_platform(chat, "法人")
    chat.say("改组织形式")
    assert chat.field == "org_form"


def test_yes_at_the_review_confirms_and_shows_the_result(chat):
    reach_review(chat)
    chat.say("是的")
    assert chat.state.mode == "done"


def test_no_at_the_review_offers_the_answers_to_change(chat):
    reach_review(chat)
    chat.say("不对")
    assert chat.state.mode == "review" and any(c.value.startswith("/edit") for c in chat.turn.choices)


def test_a_bug_in_a_turn_costs_one_reply_not_the_conversation(chat, monkeypatch, caplog):
    from bot.engine import INTERNAL_ERROR
    reach_review(chat)
    before = chat.state.model_copy(deep=True)
    monkeypatch.setattr(type(chat.engine), "_in_review", lambda *a: 1 / 0)
    chat.say("确认一下")
    assert INTERNAL_ERROR in chat.turn.plain_text() and "dialog turn failed" in caplog.text
    assert chat.state.answers == before.answers and chat.state.mode == before.mode
