"""The request limits: a body over the limit is refused before it is read, and rates past their limit get 429."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from api.body_limit import BodyLimit
from api.main import app, settings
from api.settings import ApiSettings
from api_setup import app_with

client = TestClient(app)


def run_asgi(asgi, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[int, dict, int]:
    """Calls an ASGI app with a body sent in chunks; returns the status, the JSON body and the chunks read."""
    pending, sent, read = list(chunks), [], 0

    async def receive():
        nonlocal read
        if not pending:
            return {"type": "http.disconnect"}
        read += 1
        return {"type": "http.request", "body": pending.pop(0), "more_body": bool(pending)}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/ask", "raw_path": b"/ask", "root_path": "", "query_string": b"", "server": ("testserver", 80),
             "client": ("127.0.0.1", 5000), "headers": [(b"content-type", b"application/json"), *headers]}
    # A thread of its own: after the browser tests, Playwright's loop is running in this one.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, asgi(scope, receive, send)).result()
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], json.loads(body), read


def test_a_declared_body_over_the_limit_is_refused_without_reading_a_byte():
    twenty_mb = str(20 * 1024 * 1024).encode()
    status, body, read = run_asgi(app, [(b"content-length", twenty_mb)], [b"x" * 65_536] * 320)
    assert status == 413 and read == 0
    assert "上限" in body["message"]


def test_an_undeclared_body_is_refused_as_soon_as_it_passes_the_limit():
    limited = BodyLimit(app, max_bytes=1000)
    status, body, read = run_asgi(limited, [], [b" " * 400] * 50)
    assert status == 413 and read == 3  # 1,200 bytes read of 20,000 sent
    assert "1,000" in body["message"]


def test_a_body_within_the_limit_is_answered():
    question = json.dumps({"question": "第七条第（三）项"}).encode()
    status, body, _ = run_asgi(app, [(b"content-length", str(len(question)).encode())], [question])
    assert status == 200 and body["citations"][0]["id"] == "platform-7-3"


def test_the_default_limit_fits_a_full_profile_and_refuses_twenty_megabytes():
    assert settings.body_bytes == 65_536
    response = client.post("/checks", content=b'{"profile": {"own_platform": "' + b"x" * 70_000 + b'"}}',
                           headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["message"]


@pytest.fixture
def limited(tmp_path):
    """Tight rates, so a handful of requests reach them."""
    with app_with(tmp_path / "chat.db", {"ASSISTANT_RATE_SESSIONS": "3/minute", "ASSISTANT_RATE_MESSAGES": "2/minute",
                                         "ASSISTANT_RATE_ASK": "4/minute"}):
        yield


def test_session_creation_past_its_rate_is_429_with_retry_after(limited):
    statuses = [client.post("/chat/sessions").status_code for _ in range(5)]
    assert statuses == [201, 201, 201, 429, 429]
    refused = client.post("/chat/sessions")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "新建对话太频繁" in refused.json()["message"]


def test_ask_past_its_rate_is_429(limited):
    statuses = [client.post("/ask", json={"question": "第七条"}).status_code for _ in range(6)]
    assert statuses == [200] * 4 + [429] * 2


def test_messages_are_counted_per_conversation(limited):
    first, second = (client.post("/chat/sessions").json()["session_id"] for _ in range(2))
    say = lambda sid: client.post(f"/chat/sessions/{sid}/messages", json={"text": "你好"}).status_code  # noqa: E731
    assert [say(first), say(first), say(first)] == [200, 200, 429]
    assert say(second) == 200


def test_rates_are_configurable_and_can_be_switched_off():
    off = ApiSettings.from_env({"ASSISTANT_RATE_ASK": "off", "ASSISTANT_TRUSTED_PROXIES": "10.0.0.1, 10.1.0.0/16"})
    assert off.rates["ask"] is None and off.rates["sessions"] == "60/minute;600/hour"
    assert off.trusted_proxies == ("10.0.0.1", "10.1.0.0/16")


def test_x_forwarded_for_names_the_client_only_behind_a_configured_proxy(limited):
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    def ask_as(http: TestClient, address: str) -> int:
        return http.post("/ask", json={"question": "第七条"}, headers={"X-Forwarded-For": address}).status_code

    # Not configured: the header is the client's own word, and every caller shares the connecting address.
    assert [ask_as(client, f"203.0.113.{i}") for i in range(5)] == [200] * 4 + [429]
    app.state.rate_limits.reset()
    behind_proxy = TestClient(ProxyHeadersMiddleware(app, trusted_hosts="testclient"))
    assert [ask_as(behind_proxy, f"203.0.113.{i}") for i in range(5)] == [200] * 5
