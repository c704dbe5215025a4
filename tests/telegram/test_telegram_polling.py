"""The bot in long-polling mode, end to end over real HTTP against the Bot API stand-in.

Each test starts the real Application (bot.telegram.build_application + run_polling) in a thread,
feeds updates through getUpdates and asserts on what the bot sent back.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from tg_standin import (TOKEN, BotApiStandIn, ChatDriver, chat, db, parse_telegram_html, run_bot,  # noqa: F401
                        standin)

from api import cli
from bot import Conversations, Engine, Store
from bot.telegram.app import EDITED, GROUP, NOT_TEXT, STALE
from knowledge import Answer, system_clock

# How a careful applicant answers the platform-application self-check: a button where the prompt
# offers one, typed text (in the forms people use) where it asks for a figure.
PLATFORM_ANSWERS = {
    "org_form": ("press", "法人"),
    "registered_in_shanghai": ("press", "是"),
    "service_clients": ("type", "60家"),
    "declares_plan_alignment": ("press", "是"),
    "declares_distinctive_services": ("press", "是"),
    "instrument_value_wan": ("type", "600万"),
    "service_area_sqm": ("type", "300平米"),
    "fixed_staff": ("type", "二十人"),
    "qualified_staff": ("type", "10"),
    "has_management_rules": ("press", "是"),
    "software_or_research_focus": ("press", "否"),
    "duplicates_existing_platform": ("press", "否"),
}


def _load(db: Path, chat_id: int):
    """A chat's stored conversation, read through a store of its own as another process would."""
    store = Store(str(db))
    try:
        return store.load(f"tg:{chat_id}")
    finally:
        store.close()


def current_field(db: Path, chat_id: int) -> str | None:
    """The field the engine is asking in a chat, read from the store the bot writes."""
    stored = _load(db, chat_id)
    return stored.state.current if stored else None


def answers(db: Path, chat_id: int) -> dict:
    return _load(db, chat_id).state.answers


def test_a_platform_application_self_check_by_typed_answers_and_button_presses(standin, run_bot, chat, db):
    run_bot()
    me: ChatDriver = chat(1001)
    assert "上海科技政策助手" in me.say("/start")
    first = me.press("能否申请服务平台")
    assert "服务平台申请条件自检" in first and "（1/" in first

    asked, went_back = [], False
    reply = ""
    for _ in range(40):
        field = current_field(db, 1001)
        if field is None:
            break
        if field == "instrument_value_wan" and not went_back:
            went_back = True
            assert "回到上一步" in me.press("上一步")
            assert current_field(db, 1001) == "declares_distinctive_services"
            continue
        asked.append(field)
        how, text = PLATFORM_ANSWERS[field]  # a KeyError means the flow asks something new: add it above
        reply = me.press(text) if how == "press" else me.say(text)
        assert "已记录" in reply, reply

    assert {"org_form", "service_clients", "instrument_value_wan", "fixed_staff", "qualified_staff"} <= set(asked)
    assert "请确认" in reply and "固定人员数量：20 人" in reply and "对外服务仪器设施价值总额：600 万元" in reply
    result = me.press("确认，查看结果")
    assert "结论：符合条件" in result
    result_message = standin.sent(1001)[-1]
    assert len(parse_telegram_html(result_message)) <= 1000, "a result is one short message"
    details = me.press("查看完整结果")
    assert "《办法》第七条第（四）项" in details and "<blockquote expandable>" in details

    # Each press took the buttons off its message and noted the choice there.
    assert any("➜ 法人" in p["text"] and "reply_markup" not in p for p in standin.calls_of("editMessageText", 1001))
    # Only the latest message still has buttons: older ones would answer a question no longer open.
    last_keyboard = [p for p in standin.calls_of("sendMessage", 1001) if p.get("reply_markup")][-1]
    labels = [b["text"] for row in last_keyboard["reply_markup"]["inline_keyboard"] for b in row]
    assert me.buttons() == labels
    assert all(p.get("parse_mode") == "HTML" for p in standin.calls_of("sendMessage", 1001))
    assert standin.errors == []


def test_cite_looks_up_a_clause_and_offers_a_choice_when_both_measures_have_the_article(standin, run_bot, chat):
    run_bot()
    me = chat(1002)
    reply = me.say("/cite 7.3")
    assert "《上海市专业技术服务平台建设与管理办法》第七条第（三）项" in reply
    assert "对外服务仪器设施价值总额不低于 500 万元人民币" in reply
    assert "请在 /cite 后写条款编号" in me.say("/cite")
    both = me.say(f"/cite@{'policy_test_bot'} 第七条")
    assert "两个文件都有这一条" in both
    voucher = me.press("《细则》第七条")
    assert "《上海市科技创新券服务机构管理实施细则》第七条" in voucher
    assert standin.errors == []


