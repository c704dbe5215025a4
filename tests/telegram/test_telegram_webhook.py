"""The webhook mode: POST /telegram/webhook in the FastAPI app, with the bot talking to the stand-in.

The app under test is api.main's, rebuilt with the Telegram settings in the environment, so these
tests also prove the route is wired in only when both the token and the secret are set. The route
answers before the turn runs, so each test waits for the bot's messages at the stand-in.
"""

from __future__ import annotations

import importlib
import time
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


HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}


def _start(standin: BotApiStandIn, chat_id: int = 9001) -> dict:
    return standin.update(message=standin.user_message(chat_id, "/start"))


def _post(client, standin: BotApiStandIn, update: dict, chat_id: int = 9001) -> str:
    """Posts an update as Telegram would and waits for the bot's reply to reach the stand-in."""
    since = standin.mark()
    response = client.post(PATH, json=update, headers=HEADERS)
    assert response.status_code == 200 and response.json() == {"ok": True}
    return "\n\n".join(standin.wait_reply(chat_id, since))


def test_without_the_secret_header_the_webhook_refuses_and_nothing_happens(client, standin):
    response = client.post(PATH, json=_start(standin))
    assert response.status_code == 401
    time.sleep(0.3)
    assert standin.calls_of("sendMessage") == [], "nothing was processed"


def test_with_a_wrong_secret_the_webhook_refuses_and_nothing_happens(client, standin):
    for wrong in ("webhook-Secret_12", "webhook-Secret_1234", "", "WEBHOOK-SECRET_123", "秘密"):
        headers = {"X-Telegram-Bot-Api-Secret-Token": wrong.encode("utf-8")}
        response = client.post(PATH, json=_start(standin), headers=headers)
        assert response.status_code == 403, wrong
    time.sleep(0.3)
    assert standin.calls_of("sendMessage") == []


def test_a_malformed_body_with_the_right_secret_is_rejected_without_processing(client, standin):
    assert client.post(PATH, content=b"not json", headers=HEADERS).status_code == 400
    assert client.post(PATH, json=[1, 2], headers=HEADERS).status_code == 400
    weird = {"update_id": 5, "message": {"message_id": "x", "chat": 3}}
    assert client.post(PATH, json=weird, headers=HEADERS).status_code == 400
    time.sleep(0.3)
    assert standin.calls_of("sendMessage") == []


def test_with_the_right_secret_updates_are_processed_like_polled_ones(client, standin):
    assert "上海科技政策助手" in _post(client, standin, _start(standin))
    standin.wait_for(lambda: standin.commands)
    assert [c["command"] for c in standin.commands][:1] == ["start"], "the command menu is registered"

    press = standin.update(callback_query=standin.callback_query(9001, "能否申请服务平台"))
    assert "服务平台申请条件自检" in _post(client, standin, press)
    assert standin.calls_of("editMessageText", 9001), "the pressed message was updated"

    typed = standin.update(message=standin.user_message(9001, "法人"))
    assert "已记录：组织形式 法人" in _post(client, standin, typed)

    before = standin.mark()
    late = standin.update(message=standin.user_message(9001, "是"))
    assert client.post(PATH, json=late, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}).status_code == 403
    time.sleep(0.3)
    assert standin.calls[before:] == []
    assert standin.errors == []


def test_with_a_slow_bot_api_the_webhook_answers_at_once_and_a_redelivery_is_not_processed_twice(client, standin):
    _post(client, standin, _start(standin))
    _post(client, standin, standin.update(callback_query=standin.callback_query(9001, "能否申请服务平台")))
    standin.delay = 2.0  # every Bot API call now takes two seconds
    typed = standin.update(message=standin.user_message(9001, "法人"))
    since = standin.mark()
    for _ in range(3):  # Telegram redelivers what it thinks was not received
        began = time.monotonic()
        assert client.post(PATH, json=typed, headers=HEADERS).status_code == 200
        assert time.monotonic() - began < 1.0, "the webhook answered before the turn's Bot API calls"
    replies = standin.wait_reply(9001, since, quiet=2.5, timeout=30)
    assert sum("已记录：组织形式 法人" in r for r in replies) == 1
    assert not any("没能读懂" in r for r in replies)


def test_a_429_on_a_send_loses_no_prompt(client, standin):
    _post(client, standin, _start(standin))
    _post(client, standin, standin.update(callback_query=standin.callback_query(9001, "能否申请服务平台")))
    standin.refuse("sendMessage", 429, times=1, retry_after=1)  # waited out by the rate limiter
    reply = _post(client, standin, standin.update(message=standin.user_message(9001, "法人")))
    assert "已记录：组织形式 法人" in reply and "是否在上海市注册" in reply, "the next question came too"
    assert "出了问题" not in reply


def test_a_reply_refused_after_its_turn_was_stored_is_shown_with_the_next_message(client, standin):
    _post(client, standin, _start(standin))
    _post(client, standin, standin.update(callback_query=standin.callback_query(9001, "能否申请服务平台")))
    standin.refuse("sendMessage", 502, times=1)
    since = standin.mark()
    assert client.post(PATH, json=standin.update(message=standin.user_message(9001, "法人")),
                       headers=HEADERS).status_code == 200
    standin.wait_for(lambda: standin.calls_of("editMessageReplyMarkup", 9001, since))
    time.sleep(0.5)
    assert standin.sent(9001, since) == [], "the reply was refused; no apology either"
    # The user, seeing no question, types the answer anyway.
    since = standin.mark()
    _post(client, standin, standin.update(message=standin.user_message(9001, "是")))
    standin.wait_for(lambda: any("已记录：是否在本市注册 是" in t for t in standin.sent(9001, since)))
    replies = "\n".join(standin.sent(9001, since))
    assert replies.index("已记录：组织形式 法人") < replies.index("已记录：是否在本市注册 是"), \
        "the lost reply comes first, then the answer to the new message"


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
