"""Adds the security headers to every response: pages, assets, JSON and errors alike.

A response that sets its own header keeps it: the chat, staff and docs pages send a Content-Security-
Policy that lets them load their own scripts. Everything else gets a policy that allows nothing at
all, which is right for JSON and harmless for assets (browsers apply a policy to documents only).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",  # for browsers that predate CSP frame-ancestors
    b"referrer-policy": b"no-referrer",
    b"content-security-policy": b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Only an HTTP response starts with http.response.start; other scopes pass through untouched.
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                missing = [(k, v) for k, v in HEADERS.items() if k not in present]
                message["headers"] = [*message.get("headers", []), *missing]
            await send(message)

        await self.app(scope, receive, with_headers)
