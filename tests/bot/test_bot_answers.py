"""What people type at a question, read for what it says: approximations asked once for the exact figure
and otherwise reported for review; negations; 'never'; a bare number's unit; a button's own words;
a question that merely contains a command word; every check reachable, the grading table included."""

from __future__ import annotations

from bot_dialog_driver import Chat


def _asked_for_instrument_value() -> Chat:
    """A platform self-check that has reached the instrument-value question (7(3)'s threshold)."""
    chat = Chat()
    chat.says("我想申请服务平台", "法人", "是", "60家")
    chat.skip_to("instrument_value_wan")
    return chat


def test_an_approximate_figure_at_a_threshold_is_asked_once_then_reported_for_review():
    chat = _asked_for_instrument_value()
    chat.say("将近500万")
    assert chat.field == "instrument_value_wan" and chat.turn.prompt.follow_up == "exact"
    assert "门槛附近" in chat.text and "第七条第（三）项" in chat.text
    chat.say("不清楚")
    assert chat.field != "instrument_value_wan"  # asked once, then on
    while chat.state.mode == "asking":
        chat.say("跳过")
    chat.say("确认")
    row = next(r for r in chat.result.reports[0].rows if "仪器设施" in r.condition)
    assert row.outcome == "needs_review" and "将近500万" in row.explanation and "不低于 500 万元" in row.explanation


def test_an_exact_figure_given_after_the_follow_up_settles_it():
    chat = _asked_for_instrument_value()
    chat.says("将近500万", "498万")
    assert chat.state.answers["instrument_value_wan"] == 498 and chat.field != "instrument_value_wan"


def test_an_approximation_that_cannot_cross_the_threshold_is_not_asked_again():
    chat = _asked_for_instrument_value()
    chat.say("约800万")
    assert chat.field != "instrument_value_wan" and "800" in chat.text


def test_a_bare_seven_digit_amount_asks_which_unit():
    chat = _asked_for_instrument_value()
    chat.say("5000000")
    assert chat.turn.prompt.follow_up == "unit" and chat.field == "instrument_value_wan"
    chat.press("5,000,000 元")
    assert chat.state.answers["instrument_value_wan"] == 500


def test_negated_answers_to_choices_are_read_for_what_they_say():
    chat = Chat()
    chat.say("/flow voucher_duties")
    chat.say("/edit voucher_rectification")
    chat.say("没有按期完成")
    assert chat.state.answers["voucher_rectification"] == "overdue"
    chat.say("/edit voucher_rectification")
    chat.say("整改完成了，但是晚了")
    assert chat.state.answers["voucher_rectification"] == "overdue"


def test_never_is_an_answer_for_an_event_date():
    chat = Chat()
    chat.say("/flow voucher_duties")
    chat.say("/edit last_order_on")
    chat.say("从来没有接过订单")
    assert chat.state.answers["last_order_on"] == "never" and not chat.errors


def test_the_health_checks_first_button_starts_the_full_check_even_though_it_reads_like_a_question():
    chat = Chat()
    chat.say("/flow health")
    chat.press("尚未加入，想了解能否申请或入驻")
    assert chat.state.answers["_standing"] == "none" and chat.field == "org_form"
    assert chat.turn.prompt.total > 1 and chat.turn.prompt.section


def test_a_question_that_contains_a_command_word_is_answered_as_a_question():
    chat = Chat()
    chat.says("我想申请服务平台", "法人")
    open_field = chat.field
    chat.say("跳过这一项会影响结果吗")
    assert chat.field == open_field and open_field not in chat.state.skipped and chat.blocks(type(chat.answer))
    chat.say("修改名称需要报备吗")
    assert chat.field == open_field and not any(c.value.startswith("/edit") for c in chat.turn.choices)


def test_everyday_words_confirm_the_review():
    for word in ("确认", "好的", "没问题", "确认，查看结果", "是的"):
        chat = Chat()
        chat.say("/flow platform_grading")
        chat.say("甲 91\n乙 80\n丙 60")
        chat.press("丙")
        assert chat.state.mode == "review"
        chat.say(word)
        assert chat.state.mode == "done", word


def test_the_grading_check_is_reachable_from_the_chat_with_a_pasted_score_table():
    chat = Chat()
    chat.say("/flow platform_grading")
    assert chat.field == "field_scores" and chat.turn.prompt.multiline
    chat.say("\n".join(f"平台{i} {100 - i}" for i in range(1, 11)))
    assert chat.field == "own_platform"
    assert [c.label for c in chat.turn.prompt.choices][:2] == ["平台1", "平台2"]
    chat.press("平台10")
    chat.say("确认")
    row = chat.result.reports[0].rows[0]
    assert row.outcome == "not_met" and "不合格" in row.explanation


def test_progress_is_by_section_with_a_stable_total():
    chat = Chat()
    chat.say("/flow platform_duties")
    first = chat.turn.prompt
    totals = set()
    while chat.state.mode == "asking":
        totals.add(chat.turn.prompt.total)
        chat.say("跳过")
    assert len(totals) == 1 and first.section_count == 3 and first.section_index == 1
