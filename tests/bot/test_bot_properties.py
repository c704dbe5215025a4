"""Whatever anyone types, in whatever order, the engine answers, its state survives JSON, its invariants
hold after every turn, a turn always offers a way on, and no question is asked three times in a row."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import DialogState, Engine, flows
from bot.engine import INTERNAL_ERROR
from bot.models import REVIEW

from bot_dialog_driver import NOW

MOVES = st.one_of(
    st.sampled_from([
        "能不能入驻创新券平台", "我想申请服务平台", "帮我看看我们机构", "以上都是", "尚未加入，想了解能否申请或入驻", "法人", "是", "否",
        "不对", "是的", "没问题", "好的", "将近500万", "约50家", "2024年11月底", "还没验收", "没有按期完成", "从来没有接过订单",
        "不知道", "跳过", "上一步", "取消", "撤销", "修改", "修改 人数", "修改 成立日期 2020-01-01", "确认", "/keep",
        "/restart", "菜单", "帮助", "第七条是什么？", "公示几天？", "1", "2", "500万", "五百万", "0.05亿", "15人", "十五个",
        "5000000", "元", "2023年5月", "2023-05-01", "2023.5.1", "2月30日", "-5", "🙂", "<script>x</script>", "", "良好、一般",
        "跳过这一项会影响结果吗", "修改名称需要报备吗", "平台A 91\n平台B 80", "平台A",
        "/pick platform-7-3", "/pick nonsense", "/edit nonsense", "/flow nonsense", "/cite 99",
        *(f"/flow {f}" for f in flows.flows()),
    ]),
    st.text(max_size=40),
)


def assert_invariants(state: DialogState) -> None:
    """The invariants DialogState documents, after every turn."""
    assert (state.mode == "idle") == (state.flow is None)
    assert (state.mode == "asking") == (state.current is not None)
    if state.mode == "asking":
        fields = flows.plan(state.flow, state.answers, NOW.date()).fields
        assert state.current in fields or state.current in flows.candidate_fields(state.flow, state.answers)
    if state.return_to is not None:
        assert state.mode == "asking" and (state.return_to == REVIEW or state.return_to in
                                            flows.candidate_fields(state.flow, state.answers))
    assert set(state.asked) <= set(state.answers) | set(state.skipped)
    if state.pending:
        assert state.pending["field"] == state.current


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(moves=st.lists(MOVES, min_size=1, max_size=25))
def test_any_sequence_of_inputs_is_answered_and_keeps_the_invariants(moves):
    engine = Engine()
    state, _ = engine.start(NOW)
    now = NOW
    for text in moves:
        now += timedelta(seconds=10)
        state, turn = engine.handle(state, text, now)
        assert INTERNAL_ERROR not in turn.plain_text()  # the safety net in handle() must never be needed
        assert turn.blocks or turn.prompt
        assert turn.prompt is not None or turn.choices
        if state.mode == "asking":
            assert turn.prompt is not None and turn.prompt.field == state.current
        assert_invariants(state)
        state = DialogState.model_validate_json(state.model_dump_json())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flow=st.sampled_from(list(flows.flows())), replies=st.lists(st.one_of(st.text(max_size=12), MOVES), max_size=30))
def test_no_question_is_asked_three_times_in_a_row(flow, replies):
    """Unreadable answers, approximations and unit questions never keep a person on one field: the
    exact value is asked once, a second unreadable reply moves on."""
    engine = Engine()
    state, turn = engine.start(NOW)
    state, turn = engine.handle(state, f"/flow {flow}", NOW)
    again, last = 0, None
    for text in replies:
        state, turn = engine.handle(state, text, NOW)
        field = turn.prompt.field if turn.prompt else None
        # A re-ask: the same field put again because the reply could not settle it (unreadable, its exact
        # value, its unit). Empty input, help, questions and going back re-show a prompt without re-asking.
        reasked = field is not None and field == last and (
            turn.prompt.follow_up is not None or any(getattr(b, "text", "").startswith("没能读懂") for b in turn.blocks))
        again = again + 1 if reasked else 0
        last = field
        assert again <= 1, (flow, field, text)
