"""Keeps dialog states and transcripts in SQLite, keyed by a session id (web) or a chat id (Telegram).

A conversation must survive a server restart and must never see another conversation's turn, also
when several server processes share one database file. Each key's state carries a revision number:
a turn is written only if the revision is still the one it was computed from, so two processes
racing on one key cannot silently overwrite each other (the loser recomputes). Within one process
a per-key lock keeps a chat's turns in order without holding up other chats.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator
from weakref import WeakValueDictionary

from .models import DialogState

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    key        TEXT PRIMARY KEY,
    state      TEXT NOT NULL,
    revision   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS transcript (
    key    TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    role   TEXT NOT NULL,
    body   TEXT NOT NULL,
    at     TEXT NOT NULL,
    PRIMARY KEY (key, seq)
);
CREATE INDEX IF NOT EXISTS sessions_updated ON sessions (updated_at);
"""


class Conflict(RuntimeError):
    """Another process wrote this key since it was read; recompute the turn from the fresh state."""


@dataclass(frozen=True)
class Stored:
    state: DialogState
    revision: int


class _KeyLock:
    """A lock object per key, dropped once nobody holds a reference to it."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: WeakValueDictionary[str, threading.Lock] = WeakValueDictionary()

    def get(self, key: str) -> threading.Lock:
        with self._guard:
            lock = self._locks.get(key)
            if lock is None:
                lock = threading.Lock()
                self._locks[key] = lock
            return lock


def new_session_id() -> str:
    """128 random bits, URL-safe: a session id is the only thing that guards a web conversation."""
    return secrets.token_urlsafe(16)


class SessionStore:
    """SQLite-backed dialog states and transcripts. Safe to share between threads."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._locks = _KeyLock()
        # A shared in-memory database needs one connection that outlives the threads.
        self._memory_conn: sqlite3.Connection | None = None
        self._memory_lock = threading.Lock()
        self._write_lock = threading.Lock()
        # executescript commits on its own, so the schema goes in outside a managed transaction.
        self._connect().executescript(_SCHEMA)

    # ----------------------------------------------------------------------- connections

    def _connect(self) -> sqlite3.Connection:
        if self.path == ":memory:":
            if self._memory_conn is None:
                self._memory_conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            return self._memory_conn
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            # WAL lets readers go on while one turn writes; NORMAL sync is durable across a process
            # crash, which is the restart this store must survive.
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
        return conn

    @contextmanager
    def _tx(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        """A transaction: IMMEDIATE for writes, plain autocommit reads (WAL readers never block).

        Writers of this process queue on a Python lock rather than on SQLite's busy handler, whose
        sleeps (up to 100 ms a try) are what made the slowest turns slow under load; writers in other
        processes still meet the busy timeout.
        """
        conn = self._connect()
        guard = self._memory_lock if self.path == ":memory:" else (self._write_lock if write else _NULL_LOCK)
        with guard:
            if not write:
                yield conn
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
        if self._memory_conn is not None:
            self._memory_conn.close()
            self._memory_conn = None

    # ----------------------------------------------------------------------- states

    def lock(self, key: str) -> threading.Lock:
        """The in-process lock that keeps one key's turns in order; hold it around load → save."""
        return self._locks.get(key)

    def load(self, key: str) -> Stored | None:
        with self._tx(write=False) as db:
            row = db.execute("SELECT state, revision FROM sessions WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return Stored(DialogState.model_validate_json(row[0]), row[1])

    def exists(self, key: str) -> bool:
        with self._tx(write=False) as db:
            return db.execute("SELECT 1 FROM sessions WHERE key = ?", (key,)).fetchone() is not None

    def save(self, key: str, state: DialogState, revision: int | None,
             entries: list[tuple[str, dict[str, Any]]] = ()) -> int:
        """Writes `state` (and transcript entries) if the stored revision is still `revision`.

        `revision` None means the key must not exist yet. Returns the new revision; raises Conflict
        if another writer got there first.
        """
        now = _iso(datetime.now(timezone.utc))
        body = state.model_dump_json()
        with self._tx() as db:
            if revision is None:
                try:
                    db.execute("INSERT INTO sessions (key, state, revision, created_at, updated_at)"
                               " VALUES (?, ?, 1, ?, ?)", (key, body, now, now))
                except sqlite3.IntegrityError:
                    raise Conflict(key) from None
                new_revision = 1
            else:
                cur = db.execute("UPDATE sessions SET state = ?, revision = revision + 1, updated_at = ?"
                                 " WHERE key = ? AND revision = ?", (body, now, key, revision))
                if cur.rowcount != 1:
                    raise Conflict(key)
                new_revision = revision + 1
            if entries:
                seq = db.execute("SELECT COALESCE(MAX(seq), 0) FROM transcript WHERE key = ?",
                                 (key,)).fetchone()[0]
                db.executemany(
                    "INSERT INTO transcript (key, seq, role, body, at) VALUES (?, ?, ?, ?, ?)",
                    [(key, seq + i + 1, role, json.dumps(payload, ensure_ascii=False), now)
                     for i, (role, payload) in enumerate(entries)],
                )
        return new_revision

    def delete(self, key: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM sessions WHERE key = ?", (key,))
            db.execute("DELETE FROM transcript WHERE key = ?", (key,))

    # ----------------------------------------------------------------------- transcripts

    def transcript(self, key: str, limit: int = 200) -> list[dict[str, Any]]:
        """The last `limit` entries of a conversation, oldest first: {'seq', 'role', 'at', **body}."""
        with self._tx(write=False) as db:
            rows = db.execute("SELECT seq, role, body, at FROM transcript WHERE key = ?"
                              " ORDER BY seq DESC LIMIT ?", (key, limit)).fetchall()
        return [{"seq": seq, "role": role, "at": at, **json.loads(body)} for seq, role, body, at in reversed(rows)]

    def purge(self, idle_before: datetime) -> int:
        """Deletes conversations untouched since `idle_before`; returns how many went."""
        cutoff = _iso(idle_before)
        with self._tx() as db:
            keys = [k for (k,) in db.execute("SELECT key FROM sessions WHERE updated_at < ?", (cutoff,))]
            db.executemany("DELETE FROM transcript WHERE key = ?", [(k,) for k in keys])
            db.executemany("DELETE FROM sessions WHERE key = ?", [(k,) for k in keys])
        return len(keys)

    def count(self) -> int:
        with self._tx(write=False) as db:
            return db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]


class _NullLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


_NULL_LOCK = _NullLock()


def _iso(moment: datetime) -> str:
    # Fixed-width UTC text sorts like time, so the purge can compare strings in SQL.
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
