"""Where conversations are kept and how long they live, read from the environment for every channel.

The web chat and the Telegram bot share one store, so they must agree on the file and the timeouts:
ASSISTANT_DB, the SQLite file (var/assistant.db in a checkout, ./var/assistant.db when installed);
ASSISTANT_IDLE_MINUTES, minutes before an idle self-check ends (default 30; 0 = never);
ASSISTANT_RETENTION_DAYS, conversations untouched this long are deleted at start-up (default 30; 0 = never).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Mapping

_CHECKOUT = Path(__file__).resolve().parents[1]
DEFAULT_IDLE_MINUTES = 30.0
DEFAULT_RETENTION_DAYS = 30.0


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
    db_path: str
    idle_minutes: float
    retention_days: float

    @property
    def idle_timeout(self) -> timedelta | None:
        return timedelta(minutes=self.idle_minutes) if self.idle_minutes > 0 else None

    @property
    def retention(self) -> timedelta | None:
        return timedelta(days=self.retention_days) if self.retention_days > 0 else None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "StoreSettings":
        env = os.environ if env is None else env
        return cls(db_path=env.get("ASSISTANT_DB") or str(default_db()),
                   idle_minutes=_number(env, "ASSISTANT_IDLE_MINUTES", DEFAULT_IDLE_MINUTES),
                   retention_days=_number(env, "ASSISTANT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
