"""The dialog sessions over HTTP: create, talk, restore after a reload, idle notice, bad requests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from api.main import app
from api.routers import chat as chat_router
from bot import Conversations, Engine, Store
from knowledge import system_clock
from knowledge.limits import MESSAGE_CHARS


@pytest.fixture
def client(tmp_path, monkeypatch, clock):
    monkeypatch.setenv("ASSISTANT_DB", str(tmp_path / "app.db"))  # what the app's own start-up opens
    chats = Conversations(Store(str(tmp_path / "chat.db")), Engine(), clock=clock)
    app.dependency_overrides[chat_router.conversations] = lambda: chats
    app.state.clock = clock
    with TestClient(app) as c:
        c.chats = chats
        yield c
    app.dependency_overrides.clear()
    app.state.clock = system_clock


def new_session(client) -> str:
    r = client.post("/chat/sessions")
    assert r.status_code == 201
    return r.json()["session_id"]


def say(client, sid: str, text: str, label: str | None = None) -> dict:
    r = client.post(f"/chat/sessions/{sid}/messages", json={"text": text, "label": label})
    assert r.status_code == 200, r.text
    return r.json()["turn"]


def test_a_new_session_opens_with_a_greeting_and_the_self_check_menu(client):
    r = client.post("/chat/sessions")
    body = r.json()
    assert r.status_code == 201 and len(body["session_id"]) >= 16
    turn = body["turn"]
    assert "您好" in turn["blocks"][0]["text"]
    assert "/flow voucher_entry" in [c["value"] for c in turn["choices"]]
    assert body["idle_timeout_minutes"] > 0
    assert body["max_message_chars"] == MESSAGE_CHARS and body["suggestions"]  # what the page needs before anything is typed


def test_session_ids_are_unguessable_and_distinct(client):
    ids = {new_session(client) for _ in range(20)}
    assert len(ids) == 20


def test_a_self_check_over_http_to_the_result(client):
    sid = new_session(client)
    turn = say(client, sid, "/flow voucher_entry", "能否入驻创新券平台")
    assert turn["prompt"]["field"] == "org_form" and turn["prompt"]["kind"] == "choice"
    for text in ["法人", "2020-01-01", "是", "是", "是", "是", "是", "是", "还没核验"]:
        turn = say(client, sid, text)
    assert turn["mode"] == "review"
    turn = say(client, sid, "确认")
    result = next(b for b in turn["blocks"] if b["type"] == "result")
    assert result["reports"][0]["verdict"] == "eligible"
    row = result["reports"][0]["rows"][0]
    assert row["citation"]["text"] and row["citation"]["label"].startswith("《上海市科技创新券服务机构管理实施细则》")


def test_a_reload_restores_the_transcript_and_the_open_question(client):
    sid = new_session(client)
    say(client, sid, "/flow voucher_entry", "能否入驻创新券平台")
    say(client, sid, "法人")
    r = client.get(f"/chat/sessions/{sid}")
    body = r.json()
    assert r.status_code == 200 and not body["expired"]
    users = [m["text"] for m in body["messages"] if m["role"] == "user"]
    assert users == ["能否入驻创新券平台", "法人"]
    assert body["turn"]["prompt"]["field"] == "established_on"


def test_an_idle_session_is_paused_and_resumed_with_every_answer(tmp_path, monkeypatch, clock):
    monkeypatch.setenv("ASSISTANT_DB", str(tmp_path / "app.db"))
    chats = Conversations(Store(str(tmp_path / "idle.db")), Engine(idle_timeout=timedelta(minutes=30)), clock=clock)
    app.dependency_overrides[chat_router.conversations] = lambda: chats
    before, app.state.clock = app.state.clock, clock  # the routes read the time from the app's clock
    try:
        with TestClient(app) as client:
            sid = new_session(client)
            say(client, sid, "/flow voucher_entry")
            say(client, sid, "法人")
            clock.advance(hours=5)
            body = client.get(f"/chat/sessions/{sid}").json()
            assert body["expired"] and "欢迎回来" in body["turn"]["blocks"][0]["text"]
            assert body["turn"]["prompt"]["field"] == "established_on"
            turn = say(client, sid, "2020-01-01")
            assert turn["mode"] == "asking" and turn["prompt"]["field"] != "established_on"
    finally:
        app.dependency_overrides.clear()
        app.state.clock = before


def test_html_in_a_message_comes_back_as_plain_text(client):
    sid = new_session(client)
    say(client, sid, "<script>alert(1)</script>第七条是什么？", "<script>alert(1)</script>第七条是什么？")
    body = client.get(f"/chat/sessions/{sid}").json()
    assert body["messages"][1]["text"] == "<script>alert(1)</script>第七条是什么？"


@pytest.mark.parametrize("text", ["", "   ", "🙂", "x" * MESSAGE_CHARS, "'; DROP TABLE sessions; --"])
def test_odd_messages_get_a_turn_not_an_error(client, text):
    sid = new_session(client)
    turn = say(client, sid, text)
    assert turn["blocks"]


def test_unknown_session_is_404_in_chinese(client):
    r = client.post("/chat/sessions/AAAAAAAAAAAAAAAAAAAAAA/messages", json={"text": "hi"})
    assert r.status_code == 404 and "找不到这个对话" in r.text
    assert client.get("/chat/sessions/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404


@pytest.mark.parametrize("body,field", [({}, "text"), ({"text": 5}, "text"), ({"text": "x" * (MESSAGE_CHARS + 1)}, "text")])
def test_malformed_messages_are_422_naming_the_field(client, body, field):
    sid = new_session(client)
    r = client.post(f"/chat/sessions/{sid}/messages", json=body)
    assert r.status_code == 422
    assert any(d["field"] == field for d in r.json()["detail"])


def test_a_malformed_session_id_is_refused(client):
    assert client.post("/chat/sessions/../../etc/messages", json={"text": "x"}).status_code in (404, 422)
    assert client.post("/chat/sessions/a%20b/messages", json={"text": "x"}).status_code == 422


def test_invalid_utf8_is_422_not_500(client):
    sid = new_session(client)
    r = client.post(f"/chat/sessions/{sid}/messages", content=b'{"text": "\xff\xfe"}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_delete_ends_a_session(client):
    sid = new_session(client)
    assert client.delete(f"/chat/sessions/{sid}").status_code == 204
    assert client.get(f"/chat/sessions/{sid}").status_code == 404


def test_the_chat_page_and_its_assets_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "上海科技政策助手" in page.text and 'lang="zh-CN"' in page.text
    for asset in ("app.css", "dom.js", "render.js", "chat.js", "articles.js", "articles.html"):
        assert client.get(f"/static/{asset}").status_code == 200
    assert client.get("/static/../main.py").status_code == 404


def test_the_pages_load_nothing_from_outside(client):
    import re

    for path in ("/", "/static/articles.html", "/static/chat.js", "/static/articles.js", "/static/app.css"):
        text = client.get(path).text
        assert not re.search(r"(src|href)=[\"']https?://", text), path
        assert "innerHTML" not in text, path
