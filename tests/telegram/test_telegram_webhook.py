"""The webhook mode: POST /telegram/webhook in the FastAPI app, with the bot talking to the stand-in.

The app under test is api.main's, rebuilt with the Telegram settings in the environment, so these
tests also prove the route is wired in only when both the token and the secret are set.
"""

from __future__ import annotations

import importlib
from typing import Iterator

import pytest
from tg_standin import TOKEN, BotApiStandIn, standin  # noqa: F401 (fixtures)
from fastapi.testclient import TestClient

from api import cli

SECRET = "webhook-Secret_123"
PATH = "/telegram/webhook"


def _rebuild_main():
    import api.main

    return importlib.reload(api.main)


@pytest.fixture
def webhook_env(monkeypatch, standin: BotApiStandIn, tmp_path):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", standin.base_url)
    monkeypatch.setenv("ASSISTANT_DB", str(tmp_path / "webhook.db"))
    return monkeypatch


@pytest.fixture
def client(webhook_env) -> Iterator[TestClient]:
    main = _rebuild_main()
    try:
        with TestClient(main.app) as test_client:
            yield test_client
    finally:
        # Leave api.main as the other tests know it: built without the Telegram settings.
        webhook_env.delenv("TELEGRAM_BOT_TOKEN")
        webhook_env.delenv("TELEGRAM_WEBHOOK_SECRET")
        _rebuild_main()


def _start(standin: BotApiStandIn, chat_id: int = 9001) -> dict:
    return standin.update(message=standin.user_message(chat_id, "/start"))


def test_without_the_secret_header_the_webhook_refuses_and_nothing_happens(client, standin):
    response = client.post(PATH, json=_start(standin))
    assert response.status_code == 401
    assert standin.calls == [], "the bot was not even built"


def test_with_a_wrong_secret_the_webhook_refuses_and_nothing_happens(client, standin):
    for wrong in ("webhook-Secret_12", "webhook-Secret_1234", "", "WEBHOOK-SECRET_123", "秘密"):
        headers = {"X-Telegram-Bot-Api-Secret-Token": wrong.encode("utf-8")}
        response = client.post(PATH, json=_start(standin), headers=headers)
        assert response.status_code == 403, wrong
    assert standin.calls == []


def test_a_malformed_body_with_the_right_secret_is_rejected_without_processing(client, standin):
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    assert client.post(PATH, content=b"not json", headers=headers).status_code == 400
    assert client.post(PATH, json=[1, 2], headers=headers).status_code == 400
    assert standin.calls == []
    weird = {"update_id": 5, "message": {"message_id": "x", "chat": 3}}
    assert client.post(PATH, json=weird, headers=headers).status_code == 400
    assert standin.calls_of("sendMessage") == []


def test_with_the_right_secret_updates_are_processed_like_polled_ones(client, standin):
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    response = client.post(PATH, json=_start(standin), headers=headers)
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert "上海科技政策助手" in standin.sent(9001)[-1]
    assert [c["command"] for c in standin.commands][:1] == ["start"], "the command menu is registered"

    press = standin.update(callback_query=standin.callback_query(9001, "能否申请服务平台"))
    assert client.post(PATH, json=press, headers=headers).status_code == 200
    assert "服务平台申请条件自检" in standin.sent(9001)[-1]
    assert standin.calls_of("editMessageText", 9001), "the pressed message was updated"

    typed = standin.update(message=standin.user_message(9001, "法人"))
    assert client.post(PATH, json=typed, headers=headers).status_code == 200
    assert "已记录：组织形式 法人" in standin.sent(9001)[-1]

    before = standin.mark()
    late = standin.update(message=standin.user_message(9001, "是"))
    assert client.post(PATH, json=late, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}).status_code == 403
    assert standin.calls[before:] == []
    assert standin.errors == []


def test_without_the_telegram_settings_the_app_has_no_webhook(monkeypatch):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", SECRET)
    main = _rebuild_main()
    assert PATH not in [getattr(route, "path", "") for route in main.app.routes]
    with TestClient(main.app) as test_client:
        assert test_client.post(PATH, json={"update_id": 1},
                                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}).status_code == 404


def test_the_cli_registers_the_webhook_with_its_secret(webhook_env, standin, capsys):
    url = "https://assistant.example.org/telegram/webhook"
    assert cli.main(["telegram", "--webhook-url", url]) == 0
    assert standin.webhook == {"url": url, "secret_token": SECRET}
    assert [c["command"] for c in standin.commands] == ["start", "check", "cite", "cancel", "help"]
    assert TOKEN not in capsys.readouterr().out
