"""One turn end to end for any channel: hold the conversation, run the engine, store the turn.

The web router and the Telegram adapter differ only in how they receive text and show a turn; the
bookkeeping around a turn (one turn at a time per key across every process, the transcript for
restoring a page, the stored reply that answers a resent message) is the same and lives here once.
Keys are opaque strings: the web uses its random session id, Telegram uses "tg:<chat id>".

Time is an input: the clock comes from the edge of the app (a callable returning an aware
datetime), so tests fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from knowledge import Clock

from .engine import Engine
from .models import DialogState, Turn
from .store import Store, new_session_id


class UnknownSession(KeyError):
    """No conversation is stored under this key."""


class Stale(RuntimeError):
    """The input was offered in an earlier stage of the conversation (its flow has since ended, been
    cancelled or restarted), so it was not run. `turn` is the notice to show instead, if there is one."""

    def __init__(self, turn: Turn | None):
        super().__init__("the conversation has moved on")
        self.turn = turn


@dataclass(frozen=True)
class Restored:
    """What a channel needs to put a conversation back on screen."""

    key: str
    state: DialogState
    messages: list[dict[str, Any]]
    turn: Turn
    """The open prompt, review or menu, opening with a welcome back after a long pause."""
    expired: bool
    """True when the conversation was paused past the idle timeout (its flow kept, every answer with it)."""


class Conversations:
    """Engine + store + clock. Thread-safe; one instance per process."""

    def __init__(self, store: Store, engine: Engine, *, clock: Clock):
        self.store = store
        self.engine = engine
        self.clock = clock

    def open(self, key: str | None = None) -> tuple[str, Turn]:
        """Starts a conversation (a new random key unless one is given) and returns its welcome turn.

        Raises store.Conflict if `key` is given and taken.
        """
        now = self.clock()
        key = key or new_session_id()
        state, turn = self.engine.start(now)
        self.store.create(key, state, [("bot", {"turn": _dump(turn)})], now=now)
        return key, turn

    def send(self, key: str, text: str, *, shown: str | None = None, create: bool = False,
             message_id: str | None = None, offered_at: int | None = None) -> Turn:
        """Feeds one input (typed text or a button's value) to the conversation under `key`.

        `shown` is what the transcript records as the user's line (a button's label rather than
        its /command value). With `create`, an unknown key starts a new conversation first (the
        Telegram case: a chat simply starts talking). With `message_id`, a message answered before
        gets its stored reply back and the turn is not run again. With `offered_at`, the epoch in
        which a button was offered: if the flow has since ended, been cancelled or restarted, nothing
        is run and Stale is raised.
        """
        now = self.clock()
        stale: Stale | None = None
        with self.store.hold(key, (lambda: self.engine.new_state(now)) if create else None) as held:
            if held.state is None:
                raise UnknownSession(key)
            if message_id is not None and (stored := held.reply(message_id)) is not None:
                return Turn.model_validate(stored)
            if offered_at is not None and held.state.epoch != offered_at:
                stale = Stale(None)
            if stale is None:
                new_state, turn = self.engine.handle(held.state, text, now)
                entries = [("user", {"text": (shown if shown is not None else text)[:4000]}),
                           ("bot", {"turn": _dump(turn)})]
                held.save(new_state, entries, now=now, client_id=message_id)
        if stale is not None:
            raise stale
        return turn

    def reply(self, key: str, message_id: str) -> Turn | None:
        """The reply stored for a message already answered, or None."""
        with self.store.hold(key) as held:
            stored = held.reply(message_id) if held.state is not None else None
        return Turn.model_validate(stored) if stored is not None else None

    def restore(self, key: str, limit: int = 200) -> Restored:
        """The transcript and the open screen (a paused self-check opens with its welcome back)."""
        now = self.clock()
        with self.store.hold(key) as held:
            if held.state is None:
                raise UnknownSession(key)
            turn = self.engine.current(held.state, now)
            messages = held.transcript(limit)
        return Restored(key, held.state, messages, turn, turn.expired)

    def state(self, key: str) -> DialogState | None:
        stored = self.store.load(key)
        return stored.state if stored else None

    def end(self, key: str) -> None:
        self.store.delete(key)


def _dump(turn: Turn) -> dict[str, Any]:
    return turn.model_dump(mode="json")
