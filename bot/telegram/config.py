"""Reads the Telegram channel's settings from the environment, in one place, without leaking the token.

Both ways of running (long polling from the CLI, the webhook in the FastAPI app) need the same
facts: the bot token, the webhook secret, where the Bot API lives and where conversations are kept.
Conversations are kept where the web chat keeps them (ASSISTANT_DB, same default), so a hotline
operator runs one database whichever channels are on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Mapping

from ..settings import DEFAULT_IDLE_MINUTES, StoreSettings, default_db


TOKEN_VAR = "TELEGRAM_BOT_TOKEN"
SECRET_VAR = "TELEGRAM_WEBHOOK_SECRET"
API_URL_VAR = "TELEGRAM_API_BASE_URL"
"""Only for a self-hosted Bot API server (or a test stand-in), e.g. http://127.0.0.1:8081/bot."""


class MissingSetting(RuntimeError):
    """A required environment variable is not set; the message says which and how, in Chinese and English."""


@dataclass(frozen=True)
class TelegramConfig:
    token: str = field(repr=False)
    webhook_secret: str | None = field(default=None, repr=False)
    api_base_url: str | None = None
    db: str = field(default_factory=lambda: str(default_db()))
    """ASSISTANT_DB: a SQLite file or a postgresql:// URL."""
    idle_timeout: timedelta | None = timedelta(minutes=DEFAULT_IDLE_MINUTES)

    @property
    def api_file_url(self) -> str | None:
        # A local Bot API server serves files under /file/bot<token>/ next to /bot<token>/.
        if not self.api_base_url:
            return None
        base = self.api_base_url.rstrip("/")
        return base[: -len("bot")] + "file/bot" if base.endswith("/bot") else base + "/file/bot"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, need_secret: bool = False) -> "TelegramConfig":
        env = os.environ if env is None else env
        store = StoreSettings.from_env(env)
        token = (env.get(TOKEN_VAR) or "").strip()
        if not token:
            raise MissingSetting(
                f"未设置环境变量 {TOKEN_VAR}：请先通过 @BotFather 创建机器人并取得令牌，然后 export {TOKEN_VAR}=<令牌>。\n"
                f"{TOKEN_VAR} is not set: create a bot with @BotFather and export {TOKEN_VAR}=<token>.")
        secret = (env.get(SECRET_VAR) or "").strip() or None
        if need_secret and not secret:
            raise MissingSetting(
                f"未设置环境变量 {SECRET_VAR}：webhook 需要一个只含字母、数字、_ 和 - 的密钥（1–256 个字符）。\n"
                f"{SECRET_VAR} is not set: a webhook needs a secret of 1-256 characters A-Z, a-z, 0-9, _ and -.")
        return cls(token=token, webhook_secret=secret, api_base_url=(env.get(API_URL_VAR) or "").strip() or None,
                   db=store.db, idle_timeout=store.idle_timeout)


def webhook_enabled(env: Mapping[str, str] | None = None) -> bool:
    """The webhook is served only when both the token and the secret are set."""
    env = os.environ if env is None else env
    return bool((env.get(TOKEN_VAR) or "").strip() and (env.get(SECRET_VAR) or "").strip())