def test_text_with_tags_and_ampersands_is_shown_escaped(standin, run_bot, chat):
    run_bot()
    me = chat(1003)
    me.say("<b>场地面积</b> & 仪器设备要求是什么？")
    me.say("/flow platform_apply")
    reply = me.say("<b>很多</b>&不少")
    assert "没能读懂" in reply
    assert "&lt;b&gt;很多&lt;/b&gt;&amp;不少" in reply and "<b>很多</b>" not in reply
    shown = [m["text"] for (cid, _), m in sorted(standin.messages.items()) if cid == 1003]
    assert any("<b>很多</b>&不少" in text for text in shown), "the user sees exactly what they typed"
    assert standin.errors == [], "Telegram would have refused unescaped HTML"


def test_a_restart_in_the_middle_of_a_flow_resumes_where_it_was(standin, run_bot, chat, db):
    first = run_bot()
    me = chat(1004)
    me.say("/start")
    me.press("能否申请服务平台")
    me.press("法人")
    assert current_field(db, 1004) == "registered_in_shanghai"
    first.stop()

    run_bot()  # a new Application, engine and store over the same SQLite file
    reply = me.press("是")  # a button sent before the restart still works after it
    assert "已记录：是否在本市注册 是" in reply
    assert "已记录：对外服务单位数量 60 家" in me.say("60家")
    assert answers(db, 1004)["service_clients"] == 60
    again = me.say("/start")
    assert "上海科技政策助手" in again and "平台行业领域是否符合上海市科技和产业发展规划" in again, again
    assert "已记录：平台行业领域是否符合上海市科技和产业发展规划（自述） 是" in me.press("是")
    assert standin.errors == []


def test_two_chats_interleaving_their_turns_get_no_crossed_state(standin, run_bot, chat, db):
    run_bot()
    a, b = chat(2001), chat(2002)
    a.say("/flow platform_apply")
    b.say("/flow platform_apply")
    assert "组织形式 法人" in a.press("法人")
    assert "组织形式 非法人组织" in b.press("非法人组织")
    b.press("是")
    a.press("是")
    assert "70 家" in b.say("70家")
    assert "60 家" in a.say("六十家")
    assert answers(db, 2001)["service_clients"] == 60 and answers(db, 2002)["service_clients"] == 70
    assert answers(db, 2001)["org_form"] != answers(db, 2002)["org_form"]
    assert not any("70 家" in t for t in standin.sent(2001)) and not any("60 家" in t for t in standin.sent(2002))


def test_a_burst_of_updates_is_handled_in_order_within_each_chat(standin: BotApiStandIn, run_bot, db):
    run_bot()
    turns = {3001: ["/flow platform_apply", "法人", "是", "61家"],
             3002: ["/flow platform_apply", "非法人组织", "是", "72家"]}
    since = standin.mark()
    for step in range(4):  # all queued at once, so one getUpdates hands the bot every update together
        for chat_id, texts in turns.items():
            standin.push_text(chat_id, texts[step])
    standin.wait_for(lambda: all(len(standin.sent(c, since)) >= 4 for c in turns), timeout=30)
    for chat_id, texts in turns.items():
        sent = standin.sent(chat_id, since)
        assert "开始“服务平台申请条件自检”" in sent[0]
        assert f"组织形式 {texts[1]}" in sent[1]
        assert "是否在本市注册 是" in sent[2]
        assert f"对外服务单位数量 {texts[3][:-1]} 家" in sent[3]
    assert answers(db, 3001)["service_clients"] == 61 and answers(db, 3002)["service_clients"] == 72


def test_stickers_photos_voice_documents_edits_and_group_chats_never_break_the_bot(standin, run_bot, chat, db,
                                                                                   caplog):
    bot = run_bot()
    me = chat(4001)
    me.say("/flow platform_apply")
    file = {"file_id": "f1", "file_unique_id": "u1"}
    contents = [
        {"sticker": {**file, "width": 512, "height": 512, "is_animated": False, "is_video": False, "type": "regular"}},
        {"photo": [{**file, "width": 90, "height": 90}], "caption": "我们的场地"},
        {"voice": {**file, "duration": 3}},
        {"document": {**file, "file_name": "材料.pdf"}},
    ]
    for content in contents:
        since = standin.mark()
        standin.push(message=standin.user_message(4001, None, **content))
        assert NOT_TEXT in standin.wait_reply(4001, since)[-1]

    since = standin.mark()
    standin.push(edited_message={**standin.user_message(4001, "非法人组织"), "edit_date": int(time.time())})
    assert EDITED in standin.wait_reply(4001, since)[-1]

    group = {"id": -5001, "type": "group", "title": "测试群", "all_members_are_administrators": True}
    channel = {"id": -1009, "type": "channel", "title": "通知频道"}
    standin.set_chat(group)
    standin.set_chat(channel)
    since = standin.mark()
    standin.push_text(-5001, "我们20个人能申请平台吗？")
    standin.push(channel_post={"message_id": 1, "date": int(time.time()), "chat": channel, "text": "频道消息"})
    standin.push_text(-5001, "/start@some_other_bot")
    standin.push_text(-5001, "/start@policy_test_bot")
    assert standin.wait_reply(-5001, since) == [GROUP], "a group gets a pointer to the private chat, nothing else"
    assert standin.sent(-1009) == []

    assert current_field(db, 4001) == "org_form", "none of it touched the conversation"
    assert "已记录：组织形式 法人" in me.press("法人")
    assert "Telegram handler failed" not in caplog.text
    bot.stop()


