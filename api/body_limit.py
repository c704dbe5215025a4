"""Refuses a request body over the limit with 413 before reading it, whether or not its size is declared.

A declared Content-Length over the limit is answered at once, without calling the app or reading a
byte; a body without one (chunked) is counted as it arrives and refused the moment the count passes
the limit, so memory never holds more than the limit. Starlette's own RequestBodyLimitMiddleware
is not used: it lets the endpoint run when the endpoint never reads the body, and answers in
English text/plain.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def _message(max_bytes: int) -> str:
    return f"请求内容太大，超过了 {max_bytes:,} 字节的上限。请只发送需要的内容（问题、消息或所填数据）。"


class BodyTooLarge(HTTPException):
    """Raised from receive(); FastAPI passes an HTTPException from body reading on to its handlers."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, detail=_message(max_bytes), headers={"Connection": "close"})


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return

        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        text = _message(self.max_bytes)
        # Connection: close, so a client still sending the body has its connection ended, not read.
        response = JSONResponse({"message": text, "detail": text}, status_code=413, headers={"Connection": "close"})
        await response(scope, receive, send)
