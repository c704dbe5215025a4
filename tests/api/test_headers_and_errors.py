"""Security headers on every response, a Chinese 500 whose request id is in the log, session ids out of logs."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from api.access_log import RedactSessionIds, redact
from api.main import app
from api.routers import chat as chat_router

client = TestClient(app)


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/", 200), ("GET", "/docs", 200), ("GET", "/openapi.json", 200), ("GET", "/static/app.css", 200),
    ("GET", "/static-offline-docs/swagger-ui.css", 200), ("GET", "/articles/platform/7", 200),
    ("POST", "/ask", 422), ("GET", "/nowhere", 404), ("PUT", "/checks", 405),
])
def test_every_response_carries_the_security_headers(method, path, status):
    response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Request-ID"]


@pytest.mark.parametrize("path", ["/", "/docs", "/articles"])
def test_pages_run_only_their_own_scripts(path):
    html = client.get(path, headers={"accept": "text/html"})
    policy = html.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in html.text and "http://" not in html.text and "https://" not in html.text


def test_redoc_with_its_cdn_logo_is_not_served():
    assert client.get("/redoc").status_code == 404


def test_an_unexpected_error_is_a_chinese_500_whose_id_is_logged_with_the_traceback(caplog):
    def broken():
        raise RuntimeError("the store is on fire")

    app.dependency_overrides[chat_router.conversations] = broken
    try:
        with caplog.at_level(logging.ERROR, logger="api.errors"):
            response = client.get("/chat/sessions/SECRETSESSION123")
    finally:
        app.dependency_overrides.clear()
    assert response.status_code == 500
    body = response.json()
    assert "出错" in body["message"] and body["request_id"] in body["message"]
    assert response.headers["X-Request-ID"] == body["request_id"]
    [record] = [r for r in caplog.records if r.name == "api.errors"]
    assert body["request_id"] in record.getMessage() and record.exc_info[0] is RuntimeError
    assert "SECRETSESSION123" not in record.getMessage()


def test_session_ids_are_kept_out_of_the_access_log():
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "POST", "/chat/sessions/AbCdEf123456/messages", "1.1", 200), None)
    RedactSessionIds().filter(record)
    assert "AbCdEf123456" not in record.getMessage() and "/chat/sessions/…/messages" in record.getMessage()
    assert any(isinstance(f, RedactSessionIds) for f in logging.getLogger("uvicorn.access").filters)
    assert redact("/cite?ref=7.3") == "/cite?ref=7.3"
