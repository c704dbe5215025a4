"""The HTTP limits, read from the environment once at start-up; every default fits a public hotline.

ASSISTANT_MAX_BODY_BYTES  largest request body (default 65536: a full self-check profile is about
                          2 KB, a Telegram update with a 4,096-character message under 30 KB)
ASSISTANT_RATE_SESSIONS   new chat sessions per client address (default 60/minute;600/hour)
ASSISTANT_RATE_MESSAGES   chat messages per conversation (default 30/minute)
ASSISTANT_RATE_ASK        POST /ask per client address (default 60/minute)
ASSISTANT_RATE_STORAGE    where the counts live (default memory://; redis://host:6379 shares them
                          between several server processes)
ASSISTANT_TRUSTED_PROXIES addresses or networks of reverse proxies whose X-Forwarded-For names the
                          client (default none: the connecting address is the client)

A rate is in the `limits` notation (several joined by ';'); "off" removes that limit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

DEFAULT_BODY_BYTES = 64 * 1024
DEFAULT_RATES = {"sessions": "60/minute;600/hour", "messages": "30/minute", "ask": "60/minute"}


@dataclass(frozen=True)
class ApiSettings:
    body_bytes: int
    rates: dict[str, str | None]
    rate_storage: str
    trusted_proxies: tuple[str, ...]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "ApiSettings":
        env = os.environ if env is None else env
        body = (env.get("ASSISTANT_MAX_BODY_BYTES") or "").strip()
        rates = {}
        for name, default in DEFAULT_RATES.items():
            value = (env.get(f"ASSISTANT_RATE_{name.upper()}") or default).strip()
            rates[name] = None if value.lower() in ("off", "0", "none") else value
        proxies = tuple(p.strip() for p in (env.get("ASSISTANT_TRUSTED_PROXIES") or "").split(",") if p.strip())
        return cls(body_bytes=int(body) if body.isdigit() else DEFAULT_BODY_BYTES, rates=rates,
                   rate_storage=(env.get("ASSISTANT_RATE_STORAGE") or "memory://").strip(),
                   trusted_proxies=proxies)
