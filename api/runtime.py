"""What one server process serves with, made at start-up from the environment and closed at shutdown:
the store (checked for integrity and migrated to the head revision), the conversations on it, the
periodic retention job and, when configured, the Telegram webhook's Application.

The clock is the app's (app.state.clock, set in api/main.py; tests set a fixed one), handed inward. A store that cannot be opened
(missing but expected, corrupt, unreachable) is logged loudly and kept as the reason the process is
not ready: the chat answers 503, /health/ready says why, and nothing is recreated behind anyone's back.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, AsyncIterator

from fastapi import FastAPI

from bot import Conversations, Engine
from bot.housekeeping import Housekeeping
from bot.settings import StoreSettings
from bot.store import Store, StoreError
from knowledge import Clock

log = logging.getLogger("api.runtime")


@dataclass
class Runtime:
    settings: StoreSettings
    clock: Clock
    store: Store | None = None
    conversations: Conversations | None = None
    error: StoreError | None = None
    housekeeping: Housekeeping | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def start(self) -> "Runtime":
        try:
            self.store = self.settings.open_store()
        except StoreError as err:
            self.error = err
            log.critical("the conversation store cannot be used; the chat is not ready:\n%s", err)
            return self
        log.info("conversations stored in %s", self.store.db.describe())
        self.conversations = Conversations(self.store, Engine(idle_timeout=self.settings.idle_timeout),
                                           clock=self.clock)
        self.housekeeping = Housekeeping(self.store, retention=self.settings.retention,
                                         every=timedelta(minutes=self.settings.purge_every_minutes),
                                         clock=self.clock).start()
        return self

    def stop(self) -> None:
        if self.housekeeping is not None:
            self.housekeeping.stop()
        if self.store is not None:
            self.store.close()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    from .routers import telegram

    runtime = Runtime(StoreSettings.from_env(), app.state.clock).start()
    app.state.runtime = runtime
    await telegram.start(app, runtime)
    try:
        yield
    finally:
        await telegram.stop(app)
        runtime.stop()
        if limits := getattr(app.state, "rate_limits", None):
            limits.stop()