def test_a_reply_longer_than_telegram_allows_is_split_at_block_boundaries(standin, run_bot, db):
    paragraphs = [f"第{n}段：" + "依据条款 <规定> & 说明，" * 25 for n in range(30)]

    def long_ask(question, today):
        return Answer(status="answered", answer="\n\n".join(paragraphs))

    run_bot(conversations=Conversations(Store(str(db)), Engine(ask=long_ask), clock=system_clock))
    since = standin.mark()
    standin.push_text(5001, "请把所有规定都说一遍是什么？")
    standin.wait_reply(5001, since)
    calls = standin.calls_of("sendMessage", 5001, since)
    assert len(calls) >= 3
    assert [bool(c.get("reply_markup")) for c in calls] == [False] * (len(calls) - 1) + [True]
    shown = [m["text"] for (cid, _), m in sorted(standin.messages.items()) if cid == 5001]
    for piece in shown:
        assert len(piece.encode("utf-16-le")) // 2 <= 4096
        assert piece.lstrip().startswith("第"), "every piece starts with a paragraph of its own"
    joined = "\n\n".join(shown)
    positions = [joined.index(p) for p in paragraphs]
    assert positions == sorted(positions), "nothing lost, nothing reordered"
    assert standin.errors == []


def test_a_button_on_an_old_message_is_refused_and_changes_nothing(standin, run_bot, chat, db):
    run_bot()
    me = chat(6001)
    me.say("/start")
    old = standin.callback_query(6001, "能否申请服务平台")
    me.press("能否申请服务平台")
    assert current_field(db, 6001) == "org_form"
    forged = {**standin.callback_query(6001, "法人"), "data": "k:99"}
    for query in (old, forged, {**old, "data": "/flow health"}):
        since = standin.mark()
        standin.push(callback_query={**query, "id": f"q{since}"})
        standin.wait_for(lambda: standin.calls_of("answerCallbackQuery", since=since))
        assert standin.calls_of("answerCallbackQuery", since=since)[0]["text"] == STALE
    time.sleep(0.2)
    assert current_field(db, 6001) == "org_form" and answers(db, 6001) == {}
    assert "已记录：组织形式 法人" in me.press("法人"), "the live keyboard still works"


def test_commands_are_registered_at_start_up_and_each_one_works(standin, run_bot, chat):
    run_bot()
    assert [c["command"] for c in standin.commands] == ["start", "check", "cite", "cancel", "help"]
    assert standin.calls_of("deleteWebhook"), "polling takes over from any webhook"
    me = chat(7001)
    helped = me.say("/help")
    assert "/cite 7.3" in helped and "/cancel" in helped and "上一步" in helped
    me.say("/check")
    assert {"能否申请服务平台", "能否入驻创新券平台", "机构全面体检"} <= set(me.buttons())
    assert "没有这个命令" in me.say("/frobnicate")
    me.say("/flow voucher_entry")
    assert "已退出" in me.say("/cancel")
    assert standin.errors == []


def test_the_token_never_reaches_the_logs(standin, run_bot, chat, caplog):
    caplog.set_level(logging.DEBUG)
    bot = run_bot()
    chat(8001).say("/start")
    bot.stop()
    assert "getUpdates" in caplog.text or "Application" in caplog.text, "debug logging was on"
    assert TOKEN not in caplog.text


def test_the_cli_explains_a_missing_token_in_chinese_and_english(monkeypatch, capsys):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert cli.main(["telegram"]) == 2
    err = capsys.readouterr().err
    assert "未设置环境变量 TELEGRAM_BOT_TOKEN" in err and "TELEGRAM_BOT_TOKEN is not set" in err


def test_the_cli_reports_a_rejected_token_without_echoing_it(standin, monkeypatch, capsys, caplog, tmp_path):
    wrong = "42:wrong-token-value-xyz"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", wrong)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", standin.base_url)
    monkeypatch.setenv("ASSISTANT_DB", str(tmp_path / "cli.db"))
    assert cli.main(["telegram"]) == 1
    out = capsys.readouterr()
    assert "Telegram rejected the token" in out.err
    assert wrong not in out.out + out.err + caplog.text
