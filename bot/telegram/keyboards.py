"""Remembers, per chat, the one message whose buttons are live and what each button means.

Callback data holds 64 bytes, too few for a Chinese button value, so a button carries only its
position (bot.telegram.render.callback_data) and the values stay here. Only the latest keyboard of
a chat is live: a button on an older message would answer a question that is no longer open (是 to
whatever is asked now), so such a press is refused. The record sits in the same SQLite file as the
conversations, so buttons sent before a bot restart still work after it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..models import Choice

_SCHEMA = """
CREATE TABLE IF NOT EXISTS telegram_keyboards (
    key        TEXT PRIMARY KEY,
    message_id INTEGER NOT NULL,
    html       TEXT NOT NULL,
    choices    TEXT NOT NULL,
    at         TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Keyboard:
    message_id: int
    html: str
    """The message text as sent, so a press can edit it (mark the choice) without re-rendering."""
    choices: list[Choice]


class KeyboardStore:
    """Live keyboards in SQLite. Thread-safe; every call is one short transaction."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        if self.path != ":memory:":
            self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA busy_timeout=30000")
        self._conn.executescript(_SCHEMA)

    def remember(self, key: str, message_id: int, html: str, choices: list[Choice]) -> None:
        body = json.dumps([c.model_dump() for c in choices], ensure_ascii=False)
        now = datetime.now(timezone.utc).isoformat()
        with self._lock:
            self._conn.execute(
                "INSERT INTO telegram_keyboards (key, message_id, html, choices, at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET message_id = excluded.message_id, html = excluded.html,"
                " choices = excluded.choices, at = excluded.at", (key, message_id, html, body, now))

    def current(self, key: str) -> Keyboard | None:
        with self._lock:
            row = self._conn.execute("SELECT message_id, html, choices FROM telegram_keyboards WHERE key = ?",
                                     (key,)).fetchone()
        return _keyboard(row)

    def take(self, key: str, message_id: int, index: int) -> Choice | None:
        """The choice at `index` if `message_id` carries the live keyboard; that keyboard is then spent.

        A button works once (a double tap must not answer two questions), and a position the
        keyboard does not have leaves it live.
        """
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                keyboard = _keyboard(self._conn.execute(
                    "SELECT message_id, html, choices FROM telegram_keyboards WHERE key = ? AND message_id = ?",
                    (key, message_id)).fetchone())
                if keyboard is not None and 0 <= index < len(keyboard.choices):
                    self._conn.execute("DELETE FROM telegram_keyboards WHERE key = ?", (key,))
                else:
                    keyboard = None
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        return keyboard.choices[index] if keyboard is not None else None

    def forget(self, key: str) -> Keyboard | None:
        """Drops the live keyboard and returns it, so its buttons can be taken off the screen."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                row = self._conn.execute("SELECT message_id, html, choices FROM telegram_keyboards WHERE key = ?",
                                         (key,)).fetchone()
                if row is not None:
                    self._conn.execute("DELETE FROM telegram_keyboards WHERE key = ?", (key,))
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        return _keyboard(row)

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _keyboard(row: tuple | None) -> Keyboard | None:
    if row is None:
        return None
    return Keyboard(row[0], row[1], [Choice.model_validate(c) for c in json.loads(row[2])])
