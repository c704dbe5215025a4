"""Which update runs when: one chat's updates in update_id order, on whichever instance holds the chat,
and different chats side by side — without one busy chat taking the slots every chat shares.

python-telegram-bot's BaseUpdateProcessor holds its semaphore around `do_process_update`, so a lock
taken inside it makes waiting updates hold shared slots: 64 queued updates of one chat once blocked
every other chat. Here PTB's own bound is only a large cap on tasks, and the shared slots that
matter (`max_concurrent`) are taken after the chat's locks: first an asyncio lock per chat (arrival
order within this process), then the store's lock for the chat (an advisory lock across every
instance on PostgreSQL), then a work slot.

Holding the chat, the processor records the update in the store (a redelivery is already there;
the webhook records each update before it answers Telegram) and applies every update of the chat
still pending up to this one, oldest first: an update another instance received earlier, or one
whose reply Telegram refused, goes before it. So a chat's updates are applied in update_id order
among those received, whichever instance received them and whichever runs first. An update is done
when the channel says its reply went out; otherwise it stays pending for the chat's next update or
the periodic sweep (`sweep`), and the stored turn makes that second pass a re-send, not a second turn.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any, Awaitable, Callable

from telegram import Update
from telegram.ext import Application, BaseUpdateProcessor

from ..conversations import Clock
from ..store import Database, TelegramRecords

log = logging.getLogger("bot.telegram")

MAX_CONCURRENT_UPDATES = 64
_TASK_CAP = 100_000
"""PTB's semaphore counts tasks that may merely be waiting for their chat; this only bounds memory."""


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Per-chat order across instances, through the store; see the module docstring."""

    __slots__ = ("_app", "_chats", "_clock", "_db", "_delivered", "_records", "_users", "_work")

    def __init__(self, records: TelegramRecords, db: Database, clock: Clock, *,
                 delivered: Callable[[int], bool], max_concurrent: int = MAX_CONCURRENT_UPDATES):
        super().__init__(_TASK_CAP)
        self._records, self._db, self._clock, self._delivered = records, db, clock, delivered
        self._work = asyncio.Semaphore(max_concurrent)
        self._chats: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}
        self._app: Application | None = None

    def attach(self, app: Application) -> None:
        """The application whose handlers run pending updates other than the one being processed."""
        self._app = app

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            async with self._work:
                await coroutine
            return
        lock = self._chats.setdefault(chat.id, asyncio.Lock())
        self._users[chat.id] = self._users.get(chat.id, 0) + 1
        try:
            async with lock:  # FIFO: this process's updates of the chat in arrival order
                await self._across_instances(chat.id, update, coroutine)
        finally:
            # Forget a chat's lock once nobody holds or waits for it, so memory stays flat.
            self._users[chat.id] -= 1
            if not self._users[chat.id]:
                del self._users[chat.id]
                del self._chats[chat.id]

    async def _across_instances(self, chat_id: int, update: Update, coroutine: Awaitable[Any]) -> None:
        held = self._db.lock(f"telegram-chat:{chat_id}")
        await asyncio.to_thread(held.__enter__)
        try:
            async with self._work:
                await self._apply_pending(chat_id, update, coroutine)
        finally:
            await asyncio.to_thread(held.__exit__, None, None, None)

    async def _apply_pending(self, chat_id: int, update: Update, coroutine: Awaitable[Any]) -> None:
        own = update.update_id
        await asyncio.to_thread(self._records.receive, own, chat_id, update.to_dict(), now=self._clock())
        pending = await asyncio.to_thread(self._records.pending, chat_id, own)
        ran_own = False
        for update_id, payload in pending:
            if update_id == own:
                ran_own = True
                await coroutine
            else:
                await self._app.process_update(Update.de_json(payload, self._app.bot))
            if self._delivered(update_id):
                await asyncio.to_thread(self._records.finish, update_id, now=self._clock())
        if not ran_own:
            # Done already (a redelivery, or applied by whoever held the chat first): nothing to run.
            coroutine.close()

    async def sweep(self, older_than: timedelta) -> int:
        """Puts updates pending longer than `older_than` back on the queue; returns how many.

        Safe on every instance: whoever gets a chat first applies its pending updates, the others
        find them done.
        """
        stale = await asyncio.to_thread(self._records.stale, self._clock() - older_than)
        for _, payload in stale:
            await self._app.update_queue.put(Update.de_json(payload, self._app.bot))
        return len(stale)

    async def initialize(self) -> None:
        """Nothing to set up: locks are made on demand."""

    async def shutdown(self) -> None:
        """Nothing to free."""
