"""POST /telegram/webhook: where Telegram pushes updates when the bot runs in webhook mode.

api/main.py includes this router only when TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET are both
set, and the route checks them again on every request. The secret header is compared before anything
else happens (before the body is read, before the bot is built or the Bot API called), so a request
without it costs nothing and changes nothing. Register the webhook with
`policy-assistant telegram --webhook-url https://<host>/telegram/webhook`, which hands Telegram the
same secret.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

from fastapi import APIRouter, FastAPI, Request, status
from fastapi.responses import JSONResponse

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1 << 20
"""An update is a few kilobytes; anything near a megabyte is not from Telegram."""

log = logging.getLogger("api.routers.telegram")


def enabled() -> bool:
    """Whether the webhook should be served: both the token and the secret are set."""
    from bot.telegram.config import webhook_enabled

    return webhook_enabled()


class _Bot:
    """The webhook's Application: built on the first authenticated update, in the server's event loop.

    Built lazily so the web app starts (and serves the chat) even while Telegram is unreachable, and
    rebuilt if the event loop changes, since its HTTP client belongs to the loop it was made in.
    """

    def __init__(self) -> None:
        self.app: Any = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self._lock: asyncio.Lock | None = None
        self._lock_loop: asyncio.AbstractEventLoop | None = None

    async def get(self) -> Any:
        loop = asyncio.get_running_loop()
        if self.app is not None and self.loop is loop:
            return self.app
        if self._lock is None or self._lock_loop is not loop:
            self._lock, self._lock_loop = asyncio.Lock(), loop
        async with self._lock:
            if self.app is None or self.loop is not loop:
                from bot.telegram import TelegramConfig, build_application

                app = build_application(TelegramConfig.from_env(need_secret=True), polling=False)
                await app.initialize()
                if app.post_init:
                    await app.post_init(app)  # the command menu, as polling registers it at start-up
                self.app, self.loop = app, loop
        return self.app

    async def close(self) -> None:
        app, self.app = self.app, None
        if app is not None and self.loop is asyncio.get_running_loop():
            await app.shutdown()
            if app.post_shutdown:
                await app.post_shutdown(app)


_bot = _Bot()


@asynccontextmanager
async def _lifespan(_: FastAPI) -> AsyncIterator[None]:
    yield
    await _bot.close()


router = APIRouter(tags=["telegram"], lifespan=_lifespan)


def _error(code: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=code)


@router.post("/telegram/webhook", include_in_schema=False)
async def telegram_webhook(request: Request) -> JSONResponse:
    from bot.telegram.config import SECRET_VAR, TOKEN_VAR

    secret = (os.environ.get(SECRET_VAR) or "").strip()
    if not secret or not (os.environ.get(TOKEN_VAR) or "").strip():
        return _error(status.HTTP_404_NOT_FOUND, "Telegram webhook 未启用。")
    given = request.headers.get(SECRET_HEADER)
    if given is None:
        return _error(status.HTTP_401_UNAUTHORIZED, "缺少 Telegram webhook 密钥。")
    # Starlette decodes headers as latin-1, so this gives back the bytes that were sent.
    if not hmac.compare_digest(given.encode("latin-1", "replace"), secret.encode("utf-8")):
        return _error(status.HTTP_403_FORBIDDEN, "Telegram webhook 密钥不正确。")

    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return _error(status.HTTP_413_CONTENT_TOO_LARGE, "请求过大。")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return _error(status.HTTP_413_CONTENT_TOO_LARGE, "请求过大。")
    try:
        data = json.loads(body)
    except ValueError:
        return _error(status.HTTP_400_BAD_REQUEST, "不是 JSON。")
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        return _error(status.HTTP_400_BAD_REQUEST, "不是 Telegram 更新。")

    from telegram.error import TelegramError

    from bot.telegram import feed

    try:
        app = await _bot.get()
    except TelegramError as err:
        # Telegram retries a webhook call that did not succeed, so the update is not lost.
        log.warning("Telegram bot not ready: %s", type(err).__name__)
        return _error(status.HTTP_503_SERVICE_UNAVAILABLE, "Telegram 机器人暂时不可用。")
    try:
        await feed(app, data)
    except ValueError as err:
        log.warning("malformed Telegram update %s: %s", data.get("update_id"), err)
        return _error(status.HTTP_400_BAD_REQUEST, "无法解析的 Telegram 更新。")
    return JSONResponse({"ok": True})
