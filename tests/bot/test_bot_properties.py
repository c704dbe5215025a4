"""Whatever anyone types, in whatever order, the engine answers, its state survives JSON, and a turn
always offers a way on (a prompt or buttons)."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import DialogState, Engine
from bot.engine import INTERNAL_ERROR
from bot.flows import FLOWS

from bot_dialog_driver import NOW

MOVES = st.one_of(
    st.sampled_from([
        "能不能入驻创新券平台", "我想申请服务平台", "帮我看看我们机构", "两者都是", "尚未加入", "法人", "是", "否",
        "不对", "是的", "没问题",
        "不知道", "跳过", "上一步", "取消", "修改", "修改 人数", "修改 成立日期 2020-01-01", "确认", "/keep",
        "/restart", "菜单", "帮助", "第七条是什么？", "公示几天？", "1", "500万", "五百万", "0.05亿", "15人", "十五个",
        "2023年5月", "2023-05-01", "2023.5.1", "2月30日", "-5", "🙂", "<script>x</script>", "", "良好、一般",
        "/pick platform-7-3", "/pick nonsense", "/edit nonsense", "/flow nonsense", "/cite 99",
        *(f"/flow {f}" for f in FLOWS),
    ]),
    st.text(max_size=40),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(moves=st.lists(MOVES, min_size=1, max_size=25))
def test_any_sequence_of_inputs_is_answered(moves):
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
        state = DialogState.model_validate_json(state.model_dump_json())
