"""Dialog states and transcripts, keyed by a session id (web) or "tg:<chat id>" (Telegram).

A conversation must survive a restart, must never see another conversation's turn, and must take
its turns one at a time whichever process or machine runs them. So a turn happens inside `hold`:
one transaction that locks the conversation's row (SELECT … FOR UPDATE on PostgreSQL, the
database's write lock on SQLite), reads the state, lets the caller compute the turn and writes it
back with its transcript entries. A second turn for the same key waits for the first to commit and
then reads its result; nothing is retried and nothing is overwritten.

A reply is stored with the client's id of the message it answers, so a resend of that message gets
the stored reply instead of a second turn. Each conversation keeps at most `max_entries` transcript
entries (the oldest go first); retention deletes whole conversations idle past a cutoff.
"""

from __future__ import annotations

import json
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterator

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..models import DialogState
from .database import Database, insert_ignoring_duplicates
from .schema import sessions, stamp, store_meta, telegram_keyboards, transcript

DEFAULT_MAX_TURNS = 500
"""Turns kept per conversation: the longest self-check is 42 questions, so this never bites a
person, only a script posting without end."""


class Conflict(RuntimeError):
    """A conversation with this key exists already."""


@dataclass(frozen=True)
class Stored:
    state: DialogState
    revision: int


def new_session_id() -> str:
    """128 random bits, URL-safe: a session id is the only thing that guards a web conversation."""
    return secrets.token_urlsafe(16)


class Held:
    """One conversation inside its locked transaction: read it, then `save` at most once."""

    def __init__(self, store: "Store", conn: Connection, key: str, state: DialogState | None, revision: int | None):
        self._store, self._conn = store, conn
        self.key, self.state, self.revision = key, state, revision

    def reply(self, client_id: str) -> dict[str, Any] | None:
        """The turn stored as the reply to the client's message `client_id`, if it was answered."""
        body = self._conn.execute(select(transcript.c.body).where(
            transcript.c.key == self.key, transcript.c.client_id == client_id)).scalar()
        return json.loads(body).get("turn") if body is not None else None

    def save(self, state: DialogState, entries: list[tuple[str, dict[str, Any]]], *, now: datetime,
             client_id: str | None = None) -> int:
        """Writes the new state and appends `entries`; the last one is the reply to `client_id`."""
        at = stamp(now)
        body = state.model_dump_json()
        if self.revision is None:
            self._conn.execute(insert(sessions).values(key=self.key, state=body, revision=1, created_at=at,
                                                       updated_at=at))
            self.revision = 1
        else:
            self._conn.execute(update(sessions).where(sessions.c.key == self.key).values(
                state=body, revision=self.revision + 1, updated_at=at))
            self.revision += 1
        self.state = state
        self._store._append(self._conn, self.key, entries, at, client_id)
        return self.revision

    def transcript(self, limit: int) -> list[dict[str, Any]]:
        return self._store._transcript(self._conn, self.key, limit)


