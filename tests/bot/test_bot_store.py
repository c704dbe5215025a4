"""The SQLite store and the turn bookkeeping around it: states survive a new process, writers never
overwrite each other, chats never see each other's answers."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

from knowledge import fixed_clock
from bot import Conflict, Conversations, DialogState, Engine, SessionStore, UnknownSession

from bot_dialog_driver import NOW

CLOCK = fixed_clock(NOW)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "var" / "assistant.db"


def test_a_state_goes_in_and_comes_back_unchanged(db):
    store = SessionStore(db)
    state = DialogState(mode="asking", flow="voucher_entry", current="established_on",
                        answers={"org_form": "legal_person", "platform_grades": ["良好"]}, skipped=["x"], created_at=NOW, updated_at=NOW)
    rev = store.save("k1", state, None)
    stored = store.load("k1")
    assert stored.revision == rev == 1
    assert stored.state == state


def test_the_database_folder_is_created(db):
    SessionStore(db)
    assert db.exists()


def test_a_stale_revision_is_a_conflict(db):
    store = SessionStore(db)
    store.save("k", DialogState(created_at=NOW, updated_at=NOW), None)
    store.save("k", DialogState(turns=1, created_at=NOW, updated_at=NOW), 1)
    with pytest.raises(Conflict):
        store.save("k", DialogState(turns=99, created_at=NOW, updated_at=NOW), 1)
    with pytest.raises(Conflict):
        store.save("k", DialogState(created_at=NOW, updated_at=NOW), None)
    assert store.load("k").state.turns == 1


def test_transcripts_keep_order_and_are_per_key(db):
    store = SessionStore(db)
    store.save("a", DialogState(created_at=NOW, updated_at=NOW), None, [("user", {"text": "1"}), ("bot", {"turn": {}})])
    store.save("b", DialogState(created_at=NOW, updated_at=NOW), None, [("user", {"text": "other"})])
    store.save("a", DialogState(created_at=NOW, updated_at=NOW), 1, [("user", {"text": "2"})])
    assert [m.get("text") for m in store.transcript("a")] == ["1", None, "2"]
    assert [m["seq"] for m in store.transcript("a")] == [1, 2, 3]
    assert store.transcript("a", limit=1)[0]["text"] == "2"


def test_purge_removes_only_idle_conversations(db):
    store = SessionStore(db)
    store.save("old", DialogState(created_at=NOW, updated_at=NOW), None, [("user", {"text": "x"})])
    assert store.purge(datetime.now(timezone.utc) - timedelta(days=1)) == 0
    assert store.purge(datetime.now(timezone.utc) + timedelta(seconds=1)) == 1
    assert store.load("old") is None and store.transcript("old") == []


def test_a_conversation_resumes_in_a_new_process_from_the_same_file(db):
    first = Conversations(SessionStore(db), Engine(), clock=CLOCK)
    key, _ = first.open(now=NOW)
    first.send(key, "能不能入驻创新券平台", now=NOW)
    first.send(key, "法人", now=NOW)
    first.store.close()

    second = Conversations(SessionStore(db), Engine(), clock=CLOCK)  # as after a restart: new store, new engine
    restored = second.restore(key, now=NOW + timedelta(minutes=1))
    assert restored.turn.prompt.field == "established_on"
    assert [m["text"] for m in restored.messages if m["role"] == "user"] == ["能不能入驻创新券平台", "法人"]
    turn = second.send(key, "2020-01-01", now=NOW + timedelta(minutes=2))
    assert turn.prompt.field == "operating_normally"
    assert second.state(key).answers == {"org_form": "legal_person", "established_on": "2020-01-01"}


def test_restore_after_the_idle_timeout_pauses_the_flow_and_keeps_every_answer(db):
    chats = Conversations(SessionStore(db), Engine(idle_timeout=timedelta(minutes=30)), clock=CLOCK)
    key, _ = chats.open(now=NOW)
    chats.send(key, "能不能入驻创新券平台", now=NOW)
    chats.send(key, "法人", now=NOW)
    restored = chats.restore(key, now=NOW + timedelta(days=3))
    assert restored.expired and "欢迎回来" in restored.turn.blocks[0].text
    assert restored.turn.prompt.field == "established_on"
    assert chats.state(key).mode == "asking" and chats.state(key).answers == {"org_form": "legal_person"}
    turn = chats.send(key, "2020-01-01", now=NOW + timedelta(days=3, minutes=1))
    assert turn.prompt.field == "operating_normally"


def test_unknown_keys(db):
    chats = Conversations(SessionStore(db), Engine(), clock=CLOCK)
    with pytest.raises(UnknownSession):
        chats.send("nope", "hi")
    with pytest.raises(UnknownSession):
        chats.restore("nope")
    turn = chats.send("tg:42", "/start", create=True)
    assert turn.choices and chats.state("tg:42") is not None


def test_the_button_label_is_what_the_transcript_shows(db):
    chats = Conversations(SessionStore(db), Engine(), clock=CLOCK)
    key, _ = chats.open()
    chats.send(key, "/flow voucher_entry", shown="能否入驻创新券平台")
    assert chats.store.transcript(key)[1]["text"] == "能否入驻创新券平台"


def test_two_stores_on_one_file_cannot_lose_a_turn(db):
    """Two server processes share the file: a turn computed from a stale state is recomputed."""
    a, b = Conversations(SessionStore(db), Engine(), clock=CLOCK), Conversations(SessionStore(db), Engine(), clock=CLOCK)
    key, _ = a.open()
    a.send(key, "能不能入驻创新券平台")
    stale = b.store.load(key)
    a.send(key, "法人")
    with pytest.raises(Conflict):
        b.store.save(key, stale.state, stale.revision)
    b.send(key, "2020-01-01")  # b reloads and answers the question that is really open
    assert b.state(key).answers == {"org_form": "legal_person", "established_on": "2020-01-01"}


def test_fifty_chats_in_threads_never_cross(db):
    chats = Conversations(SessionStore(db), Engine(), clock=CLOCK)
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


def test_one_chat_hit_from_many_threads_keeps_every_turn_in_order(db):
    chats = Conversations(SessionStore(db), Engine(), clock=CLOCK)
    key, _ = chats.open()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: chats.send(key, f"第{i % 20 + 1}条"), range(40)))
    assert chats.state(key).turns == 40
    assert len(chats.store.transcript(key, limit=1000)) == 1 + 80
