"""Opening the database: which back-end a setting selects, migrations forward from any earlier schema,
a broken or missing database reported and never recreated, and the copy from SQLite to PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from api import cli
from bot import Conversations, DialogState, Engine, Store
from bot.store import Database, StoreCorrupt, StoreError, StoreMissing, StoreUnavailable, revision
from bot.store.schema import metadata

# The schema the hand-written SQLite store created before migrations existed.
PRE_MIGRATION_SCHEMA = """
CREATE TABLE sessions (key TEXT PRIMARY KEY, state TEXT NOT NULL, revision INTEGER NOT NULL DEFAULT 0,
                       created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE transcript (key TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL, body TEXT NOT NULL,
                         at TEXT NOT NULL, PRIMARY KEY (key, seq));
CREATE INDEX sessions_updated ON sessions (updated_at);
CREATE TABLE telegram_keyboards (key TEXT PRIMARY KEY, message_id INTEGER NOT NULL, html TEXT NOT NULL,
                                 choices TEXT NOT NULL, at TEXT NOT NULL);
"""

NOW = datetime(2026, 11, 22, 2, tzinfo=timezone.utc)


def test_the_migrated_schema_is_the_one_the_queries_use(store_db):
    db = Database(store_db)
    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []
    assert revision(db) == "0002"
    db.close()


def test_a_database_from_before_migrations_is_upgraded_with_its_conversations(tmp_path, clock):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.executescript(PRE_MIGRATION_SCHEMA)
        old.execute("INSERT INTO sessions VALUES ('k', ?, 3, '2026-01-01T00:00:00.000000Z',"
                    " '2026-01-01T00:00:00.000000Z')", (DialogState(turns=3, created_at=NOW, updated_at=NOW).model_dump_json(),))
        old.execute("INSERT INTO transcript VALUES ('k', 1, 'user', '{\"text\": \"你好\"}', 'x')")
    store = Store(str(path))
    assert store.load("k").state.turns == 3 and store.transcript("k")[0]["text"] == "你好"
    assert revision(store.db) == "0002"
    turn = Conversations(store, Engine(), clock=clock).send("k", "第七条", message_id="m1")
    assert turn.blocks and store.transcript("k")[-1]["seq"] == 3
    store.close()


def test_db_upgrade_and_status_on_the_command_line(store_db, capsys):
    assert cli.main(["db", "status", "--db", store_db]) == 0
    assert "revision (empty)" in capsys.readouterr().out
    assert cli.main(["db", "upgrade", "--db", store_db]) == 0
    assert "revision 0002" in capsys.readouterr().out
    assert cli.main(["db", "status", "--db", store_db]) == 0
    assert "revision 0002" in capsys.readouterr().out


def test_a_postgresql_url_never_becomes_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError):
        Database("postgresql://nobody@127.0.0.1:1/nothing")
    with pytest.raises(StoreError, match="postgresql://"):
        Database("mysql://nobody@127.0.0.1/nothing")
    assert list(tmp_path.iterdir()) == []


def test_a_database_missing_after_it_existed_is_reported_not_recreated(tmp_path):
    path = tmp_path / "var" / "assistant.db"
    Store(str(path)).close()
    path.unlink()
    with pytest.raises(StoreMissing, match="备份"):
        Store(str(path))
    assert not path.exists()
    (tmp_path / "var" / "assistant.db.store-id").unlink()  # the documented way to start afresh
    Store(str(path)).close()


def test_a_corrupt_database_is_reported_and_left_alone(tmp_path, clock):
    path = tmp_path / "assistant.db"
    store = Store(str(path))
    store.create("k", DialogState(created_at=NOW, updated_at=NOW), [], now=clock())
    store.close()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            os.remove(f"{path}{suffix}")
    data = bytearray(path.read_bytes())
    data[100:4096 * 2] = b"\xa5" * (4096 * 2 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreCorrupt, match="损坏"):
        Store(str(path))
    assert path.read_bytes() == bytes(data), "nothing rewritten"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreCorrupt):
        Store(str(path))


def test_a_database_deleted_under_a_running_process_refuses_writes(tmp_path, clock):
    path = tmp_path / "assistant.db"
    chats = Conversations(Store(str(path)), Engine(), clock=clock)
    key, _ = chats.open()
    path.unlink()
    with pytest.raises(StoreUnavailable, match="删除"):
        chats.send(key, "第七条")
    with pytest.raises(StoreUnavailable):
        chats.store.probe(clock())
    chats.store.close()


def test_copying_a_sqlite_store_to_postgresql_on_the_command_line(tmp_path, postgres, clock, capsys):
    source = str(tmp_path / "assistant.db")
    chats = Conversations(Store(source), Engine(), clock=clock)
    keys = [chats.open()[0] for _ in range(3)]
    for n, key in enumerate(keys):
        chats.send(key, "能不能入驻创新券平台", message_id=f"a{n}")
        chats.send(key, "法人", message_id=f"b{n}")
    chats.store.telegram.remember("tg:1", 5, "x", [], epoch=0, now=clock())
    chats.store.telegram.receive(77, 1, {"update_id": 77}, now=clock())
    chats.store.close()

    target = postgres.database()
    assert cli.main(["db", "copy", source, target]) == 0
    assert "sessions 3" in capsys.readouterr().out
    moved = Conversations(Store(target), Engine(), clock=clock)
    for n, key in enumerate(keys):
        assert moved.state(key).answers == {"org_form": "legal_person"}
        assert moved.send(key, "法人", message_id=f"b{n}").prompt.field == "established_on", "resends still answered"
        assert moved.send(key, "2020-01-01").prompt.field == "operating_normally"
    assert moved.store.telegram.current("tg:1").message_id == 5
    assert not moved.store.telegram.receive(77, 1, {}, now=clock())
    assert cli.main(["db", "copy", source, target]) == 1, "a copy never merges into a used database"
    moved.store.close()
