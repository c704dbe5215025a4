"""Every value of the bad-input corpus in every input of every endpoint (profile fields: per parser), in-process.

Acceptance: no 5xx at all, and every 4xx a JSON body whose message is in Chinese. How long these
requests take is measured by benchmarks/bench_bad_inputs.py, not asserted here.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.main import app
from api_setup import NO_RATE_LIMITS, app_with
from bad_inputs import RAW_BODIES, values
from checks import fields

VALUES = values()


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with app_with(tmp_path_factory.mktemp("bad") / "chat.db", NO_RATE_LIMITS), TestClient(app) as http:
        http.session_id = http.post("/chat/sessions").json()["session_id"]
        yield http


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def check(response) -> None:
    request = f"{response.request.method} {str(response.request.url)[:200]}"
    assert response.status_code < 500, f"{request} → {response.status_code}: {response.text[:300]}"
    if response.status_code >= 400:
        assert has_chinese(response.json()["message"]), f"{request} → {response.text[:300]}"


def send(http: TestClient, method: str, url: str, **kwargs) -> None:
    check(http.request(method, url, **kwargs))


def as_text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def post_json(http: TestClient, url: str, body) -> None:
    # json.dumps, not the client's encoder: it must pass 10**400 and lone surrogates through as they are.
    send(http, "POST", url, content=json.dumps(body).encode(), headers={"content-type": "application/json"})


BODIES = {
    "ask.question": ("/ask", lambda v: {"question": v}),
    "ask.today": ("/ask", lambda v: {"question": "第七条", "today": v}),
    "ask.body": ("/ask", lambda v: v),
    "checks.checks": ("/checks", lambda v: {"checks": v}),
    "checks.checks[]": ("/checks", lambda v: {"checks": [v]}),
    "checks.profile": ("/checks", lambda v: {"profile": v}),
    "chat.text": ("/chat/sessions/{sid}/messages", lambda v: {"text": v}),
    "chat.label": ("/chat/sessions/{sid}/messages", lambda v: {"text": "你好", "label": v}),
}


@pytest.mark.parametrize("name", BODIES)
def test_every_value_in_each_json_input(client, name):
    url, body = BODIES[name]
    for value in VALUES:
        post_json(client, url.format(sid=client.session_id), body(value))


FIELDS = fields()


@pytest.mark.parametrize("field", FIELDS)
def test_every_value_in_each_profile_field_kind(client, field):
    # Sixty fields share eleven parsers: the fields of one kind take turns, up to three of them
    # splitting the corpus, so every value reaches every parser and the run stays near 6,000 requests.
    siblings = [name for name, spec in FIELDS.items() if spec.kind == FIELDS[field].kind]
    share = min(3, len(siblings))
    for value in VALUES[siblings.index(field) % share::share]:
        post_json(client, "/checks", {"profile": {field: value}})


@pytest.mark.parametrize("url", ["/cite?ref={}", "/search?q={}", "/search?q=%E5%9C%BA%E5%9C%B0&k={}",
                                 "/articles/{}/7", "/articles/platform/{}", "/chat/sessions/{}"])
def test_every_value_in_each_query_and_path_input(client, url):
    for value in VALUES:
        text = as_text(value)[:5000]
        send(client, "GET", url.format(quote(text.encode("utf-8", "surrogatepass"), safe="")))
        if url.startswith("/chat/sessions/"):
            send(client, "DELETE", url.format(quote(text.encode("utf-8", "surrogatepass"), safe="")))
            send(client, "POST", url.format(quote(text.encode("utf-8", "surrogatepass"), safe="")) + "/messages",
                 json={"text": "你好"})


@pytest.mark.parametrize("url", ["/ask", "/checks", "/chat/sessions", "/chat/sessions/{sid}/messages"])
def test_raw_bodies_that_are_not_json_or_not_utf8(client, url):
    for body in RAW_BODIES:
        send(client, "POST", url.format(sid=client.session_id), content=body,
             headers={"content-type": "application/json"})
