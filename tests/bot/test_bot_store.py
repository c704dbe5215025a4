"""The store and the turn bookkeeping around it, each test on SQLite and on PostgreSQL: states survive a
new process, one conversation's turns are taken one at a time, chats never see each other's answers,
a resent message is answered from the store, and the Telegram channel's records behave the same."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

from bot import Choice, Conflict, Conversations, DialogState, Engine, Stale, Store, UnknownSession
from bot.housekeeping import Housekeeping

NOW = datetime(2026, 11, 22, 2, tzinfo=timezone.utc)


@pytest.fixture
def store(store_db):
    opened = Store(store_db)
    yield opened
    opened.close()


@pytest.fixture
def chats(store, clock) -> Conversations:
    return Conversations(store, Engine(idle_timeout=timedelta(minutes=30)), clock=clock)


def test_a_state_goes_in_and_comes_back_unchanged(store, clock):
    state = DialogState(mode="asking", flow="voucher_entry", current="established_on",
                        answers={"org_form": "legal_person", "platform_grades": ["良好"]}, skipped=["x"], created_at=NOW, updated_at=NOW)
    store.create("k1", state, [], now=clock())
    stored = store.load("k1")
    assert stored.revision == 1 and stored.state == state
    with pytest.raises(Conflict):
        store.create("k1", DialogState(created_at=NOW, updated_at=NOW), [], now=clock())


def test_transcripts_keep_order_and_are_per_key(store, clock):
    store.create("a", DialogState(created_at=NOW, updated_at=NOW), [("user", {"text": "1"}), ("bot", {"turn": {}})], now=clock())
    store.create("b", DialogState(created_at=NOW, updated_at=NOW), [("user", {"text": "other"})], now=clock())
    with store.hold("a") as held:
        held.save(DialogState(turns=1, created_at=NOW, updated_at=NOW), [("user", {"text": "2"})], now=clock())
    assert [m.get("text") for m in store.transcript("a")] == ["1", None, "2"]
    assert [m["seq"] for m in store.transcript("a")] == [1, 2, 3]
    assert store.transcript("a", limit=1)[0]["text"] == "2"


def test_purge_removes_only_conversations_idle_past_the_cutoff(chats, store, clock):
    old, _ = chats.open()
    chats.send(old, "第七条")
    clock.advance(days=2)
    fresh, _ = chats.open()
    assert store.purge(clock() - timedelta(days=3)) == 0
    assert store.purge(clock() - timedelta(days=1)) == 1
    assert store.load(old) is None and store.transcript(old) == []
    assert store.load(fresh) is not None


def test_retention_runs_as_a_job_on_every_instance_at_once(store_db, clock):
    stores = [Store(store_db) for _ in range(3)]
    try:
        chats = Conversations(stores[0], Engine(), clock=clock)
        keys = [chats.open()[0] for _ in range(30)]
        clock.advance(days=31)
        kept, _ = chats.open()
        jobs = [Housekeeping(s, retention=timedelta(days=30), every=timedelta(hours=1), clock=clock) for s in stores]
        with ThreadPoolExecutor(3) as pool:
            deleted = sum(n for n, _ in pool.map(lambda job: job.run_once(), jobs))
        assert deleted == 30
        assert all(stores[1].load(k) is None for k in keys) and stores[2].load(kept) is not None
    finally:
        for s in stores:
            s.close()


def test_a_conversation_resumes_in_a_new_process_from_the_same_database(store_db, clock):
    first = Conversations(Store(store_db), Engine(), clock=clock)
    key, _ = first.open()
    first.send(key, "能不能入驻创新券平台")
    first.send(key, "法人")
    first.store.close()

    second = Conversations(Store(store_db), Engine(), clock=clock)  # as after a restart: new store, new engine
    clock.advance(minutes=1)
    restored = second.restore(key)
    assert restored.turn.prompt.field == "established_on"
    assert [m["text"] for m in restored.messages if m["role"] == "user"] == ["能不能入驻创新券平台", "法人"]
    turn = second.send(key, "2020-01-01")
    assert turn.prompt.field == "operating_normally"
    assert second.state(key).answers == {"org_form": "legal_person", "established_on": "2020-01-01"}
    second.store.close()


def test_restore_after_the_idle_timeout_pauses_the_flow_and_keeps_every_answer(chats, clock):
    key, _ = chats.open()
    chats.send(key, "能不能入驻创新券平台")
    chats.send(key, "法人")
    clock.advance(days=3)
    restored = chats.restore(key)
    assert restored.expired and "欢迎回来" in restored.turn.blocks[0].text
    assert restored.turn.prompt.field == "established_on"
    assert chats.state(key).mode == "asking" and chats.state(key).answers == {"org_form": "legal_person"}


def test_unknown_keys(chats):
    with pytest.raises(UnknownSession):
        chats.send("nope", "hi")
    with pytest.raises(UnknownSession):
        chats.restore("nope")
    turn = chats.send("tg:42", "/start", create=True)
    assert turn.choices and chats.state("tg:42") is not None


def test_the_button_label_is_what_the_transcript_shows(chats):
    key, _ = chats.open()
    chats.send(key, "/flow voucher_entry", shown="能否入驻创新券平台")
    assert chats.store.transcript(key)[1]["text"] == "能否入驻创新券平台"


def test_a_resent_message_gets_the_stored_reply_and_runs_no_second_turn(chats):
    key, _ = chats.open()
    first = chats.send(key, "能不能入驻创新券平台", message_id="m-1")
    again = chats.send(key, "能不能入驻创新券平台", message_id="m-1")
    assert again == first and chats.state(key).turns == 1
    assert chats.send(key, "法人", message_id="m-2").prompt.field == "established_on"
    assert chats.send(key, "法人", message_id="m-2").prompt.field == "established_on"
    assert chats.state(key).answers == {"org_form": "legal_person"} and chats.state(key).turns == 2
    assert chats.reply(key, "m-1") == first and chats.reply(key, "m-3") is None
    assert len(chats.store.transcript(key)) == 1 + 4


def test_a_conversation_keeps_only_its_last_turns(store_db, clock):
    chats = Conversations(Store(store_db, max_turns=3), Engine(), clock=clock)
    key, _ = chats.open()
    for n in range(10):
        chats.send(key, f"第{n + 1}条")
    kept = chats.store.transcript(key, limit=100)
    assert len(kept) == 7 and kept[-2]["text"] == "第10条" and kept[0]["seq"] == 15
    assert chats.state(key).turns == 10, "the conversation itself goes on"
    chats.store.close()


def test_a_button_offered_before_the_flow_was_cancelled_runs_nothing(chats, clock):
    key, _ = chats.open()
    chats.send(key, "/flow voucher_entry")
    offered = chats.state(key).epoch
    chats.send(key, "取消")
    with pytest.raises(Stale):
        chats.send(key, "法人", offered_at=offered)
    assert chats.state(key).answers == {} and chats.state(key).mode == "idle"
    now = chats.state(key).epoch
    assert chats.send(key, "第七条", offered_at=now).blocks, "a button of the current stage still works"


def test_a_button_of_a_paused_flow_still_answers_after_a_long_pause(chats, clock):
    key, _ = chats.open()
    chats.send(key, "/flow voucher_entry")
    offered = chats.state(key).epoch
    clock.advance(days=2)
    turn = chats.send(key, "法人", offered_at=offered)
    assert turn.expired and chats.state(key).answers == {"org_form": "legal_person"}


def test_two_instances_on_one_database_take_turns_and_lose_none(store_db, clock):
    a, b = Conversations(Store(store_db), Engine(), clock=clock), Conversations(Store(store_db), Engine(), clock=clock)
    key, _ = a.open()
    a.send(key, "能不能入驻创新券平台")
    a.send(key, "法人")
    b.send(key, "2020-01-01")  # b reads what a wrote and answers the question really open
    assert b.state(key).answers == {"org_form": "legal_person", "established_on": "2020-01-01"}
    a.store.close()
    b.store.close()


def test_fifty_chats_in_threads_never_cross(chats):
    keys = [chats.open()[0] for _ in range(50)]
    barrier = threading.Barrier(50)  # every chat starts at once: one thread per chat

    def run(i: int) -> None:
        key = keys[i]
        barrier.wait()
        chats.send(key, "能不能入驻创新券平台")
        chats.send(key, "法人")
        chats.send(key, f"2020-01-{i % 28 + 1:02d}")
        chats.send(key, "是" if i % 2 else "否")  # 目前是否正常经营

    with ThreadPoolExecutor(max_workers=50) as pool:
        list(pool.map(run, range(50)))
    for i, key in enumerate(keys):
        state = chats.state(key)
        assert state.answers["established_on"] == f"2020-01-{i % 28 + 1:02d}"
        assert state.answers["operating_normally"] is bool(i % 2)
        assert len(chats.store.transcript(key)) == 9


def test_six_instances_posting_to_the_same_conversations_keep_every_turn_in_order(store_db, clock):
    """The issue's six workers: no failure, no lost turn, each conversation's turns in one order."""
    instances = [Conversations(Store(store_db), Engine(), clock=clock) for _ in range(6)]
    keys = [instances[0].open()[0] for _ in range(4)]
    posts = [(keys[n % 4], n) for n in range(120)]

    def post(job: tuple[str, int]) -> None:
        key, n = job
        instances[n % 6].send(key, f"第{n % 20 + 1}条", message_id=f"m{n}")

    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(post, posts))
    for key in keys:
        entries = instances[1].store.transcript(key, limit=1000)
        assert instances[2].state(key).turns == 30
        assert [e["role"] for e in entries] == ["bot"] + ["user", "bot"] * 30, "each reply follows its message"
        assert [e["seq"] for e in entries] == list(range(1, 62))
    for chats in instances:
        chats.store.close()


def test_keyboards_are_live_one_per_chat_and_each_button_works_once(store, clock):
    records = store.telegram
    choices = [Choice(label="是", value="是"), Choice(label="否", value="否")]
    records.remember("tg:1", 10, "<b>问</b>", choices, epoch=2, now=clock())
    assert records.current("tg:1").choices == choices and records.current("tg:1").epoch == 2
    assert records.take("tg:1", 9, 0) is None, "an older message's keyboard is not live"
    assert records.take("tg:1", 10, 5) is None, "a position the keyboard lacks leaves it live"
    assert records.turn_page("tg:1", 10, 1).page == 1 and records.turn_page("tg:1", 9, 1) is None
    keyboard, choice = records.take("tg:1", 10, 1)
    assert choice.value == "否" and keyboard.html == "<b>问</b>"
    assert records.take("tg:1", 10, 1) is None and records.current("tg:1") is None
    records.remember("tg:1", 11, "x", choices, epoch=0, now=clock())
    records.remember("tg:1", 12, "y", choices, epoch=0, now=clock())
    assert records.forget("tg:1").message_id == 12 and records.forget("tg:1") is None


def test_telegram_updates_are_recorded_once_and_applied_oldest_first(store, clock):
    records = store.telegram
    assert records.receive(7, 1, {"update_id": 7}, now=clock())
    assert not records.receive(7, 1, {"update_id": 7}, now=clock()), "a redelivery is recognised"
    records.receive(5, 1, {"update_id": 5}, now=clock())
    records.receive(6, 2, {"update_id": 6}, now=clock())
    assert [u for u, _ in records.pending(1, 7)] == [5, 7]
    assert [u for u, _ in records.pending(1, 6)] == [5]
    records.finish(5, now=clock())
    assert [u for u, _ in records.pending(1, 7)] == [7]
    clock.advance(minutes=5)
    assert [u for u, _ in records.stale(clock() - timedelta(minutes=1))] == [6, 7]
    assert records.purge(clock()) == 3 and records.pending(1, 99) == []
