"""Gives every request an id and turns any unexpected exception into a Chinese JSON 500 that carries it.

The id goes back in the X-Request-ID header of every response and into the log line that holds the
traceback, so a caller who quotes the number from the error leads staff straight to the cause.
Exceptions stop here: Starlette's own handler would answer English text/plain and log without the id.
"""

from __future__ import annotations

import logging
import secrets

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .access_log import redact

log = logging.getLogger("api.errors")


def server_error_message(request_id: str) -> str:
    return (f"抱歉，服务器处理这个请求时出错了，已记录下来（编号 {request_id}）。"
            "请稍后再试；如果一直出错，请把这个编号告诉热线工作人员。")


class ServerErrors:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, with_id)
        except Exception:
            log.exception("request %s failed: %s %s", request_id, scope.get("method"), redact(scope.get("path", "")))
            if started:  # too late for a 500: the status line is already out
                raise
            text = server_error_message(request_id)
            response = JSONResponse({"message": text, "detail": text, "request_id": request_id}, status_code=500)
            await response(scope, receive, with_id)
