"""POST /telegram/webhook: where Telegram pushes updates when the bot runs in webhook mode.

api/main.py includes this router only when TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET are both
set, and the route checks them again on every request. The secret header is compared before anything
else happens (before the body is read or the Bot API called), so a request without it costs nothing
and changes nothing. Register the webhook with
`policy-assistant telegram --webhook-url https://<host>/telegram/webhook`, which hands Telegram the
same secret.

As python-telegram-bot intends for a custom webhook server, the route only records the update in the
store (a redelivered update_id is dropped there), puts it on the started Application's update_queue
and answers at once; the turn and its Bot API calls happen after the answer, so a slow Bot API never
makes Telegram time out and redeliver. The Application is started with the server (api/runtime.py)
in the background, so the web app serves while Telegram is unreachable.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
from typing import Any

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


async def start(app: FastAPI, runtime: Any) -> None:
    """Builds the webhook's Application on the process's conversations and brings it up in the background."""
    if not enabled() or runtime.conversations is None:
        return
    from bot.telegram import TelegramConfig, build_application

    bot = build_application(TelegramConfig.from_env(need_secret=True), clock=runtime.clock,
                            conversations=runtime.conversations, polling=False)
    app.state.telegram = bot
    app.state.telegram_up = asyncio.get_running_loop().create_task(_bring_up(bot))


async def _bring_up(bot: Any) -> None:
    from telegram.error import TelegramError

    delay = 1.0
    while True:
        try:
            await bot.initialize()
            break
        except TelegramError as err:  # Telegram unreachable: updates wait on the queue meanwhile
            log.warning("Telegram bot not ready (%s); retrying in %.0f s", type(err).__name__, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 60.0)
    await bot.start()
    await bot.post_init(bot)  # the command menu and the sweep of pending updates, as polling does


async def stop(app: FastAPI) -> None:
    bot = getattr(app.state, "telegram", None)
    if bot is None:
        return
    app.state.telegram = None
    app.state.telegram_up.cancel()
    if bot.running:
        await bot.stop()
    if bot._initialized:
        await bot.shutdown()
        await bot.post_shutdown(bot)


router = APIRouter(tags=["telegram"])


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

    bot = getattr(request.app.state, "telegram", None)
    runtime = getattr(request.app.state, "runtime", None)
    if bot is None or runtime is None or runtime.store is None:
        # Telegram retries a webhook call that did not succeed, so the update is not lost.
        return _error(status.HTTP_503_SERVICE_UNAVAILABLE, "Telegram 机器人暂时不可用。")

    from telegram import Update

    from bot.store import StoreError

    try:
        update = Update.de_json(data, bot.bot)
    except Exception as err:  # noqa: BLE001 — whatever de_json trips over, the body was not an update
        log.warning("malformed Telegram update %s: %s", data.get("update_id"), type(err).__name__)
        return _error(status.HTTP_400_BAD_REQUEST, "无法解析的 Telegram 更新。")
    chat = update.effective_chat
    try:
        fresh = await asyncio.to_thread(runtime.store.telegram.receive, update.update_id,
                                        chat.id if chat is not None else None, data, now=runtime.clock())
    except StoreError as err:
        log.error("could not record Telegram update %s: %s", update.update_id, str(err).splitlines()[0])
        return _error(status.HTTP_503_SERVICE_UNAVAILABLE, "暂时无法接收，请稍后重发。")
    if fresh:
        await bot.update_queue.put(update)
    return JSONResponse({"ok": True})
