"""An app with its own conversation store and rates, for API tests that must not share either."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from api.main import app
from api.rate_limit import RateLimits
from api.routers import chat as chat_router
from api.settings import ApiSettings
from bot import Conversations, Engine, Store
from knowledge import system_clock

NO_RATE_LIMITS = {"ASSISTANT_RATE_SESSIONS": "off", "ASSISTANT_RATE_MESSAGES": "off", "ASSISTANT_RATE_ASK": "off"}


@contextmanager
def app_with(db: Path, rates: dict[str, str]):
    """The app with its conversations in `db` and the given ASSISTANT_RATE_* settings, restored after."""
    chats = Conversations(Store(str(db)), Engine(), clock=system_clock)
    app.dependency_overrides[chat_router.conversations] = lambda: chats
    kept, app.state.rate_limits = app.state.rate_limits, RateLimits(ApiSettings.from_env(rates))
    try:
        yield chats
    finally:
        app.state.rate_limits = kept
        app.dependency_overrides.clear()
