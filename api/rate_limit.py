"""Per-client request rates, counted by the `limits` package; past a rate the answer is 429 with Retry-After.

Routes name their limit (`Depends(rate_limited("ask"))`); the app decides the rates at start-up
(api/settings.py) and keeps one RateLimits on app.state. Sessions and /ask are counted per client
address; chat messages per conversation, so a hundred callers behind one office's address can each
finish a self-check. The client address is the connecting one, or, when ASSISTANT_TRUSTED_PROXIES is
set, the one a trusted proxy put in X-Forwarded-For (uvicorn's ProxyHeadersMiddleware, in api/main.py).

`limits` rather than slowapi: slowapi wraps the same package in decorators that need a `request`
argument on every endpoint and answer in English; a dependency of a dozen lines does the whole job.
"""

from __future__ import annotations

import math
import time
from typing import Callable

from fastapi import Depends, HTTPException, Request
from limits import RateLimitItem, parse_many, storage, strategies

from .settings import ApiSettings

WHAT = {"sessions": "新建对话", "messages": "发送消息", "ask": "提问"}


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _conversation(request: Request) -> str:
    return request.path_params.get("session_id", "") or _client(request)


KEYS: dict[str, Callable[[Request], str]] = {"sessions": _client, "messages": _conversation, "ask": _client}


class RateLimits:
    def __init__(self, settings: ApiSettings) -> None:
        self.storage = storage.storage_from_string(settings.rate_storage)
        self.limiter = strategies.MovingWindowRateLimiter(self.storage)
        self.items: dict[str, list[RateLimitItem]] = {
            name: parse_many(rate) if rate else [] for name, rate in settings.rates.items()}

    def check(self, name: str, request: Request) -> None:
        """Counts this request, or raises 429 saying how many seconds until one more is allowed."""
        items, key = self.items.get(name, []), KEYS[name](request)
        if all(self.limiter.test(item, name, key) for item in items):
            for item in items:
                self.limiter.hit(item, name, key)
            return
        now = time.time()
        wait = max(math.ceil(self.limiter.get_window_stats(item, name, key).reset_time - now)
                   for item in items if not self.limiter.test(item, name, key))
        raise HTTPException(429, headers={"Retry-After": str(max(wait, 1))},
                            detail=f"{WHAT[name]}太频繁了，请 {max(wait, 1)} 秒后再试。")

    def reset(self) -> None:
        self.storage.reset()

    def stop(self) -> None:
        """Ends the in-memory storage's expiry timer: a non-daemon thread the interpreter would otherwise wait
        for at exit (for ever where timed waits do not end, as under libfaketime). It restarts on the next hit."""
        timer = getattr(self.storage, "timer", None)
        if timer is not None:
            timer.cancel()


def rate_limited(name: str):
    """A route dependency: `dependencies=[rate_limited("ask")]`."""

    def check(request: Request) -> None:
        request.app.state.rate_limits.check(name, request)

    return Depends(check)