class Store:
    """Conversations on one Database; thread-safe, one per process. `telegram` holds the channel's records."""

    def __init__(self, db: Database | str, *, max_turns: int = DEFAULT_MAX_TURNS):
        from .telegram_records import TelegramRecords

        self.db = db if isinstance(db, Database) else Database(str(db))
        self.max_entries = 2 * max(1, max_turns) + 1  # a user line and a reply per turn, and the welcome
        self.telegram = TelegramRecords(self.db)

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ turns

    @contextmanager
    def hold(self, key: str, new: Callable[[], DialogState] | None = None) -> Iterator[Held]:
        """The conversation under `key`, locked until the block ends; committed unless it raises.

        With `new`, a missing conversation is created (from new()) inside the same lock, so two
        instances receiving a chat's first message at once still take turns.
        """
        with self.db.write() as conn:
            row = self._locked(conn, key)
            if row is None and new is not None:
                state = new()
                at = stamp(state.updated_at)
                insert_ignoring_duplicates(conn, sessions, key=key, state=state.model_dump_json(), revision=0,
                                           created_at=at, updated_at=at)
                row = self._locked(conn, key)
            if row is None:
                yield Held(self, conn, key, None, None)
            else:
                yield Held(self, conn, key, DialogState.model_validate_json(row.state), row.revision)

    @staticmethod
    def _locked(conn: Connection, key: str):
        return conn.execute(select(sessions.c.state, sessions.c.revision)
                            .where(sessions.c.key == key).with_for_update()).first()

    def create(self, key: str, state: DialogState, entries: list[tuple[str, dict[str, Any]]], *,
               now: datetime) -> None:
        """Stores a new conversation; raises Conflict if `key` is taken."""
        try:
            with self.db.write() as conn:
                Held(self, conn, key, None, None).save(state, entries, now=now)
        except IntegrityError:
            raise Conflict(key) from None

    # ------------------------------------------------------------------ reads

    def load(self, key: str) -> Stored | None:
        with self.db.read() as conn:
            row = conn.execute(select(sessions.c.state, sessions.c.revision).where(sessions.c.key == key)).first()
        return Stored(DialogState.model_validate_json(row.state), row.revision) if row else None

    def transcript(self, key: str, limit: int = 200) -> list[dict[str, Any]]:
        """The last `limit` entries of a conversation, oldest first: {'seq', 'role', 'at', **body}."""
        with self.db.read() as conn:
            return self._transcript(conn, key, limit)

    def count(self) -> int:
        with self.db.read() as conn:
            return conn.execute(select(func.count()).select_from(sessions)).scalar_one()

    @staticmethod
    def _transcript(conn: Connection, key: str, limit: int) -> list[dict[str, Any]]:
        rows = conn.execute(select(transcript.c.seq, transcript.c.role, transcript.c.body, transcript.c.at)
                            .where(transcript.c.key == key).order_by(transcript.c.seq.desc()).limit(limit)).all()
        return [{"seq": seq, "role": role, "at": at, **json.loads(body)} for seq, role, body, at in reversed(rows)]

    def _append(self, conn: Connection, key: str, entries: list[tuple[str, dict[str, Any]]], at: str,
                client_id: str | None) -> None:
        if not entries:
            return
        last = conn.execute(select(func.coalesce(func.max(transcript.c.seq), 0))
                            .where(transcript.c.key == key)).scalar_one()
        conn.execute(insert(transcript), [
            {"key": key, "seq": last + i + 1, "role": role, "body": json.dumps(payload, ensure_ascii=False),
             "at": at, "client_id": client_id if i == len(entries) - 1 else None}
            for i, (role, payload) in enumerate(entries)])
        top = last + len(entries)
        if top > self.max_entries:
            conn.execute(delete(transcript).where(transcript.c.key == key, transcript.c.seq <= top - self.max_entries))

    # ------------------------------------------------------------------ ending conversations

    def delete(self, key: str) -> None:
        with self.db.write() as conn:
            self._delete(conn, [key])

    @staticmethod
    def _delete(conn: Connection, keys: list[str]) -> None:
        for table in (transcript, telegram_keyboards, sessions):
            conn.execute(delete(table).where(table.c.key.in_(keys)))

    def purge(self, idle_before: datetime, batch: int = 500) -> int:
        """Deletes conversations untouched since `idle_before`; returns how many went.

        Safe on every instance at once: each batch is one transaction that deletes only rows still
        idle when it runs (a turn in progress holds its row, and then is no longer idle).
        """
        cutoff, total = stamp(idle_before), 0
        while True:
            with self.db.write() as conn:
                keys = conn.execute(delete(sessions).where(sessions.c.key.in_(
                    select(sessions.c.key).where(sessions.c.updated_at < cutoff).limit(batch).scalar_subquery()))
                    .where(sessions.c.updated_at < cutoff).returning(sessions.c.key)).scalars().all()
                if keys:
                    self._delete(conn, list(keys))
            total += len(keys)
            if len(keys) < batch:
                return total

    # ------------------------------------------------------------------ health

    def probe(self, now: datetime) -> None:
        """A read and a write, as a readiness check: raises a StoreError when either fails."""
        self.db.check_space()
        with self.db.write() as conn:
            conn.execute(select(func.count()).select_from(sessions)).scalar_one()
            if not insert_ignoring_duplicates(conn, store_meta, name="heartbeat", value=stamp(now)):
                conn.execute(update(store_meta).where(store_meta.c.name == "heartbeat").values(value=stamp(now)))
