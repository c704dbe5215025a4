"""How updates are applied and replies delivered: a busy chat does not hold up the others, one chat's
updates keep their order across two instances, long keyboards are paged, buttons of an ended flow
do nothing, and a slow turn shows 正在输入."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from tg_standin import START, TOKEN, BotApiStandIn, ChatDriver, chat, db, run_bot, running_from, standin  # noqa: F401 (fixtures)

from bot import Conversations, Engine, Store
from knowledge import system_clock
from bot.models import Choice
from bot.telegram import TelegramConfig, build_application
from bot.telegram.app import ENDED, STALE
from bot.telegram.render import keyboard_markup
from knowledge import Answer


def test_one_chats_burst_of_eighty_updates_hardly_delays_another_chat(standin: BotApiStandIn, run_bot, chat, db):
    run_bot()
    chat(100).say("/start")  # warm the knowledge base before timing anything
    busy = [f"/cite {n % 24 + 1}" for n in range(80)]
    since = standin.mark()
    for text in busy:
        standin.push_text(101, text)
    pushed = time.monotonic()
    standin.push_text(102, "/cite 7.3")
    standin.wait_for(lambda: standin.sent(102, since), timeout=30)
    waited = time.monotonic() - pushed
    assert waited < 2.0, f"the other chat waited {waited:.1f} s behind the burst"
    standin.wait_for(lambda: len(standin.sent(101, since)) >= 80, timeout=120)
    store = Store(str(db))
    lines = [m["text"] for m in store.transcript("tg:101", limit=500) if m["role"] == "user"]
    store.close()
    assert lines == busy, "the burst was applied in its order"


def test_two_instances_on_one_postgresql_apply_a_chats_updates_in_order(standin: BotApiStandIn, postgres):
    url = postgres.database()
    config = TelegramConfig(token=TOKEN, api_base_url=standin.base_url, db=url)
    clock = running_from(START)
    texts = ["/flow platform_apply", "法人", "是", "61家", "是", "是", "600万", "300平米", "二十人", "10"]
    updates = [standin.update(message=standin.user_message(301, t)) for t in texts]

    async def run() -> None:
        apps = [build_application(config, clock=clock, polling=False) for _ in range(2)]
        for app in apps:
            await app.initialize()
            await app.start()
        try:
            from telegram import Update

            for n, data in enumerate(updates):
                # As the webhook route does: record the update on receipt, then queue it. Instances
                # alternate, and whichever runs first applies every earlier update of the chat first.
                app = apps[(n + 1) % 2]
                records = app.bot_data["channel"].records
                await asyncio.to_thread(records.receive, data["update_id"], 301, data, now=clock())
                await app.update_queue.put(Update.de_json(data, app.bot))
            for _ in range(600):
                if len(standin.sent(301)) >= len(texts):
                    break
                await asyncio.sleep(0.05)
        finally:
            for app in apps:
                await app.stop()
                await app.shutdown()
                await app.post_shutdown(app)

    asyncio.run(run())
    sent = standin.sent(301)
    assert len(sent) == len(texts)
    assert "服务平台申请条件自检" in sent[0] and "组织形式 法人" in sent[1] and "61 家" in sent[3]
    store = Store(url)
    assert store.load("tg:301").state.answers["fixed_staff"] == 20 and store.load("tg:301").state.turns == 10
    store.close()


def test_a_long_keyboard_is_paged_with_short_labels():
    choices = [Choice(label=f"平台行业领域是否符合上海市科技和产业发展规划第{n}项（自述）", value=f"/edit f{n}")
               for n in range(46)] + [Choice(label="取消自检", value="取消", style="danger")]
    markup = keyboard_markup(choices, 0)
    rows = markup.inline_keyboard
    labels = [b.text for row in rows for b in row]
    assert len(rows) <= 9 and sum(b.callback_data.startswith("k:") for row in rows for b in row) == 7
    assert all(len(label) <= 13 for label in labels) and "（自述）" not in "".join(labels)
    assert [b.text for b in rows[-2]] == ["1/8", "下一页 ›"] and rows[-1][0].text == "取消自检"
    last = keyboard_markup(choices, 7).inline_keyboard
    assert [b.text for b in last[-2]] == ["‹ 上一页", "8/8"]
    assert [b.callback_data for row in last[:-2] for b in row] == [f"k:{n}" for n in range(42, 46)]


def test_the_edit_menu_pages_in_place_and_a_choice_on_the_second_page_works(standin, run_bot, chat, db):
    run_bot()
    me: ChatDriver = chat(401)
    me.say("/flow platform_apply")
    for _ in range(20):
        reply = me.say("跳过")
        if "请确认" in reply:
            break
    me.press("修改某一项")
    first_page = me.buttons()
    assert "下一页 ›" in first_page and len(first_page) <= 11
    since = standin.mark()
    standin.push(callback_query=standin.callback_query(401, "下一页 ›"))
    standin.wait_for(lambda: standin.calls_of("editMessageReplyMarkup", 401, since))
    second_page = me.buttons()
    assert "‹ 上一页" in second_page and set(second_page) != set(first_page)
    field = next(b for b in second_page if b not in ("‹ 上一页", "下一页 ›", "2/2", "2/3", "3/3")
                 and "/" not in b and b not in first_page)
    assert "修改" in me.press(field)
    assert standin.errors == []


def test_a_button_of_a_cancelled_flow_does_nothing_but_say_so(standin, run_bot, chat, db, clock):
    conversations = Conversations(Store(str(db)), Engine(idle_timeout=timedelta(minutes=30)), clock=clock)
    run_bot(conversations=conversations, clock=clock)
    me = chat(501)
    me.say("/flow platform_apply")
    offered = conversations.state("tg:501").epoch
    # The press of 法人 on the prompt's keyboard reaches the chat after 取消, as a slow tap would.
    conversations.send("tg:501", "取消")
    since = standin.mark()
    standin.push(callback_query=standin.callback_query(501, "法人"))
    standin.wait_for(lambda: standin.calls_of("answerCallbackQuery", since=since))
    assert standin.calls_of("answerCallbackQuery", since=since)[0]["text"] in (ENDED, STALE)
    assert conversations.state("tg:501").answers == {} and conversations.state("tg:501").epoch > offered


def test_a_button_of_a_paused_flow_still_answers_after_a_long_pause(standin, run_bot, chat, db, clock):
    conversations = Conversations(Store(str(db)), Engine(idle_timeout=timedelta(minutes=30)), clock=clock)
    run_bot(conversations=conversations, clock=clock)
    me = chat(502)
    me.say("/flow platform_apply")
    clock.advance(days=2)
    since = standin.mark()
    standin.push(callback_query=standin.callback_query(502, "法人"))
    reply = standin.wait_reply(502, since)
    assert "欢迎回来" in reply[-1] or "欢迎回来" in reply[0]
    assert conversations.state("tg:502").answers == {"org_form": "legal_person"}


def test_a_slow_turn_shows_typing_and_a_fast_one_does_not(standin, run_bot, chat, db):
    def slow_ask(question, today):
        if "慢" in question:
            time.sleep(1.5)
        return Answer(status="answered", answer="答复")

    run_bot(conversations=Conversations(Store(str(db)), Engine(ask=slow_ask), clock=system_clock))
    me = chat(601)
    since = standin.mark()
    me.say("快问题是什么？")
    assert not standin.calls_of("sendChatAction", 601, since)
    since = standin.mark()
    me.say("慢问题是什么？")
    assert standin.calls_of("sendChatAction", 601, since)[0]["action"] == "typing"
