"""Where conversations are kept and how long they live, read from the environment for every channel.

The web chat and the Telegram bot share one store, so they must agree on the database and the timeouts:
ASSISTANT_DB, a SQLite file (var/assistant.db in a checkout, ./var/assistant.db when installed) or a
  postgresql://user:password@host:5432/name URL;
ASSISTANT_DB_POOL, connections per process to PostgreSQL (default 10; SQLite uses one);
ASSISTANT_IDLE_MINUTES, minutes before an idle self-check ends (default 30; 0 = never);
ASSISTANT_RETENTION_DAYS, conversations untouched this long are deleted (default 30; 0 = never);
ASSISTANT_PURGE_EVERY_MINUTES, how often each instance applies retention (default 60);
ASSISTANT_MAX_TURNS, turns kept per conversation, the oldest dropped first (default 500).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from .store.store import DEFAULT_MAX_TURNS

if TYPE_CHECKING:
    from .store import Store

_CHECKOUT = Path(__file__).resolve().parents[1]
DEFAULT_IDLE_MINUTES = 30.0
DEFAULT_RETENTION_DAYS = 30.0
DEFAULT_PURGE_EVERY_MINUTES = 60.0


def default_db() -> Path:
    # In a checkout the database sits in its var/ (gitignored); an installed copy uses ./var instead.
    base = _CHECKOUT if (_CHECKOUT / "pyproject.toml").exists() else Path.cwd()
    return base / "var" / "assistant.db"


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    try:
        return float(env.get(name) or default)
    except ValueError:
        return default


@dataclass(frozen=True)
class StoreSettings:
    db: str
    idle_minutes: float = DEFAULT_IDLE_MINUTES
    retention_days: float = DEFAULT_RETENTION_DAYS
    purge_every_minutes: float = DEFAULT_PURGE_EVERY_MINUTES
    max_turns: int = DEFAULT_MAX_TURNS
    pool_size: int = 10

    @property
    def idle_timeout(self) -> timedelta | None:
        return timedelta(minutes=self.idle_minutes) if self.idle_minutes > 0 else None

    @property
    def retention(self) -> timedelta | None:
        return timedelta(days=self.retention_days) if self.retention_days > 0 else None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "StoreSettings":
        env = os.environ if env is None else env
        return cls(db=env.get("ASSISTANT_DB") or str(default_db()),
                   idle_minutes=_number(env, "ASSISTANT_IDLE_MINUTES", DEFAULT_IDLE_MINUTES),
                   retention_days=_number(env, "ASSISTANT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS),
                   purge_every_minutes=max(0.1, _number(env, "ASSISTANT_PURGE_EVERY_MINUTES",
                                                        DEFAULT_PURGE_EVERY_MINUTES)),
                   max_turns=max(1, int(_number(env, "ASSISTANT_MAX_TURNS", DEFAULT_MAX_TURNS))),
                   pool_size=max(1, int(_number(env, "ASSISTANT_DB_POOL", 10))))

    def open_store(self) -> "Store":
        """Opens (checks and migrates) the configured database; raises a StoreError when it cannot."""
        from .store import Database, Store

        return Store(Database(self.db, pool_size=self.pool_size), max_turns=self.max_turns)
