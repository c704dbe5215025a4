"""One turn end to end for any channel: lock the key, load the state, run the engine, save, log.

The web router and the Telegram adapter differ only in how they receive text and show a turn; the
bookkeeping around a turn (ordering per key, optimistic concurrency between processes, transcript
for restoring a page) is the same and lives here once. Keys are opaque strings: the web uses its
random session id, Telegram uses "tg:<chat id>".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .engine import Engine
from knowledge import Clock

from .models import DialogState, Turn
from .store import Conflict, SessionStore, new_session_id

_RETRIES = 5


class UnknownSession(KeyError):
    """No conversation is stored under this key."""


@dataclass(frozen=True)
class Restored:
    """What a channel needs to put a conversation back on screen."""

    key: str
    state: DialogState
    messages: list[dict[str, Any]]
    turn: Turn
    """The open prompt, review or menu, with the idle notice first if the session just ended."""
    expired: bool


class Conversations:
    """Engine + store. Thread-safe; one instance per process."""

    def __init__(self, store: SessionStore, engine: Engine, *, clock: Clock):
        self.store = store
        self.engine = engine
        self.clock = clock
        """Where `now` comes from when a caller does not pass one: the app's edge decides (tests fix it)."""

    def open(self, key: str | None = None, now: datetime | None = None) -> tuple[str, Turn]:
        """Starts a conversation (a new random key unless one is given) and returns its welcome turn."""
        key = key or new_session_id()
        state, turn = self.engine.start(now or self.clock())
        with self.store.lock(key):
            self.store.save(key, state, None, [("bot", {"turn": _dump(turn)})])
        return key, turn

    def send(self, key: str, text: str, *, shown: str | None = None, create: bool = False,
             now: datetime | None = None) -> Turn:
        """Feeds one input (typed text or a button's value) to the conversation under `key`.

        `shown` is what the transcript records as the user's line (a button's label rather than
        its /command value). With `create`, an unknown key starts a new conversation first (the
        Telegram case: a chat simply starts talking).
        """
        now = now or self.clock()
        with self.store.lock(key):
            for _ in range(_RETRIES):
                stored = self.store.load(key)
                if stored is None:
                    if not create:
                        raise UnknownSession(key)
                    state, revision = self.engine.new_state(now), None
                else:
                    state, revision = stored.state, stored.revision
                new_state, turn = self.engine.handle(state, text, now)
                entries = [("user", {"text": (shown if shown is not None else text)[:4000]}),
                           ("bot", {"turn": _dump(turn)})]
                try:
                    self.store.save(key, new_state, revision, entries)
                except Conflict:
                    continue  # another process took this turn's slot: recompute from its state
                return turn
        raise RuntimeError(f"could not save conversation {key!r} after {_RETRIES} tries")

    def restore(self, key: str, now: datetime | None = None, limit: int = 200) -> Restored:
        """The transcript and the open screen; ends the flow first if it idled past the timeout."""
        with self.store.lock(key):
            stored = self.store.load(key)
            if stored is None:
                raise UnknownSession(key)
            turn = self.engine.current(stored.state, now or self.clock())
        return Restored(key, stored.state, self.store.transcript(key, limit), turn, turn.expired)

    def state(self, key: str) -> DialogState | None:
        stored = self.store.load(key)
        return stored.state if stored else None

    def end(self, key: str) -> None:
        with self.store.lock(key):
            self.store.delete(key)


def _dump(turn: Turn) -> dict[str, Any]:
    return turn.model_dump(mode="json")
