"""What the Telegram channel must remember besides the conversation: the live keyboard of each chat
and every update received, in the same database and under the same transaction policy.

Keyboards: callback data holds 64 bytes, too few for a Chinese button value, so a button carries
only its position (bot.telegram.render.callback_data) and the values stay here. Only the latest
keyboard of a chat is live, and a button works once.

Updates: each update is recorded by its update_id before it is processed, so a redelivery is
recognised and dropped, and one chat's updates are applied in update_id order by whichever instance
holds the chat: it processes every pending update of the chat up to the one it received. An update
stays pending until its reply went out, so a reply Telegram refused is shown again with the chat's
next update (or by the periodic sweep) and a crashed instance's updates are not lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update

from ..models import Choice
from .database import Database, insert_ignoring_duplicates
from .schema import stamp, telegram_keyboards, telegram_updates


@dataclass(frozen=True)
class Keyboard:
    message_id: int
    html: str
    """The message text as sent, so a press can edit it (mark the choice) without re-rendering."""
    choices: list[Choice]
    epoch: int = 0
    """The dialog state's epoch when it was sent: once the flow has ended or restarted, it acts on nothing."""
    page: int = 0


_KEYBOARD = (telegram_keyboards.c.message_id, telegram_keyboards.c.html, telegram_keyboards.c.choices,
             telegram_keyboards.c.epoch, telegram_keyboards.c.page)


def _keyboard(row: Any) -> Keyboard | None:
    if row is None:
        return None
    return Keyboard(row.message_id, row.html, [Choice.model_validate(c) for c in json.loads(row.choices)],
                    row.epoch, row.page)


class TelegramRecords:
    """Keyboards and updates; every call is one short transaction on the shared Database."""

    def __init__(self, db: Database):
        self.db = db

    # ------------------------------------------------------------------ keyboards

    def remember(self, key: str, message_id: int, html: str, choices: list[Choice], *, epoch: int,
                 now: datetime) -> None:
        body = json.dumps([c.model_dump() for c in choices], ensure_ascii=False)
        values = {"message_id": message_id, "html": html, "choices": body, "at": stamp(now), "epoch": epoch,
                  "page": 0}
        with self.db.write() as conn:
            if not conn.execute(update(telegram_keyboards).where(telegram_keyboards.c.key == key)
                                .values(**values)).rowcount:
                conn.execute(telegram_keyboards.insert().values(key=key, **values))

    def current(self, key: str) -> Keyboard | None:
        with self.db.read() as conn:
            return _keyboard(conn.execute(select(*_KEYBOARD).where(telegram_keyboards.c.key == key)).first())

    def take(self, key: str, message_id: int, index: int) -> tuple[Keyboard, Choice] | None:
        """The keyboard and its choice at `index` if `message_id` carries the live keyboard; it is then spent.

        A button works once (a double tap must not answer two questions), and a position the
        keyboard does not have leaves it live.
        """
        with self.db.write() as conn:
            keyboard = _keyboard(conn.execute(select(*_KEYBOARD).where(
                telegram_keyboards.c.key == key, telegram_keyboards.c.message_id == message_id)).first())
            if keyboard is None or not 0 <= index < len(keyboard.choices):
                return None
            conn.execute(delete(telegram_keyboards).where(telegram_keyboards.c.key == key))
        return keyboard, keyboard.choices[index]

    def turn_page(self, key: str, message_id: int, page: int) -> Keyboard | None:
        """Shows another page of the live keyboard on `message_id`; None if that keyboard is not live."""
        with self.db.write() as conn:
            if not conn.execute(update(telegram_keyboards).where(
                    telegram_keyboards.c.key == key, telegram_keyboards.c.message_id == message_id)
                    .values(page=page)).rowcount:
                return None
            return _keyboard(conn.execute(select(*_KEYBOARD).where(telegram_keyboards.c.key == key)).first())

    def forget(self, key: str) -> Keyboard | None:
        """Drops the live keyboard and returns it, so its buttons can be taken off the screen."""
        with self.db.write() as conn:
            keyboard = _keyboard(conn.execute(select(*_KEYBOARD).where(telegram_keyboards.c.key == key)).first())
            if keyboard is not None:
                conn.execute(delete(telegram_keyboards).where(telegram_keyboards.c.key == key))
        return keyboard

    # ------------------------------------------------------------------ updates

    def receive(self, update_id: int, chat_id: int | None, payload: dict[str, Any], *, now: datetime) -> bool:
        """Records an update; False if this update_id was received before (a redelivery)."""
        with self.db.write() as conn:
            return insert_ignoring_duplicates(conn, telegram_updates, update_id=update_id, chat_id=chat_id,
                                              payload=json.dumps(payload, ensure_ascii=False),
                                              received_at=stamp(now))

    def pending(self, chat_id: int, up_to: int) -> list[tuple[int, dict[str, Any]]]:
        """The chat's updates not yet done, up to and including `up_to`, oldest first."""
        with self.db.read() as conn:
            rows = conn.execute(select(telegram_updates.c.update_id, telegram_updates.c.payload).where(
                telegram_updates.c.chat_id == chat_id, telegram_updates.c.update_id <= up_to,
                telegram_updates.c.done_at.is_(None)).order_by(telegram_updates.c.update_id)).all()
        return [(uid, json.loads(payload)) for uid, payload in rows]

    def finish(self, update_id: int, *, now: datetime) -> None:
        with self.db.write() as conn:
            conn.execute(update(telegram_updates).where(telegram_updates.c.update_id == update_id)
                         .values(done_at=stamp(now)))

    def stale(self, received_before: datetime, limit: int = 100) -> list[tuple[int, dict[str, Any]]]:
        """Updates still pending that arrived before the cutoff: their instance died or their reply failed."""
        with self.db.read() as conn:
            rows = conn.execute(select(telegram_updates.c.update_id, telegram_updates.c.payload).where(
                telegram_updates.c.done_at.is_(None), telegram_updates.c.received_at < stamp(received_before))
                .order_by(telegram_updates.c.update_id).limit(limit)).all()
        return [(uid, json.loads(payload)) for uid, payload in rows]

    def purge(self, received_before: datetime) -> int:
        """Forgets updates received before the cutoff (Telegram redelivers for a day at most)."""
        with self.db.write() as conn:
            return conn.execute(delete(telegram_updates).where(
                telegram_updates.c.received_at < stamp(received_before))).rowcount
