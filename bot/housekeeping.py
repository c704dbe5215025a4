"""Retention as a periodic job: every instance runs it, and running it on all of them at once is safe.

Each pass deletes the conversations idle past the retention period and the Telegram updates older
than Telegram would ever redeliver. The deletes are idempotent and batched, each batch one short
transaction that only removes rows still idle when it runs, so instances never need to agree on
who does it and a turn in progress is never cut off.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from .conversations import Clock
from .store import Store, StoreError

log = logging.getLogger("bot.housekeeping")

UPDATE_MEMORY = timedelta(days=2)
"""Telegram gives up redelivering an update after 24 hours; twice that is kept for de-duplication."""


class Housekeeping:
    """Runs `run_once` every `every` in a daemon thread until `stop`."""

    def __init__(self, store: Store, *, retention: timedelta | None, every: timedelta, clock: Clock):
        self.store, self.retention, self.every, self.clock = store, retention, every, clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> tuple[int, int]:
        """One pass; returns (conversations deleted, updates forgotten)."""
        now = self.clock()
        conversations = self.store.purge(now - self.retention) if self.retention else 0
        updates = self.store.telegram.purge(now - UPDATE_MEMORY)
        if conversations or updates:
            log.info("retention: %d conversations and %d Telegram updates deleted", conversations, updates)
        return conversations, updates

    def start(self) -> "Housekeeping":
        self._thread = threading.Thread(target=self._loop, name="housekeeping", daemon=True)
        self._thread.start()
        return self

    def _loop(self) -> None:
        while True:
            try:
                self.run_once()
            except StoreError as err:  # the readiness check reports the store; keep trying
                log.warning("retention pass failed: %s", err)
            except Exception:  # noqa: BLE001 — a bug here must not end the job for good
                log.exception("retention pass failed")
            if self._stop.wait(self.every.total_seconds()):
                return

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
