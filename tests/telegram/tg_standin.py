"""A Bot API stand-in on loopback, drivers that run the real bot against it, and their fixtures.

The stand-in is a small Starlette app served by uvicorn in a thread on a free 127.0.0.1 port. The
bot reaches it through python-telegram-bot's `base_url`, over real HTTP, exactly as it would reach
api.telegram.org, so nothing in the adapter is mocked. Like Telegram it hands out queued updates to
getUpdates (holding the request until one arrives), numbers messages per chat, rejects HTML it
could not parse, texts over 4096 characters and callback data over 64 bytes, and records every
call so tests can assert what the bot sent. On demand it is slow (`delay` seconds a call) or refuses
calls as Telegram does when overloaded (`refuse`: 429 with retry_after, or 502). Nothing here
reaches the internet.

Test modules import the fixtures from here rather than from a conftest.py: the test directories have
no __init__.py, and a second module named `conftest` breaks other directories' `from conftest import`
when both directories are collected in one run.
"""

from __future__ import annotations

import asyncio
import html as html_lib
import json
import re
import socket
import threading
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterator
from urllib.parse import parse_qsl

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

TOKEN = "123456789:AAtest-Token_for-the-stand-in-0123456789"
BOT_ID = 123456789
BOT_USERNAME = "policy_test_bot"

_ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji",
                 "code", "pre", "blockquote"}
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)((?:\s[^<>]*)?)>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
# Parameters python-telegram-bot sends JSON-encoded; every other one arrives as a plain string.
_JSON_PARAMS = {"chat_id", "message_id", "reply_markup", "commands", "offset", "limit", "timeout",
                "allowed_updates", "link_preview_options", "reply_parameters", "show_alert", "drop_pending_updates",
                "scope", "entities", "max_connections", "cache_time", "disable_notification", "protect_content"}


class BadHtml(ValueError):
    pass


def parse_telegram_html(text: str) -> str:
    """The visible text of a message in Telegram's HTML mode; raises BadHtml where Telegram would refuse it."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch == "<":
            m = _TAG.match(text, pos)
            if not m or m[2].lower() not in _ALLOWED_TAGS:
                raise BadHtml(f"Unsupported start tag at byte offset {pos}")
            name = m[2].lower()
            if m[1]:
                if not stack or stack[-1] != name:
                    raise BadHtml(f"Unmatched end tag at byte offset {pos}, expected \"</{stack[-1] if stack else ''}>\"")
                stack.pop()
            else:
                if name == "blockquote" and "blockquote" in stack:
                    raise BadHtml("Nested blockquotes are not allowed")
                stack.append(name)
            pos = m.end()
            continue
        if ch == "&":
            m = _ENTITY.match(text, pos)
            if not m:
                raise BadHtml(f"Can't find end of the entity starting at byte offset {pos}")
            out.append(html_lib.unescape(m[0]))
            pos = m.end()
            continue
        if ch == ">":
            raise BadHtml(f"Unescaped > at byte offset {pos}")
        out.append(ch)
        pos += 1
    if stack:
        raise BadHtml(f"Can't find end tag corresponding to start tag \"{stack[-1]}\"")
    return "".join(out)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class ApiError(Exception):
    def __init__(self, code: int, description: str):
        super().__init__(description)
        self.code, self.description = code, description


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float


class BotApiStandIn:
    """Telegram's Bot API, as far as this bot uses it. Thread-safe: tests push from their own thread."""

    def __init__(self, token: str = TOKEN):
        self.token = token
        self.calls: list[Call] = []
        self.errors: list[tuple[str, str]] = []
        """Every call refused, with Telegram's description; a well-behaved bot leaves this empty."""
        self.commands: list[dict] = []
        self.webhook: dict[str, Any] = {"url": ""}
        self._cond = threading.Condition()
        self._updates: list[dict] = []
        self._next_update = 1
        self._next_message: dict[int, int] = {}
        self._next_query = 1
        self.messages: dict[tuple[int, int], dict] = {}
        """Every message the bot sent or edited, by (chat id, message id), as Telegram would return it."""
        self._chats: dict[int, dict] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._released = False
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self.delay = 0.0
        """Seconds every call but getUpdates takes, as a slow Bot API would."""
        self._refusals: list[tuple[str, int, int]] = []

    # ------------------------------------------------------------------ server

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def start(self) -> "BotApiStandIn":
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        app = Starlette(routes=[Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"])],
                        lifespan=self._lifespan)
        config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("stand-in did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)

    @asynccontextmanager
    async def _lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        yield

    async def _endpoint(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401)
        method = request.path_params["method"]
        params = await self._params(request)
        if self.delay and method != "getUpdates":
            await asyncio.sleep(self.delay)
        with self._cond:
            refusal = next((r for r in self._refusals if r[0] == method), None)
            if refusal is not None:
                self._refusals.remove(refusal)
            else:
                self.calls.append(Call(method, params, time.monotonic()))
            self._cond.notify_all()
        if refusal is not None:
            _, code, retry_after = refusal
            body = {"ok": False, "error_code": code,
                    "description": "Too Many Requests: retry after 1" if code == 429 else "Bad Gateway"}
            if code == 429:
                body["parameters"] = {"retry_after": retry_after}
            return JSONResponse(body, status_code=code)
        try:
            if method == "getUpdates":
                result = await self._get_updates(params)
            else:
                handler = getattr(self, "_api_" + method, None)
                if handler is None:
                    raise ApiError(404, "Not Found")
                with self._cond:
                    result = handler(params)
                    self._cond.notify_all()
        except ApiError as err:
            with self._cond:
                self.errors.append((method, err.description))
            return JSONResponse({"ok": False, "error_code": err.code, "description": err.description},
                                status_code=err.code)
        return JSONResponse({"ok": True, "result": result})

    @staticmethod
    async def _params(request: Request) -> dict[str, Any]:
        if request.headers.get("content-type", "").startswith("application/json"):
            return await request.json()
        # The bot sends no files, so its requests are URL-encoded forms (no multipart parser needed).
        form = parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True)
        params: dict[str, Any] = {}
        for key, value in form:
            params[key] = json.loads(value) if key in _JSON_PARAMS and isinstance(value, str) else value
        return params

    # ------------------------------------------------------------------ Bot API methods

    def _bot_user(self) -> dict:
        return {"id": BOT_ID, "is_bot": True, "first_name": "政策助手", "username": BOT_USERNAME,
                "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}

    def _api_getMe(self, params: dict) -> dict:
        return self._bot_user()

    async def _get_updates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        # Held like Telegram's long poll, but never longer than 2 s so a stopping bot stops quickly.
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 2.0)
        while True:
            self._wake.clear()
            with self._cond:
                if self._released:
                    self._released = False
                    return []
                if offset:
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                pending = self._updates[:limit]
                if pending:
                    self._cond.notify_all()
                    return pending
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            try:
                await asyncio.wait_for(self._wake.wait(), remaining)
            except asyncio.TimeoutError:
                return []

    def _check_markup(self, markup: Any) -> None:
        if markup is None:
            return
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not button.get("text"):
                    raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode("utf-8")) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    def _visible(self, params: dict) -> str:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if params.get("parse_mode") == "HTML":
            try:
                text = parse_telegram_html(text)
            except BadHtml as err:
                raise ApiError(400, f"Bad Request: can't parse entities: {err}") from None
        if utf16(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        return text

    def _chat(self, chat_id: int) -> dict:
        return self._chats.get(chat_id) or {"id": chat_id, "type": "private", "first_name": "测试用户"}

    def _api_sendMessage(self, params: dict) -> dict:
        chat_id = int(params["chat_id"])
        visible = self._visible(params)
        markup = params.get("reply_markup")
        self._check_markup(markup)
        message = {"message_id": self._message_id(chat_id), "date": int(time.time()), "chat": self._chat(chat_id),
                   "from": self._bot_user(), "text": visible}
        if markup:
            message["reply_markup"] = markup
        self.messages[(chat_id, message["message_id"])] = message
        return message

    def _stored(self, params: dict) -> dict:
        key = (int(params.get("chat_id") or 0), int(params.get("message_id") or 0))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        return self.messages[key]

    def _api_editMessageText(self, params: dict) -> dict:
        message = self._stored(params)
        visible = self._visible(params)
        markup = params.get("reply_markup")
        self._check_markup(markup)
        if visible == message["text"] and markup == message.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        message["text"] = visible
        message["edit_date"] = int(time.time())
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        return message

    def _api_editMessageReplyMarkup(self, params: dict) -> dict:
        message = self._stored(params)
        markup = params.get("reply_markup")
        self._check_markup(markup)
        if markup == message.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        return message

    def _api_answerCallbackQuery(self, params: dict) -> bool:
        return True

    def _api_sendChatAction(self, params: dict) -> bool:
        return True

    def _api_setMyCommands(self, params: dict) -> bool:
        self.commands = params.get("commands") or []
        return True

    def _api_getMyCommands(self, params: dict) -> list:
        return self.commands

    def _api_deleteWebhook(self, params: dict) -> bool:
        self.webhook = {"url": ""}
        return True

    def _api_setWebhook(self, params: dict) -> bool:
        self.webhook = {"url": params.get("url", ""), "secret_token": params.get("secret_token")}
        return True

    def _api_getWebhookInfo(self, params: dict) -> dict:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}

    def _api_close(self, params: dict) -> bool:
        return True

    def _message_id(self, chat_id: int) -> int:
        self._next_message[chat_id] = self._next_message.get(chat_id, 0) + 1
        return self._next_message[chat_id]

    def refuse(self, method: str, code: int = 429, times: int = 1, retry_after: int = 1) -> None:
        """The next `times` calls of `method` fail with `code` (429 carries retry_after) and are not recorded."""
        with self._cond:
            self._refusals += [(method, code, retry_after)] * times

    # ------------------------------------------------------------------ what tests push

    def _user(self, user_id: int) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": "测试用户", "language_code": "zh-hans"}

    def set_chat(self, chat: dict) -> None:
        with self._cond:
            self._chats[chat["id"]] = chat

    def user_message(self, chat_id: int, text: str | None = None, *, user_id: int | None = None,
                     **content: Any) -> dict:
        """A message from a user as Telegram delivers it (a command gets its bot_command entity)."""
        with self._cond:
            message = {"message_id": self._message_id(chat_id), "date": int(time.time()), "chat": self._chat(chat_id),
                       "from": self._user(user_id or abs(chat_id))}
        if text is not None:
            message["text"] = text
            m = re.match(r"/[A-Za-z0-9_]+(@\w+)?", text)
            if m:
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16(m[0])}]
        message.update(content)
        return message

    def update(self, **payload: Any) -> dict:
        """An update with the next update id, not queued (for the webhook)."""
        with self._cond:
            update = {"update_id": self._next_update, **payload}
            self._next_update += 1
        return update

    def push(self, **payload: Any) -> dict:
        """Queues an update for getUpdates and wakes a waiting long poll."""
        update = self.update(**payload)
        with self._cond:
            self._updates.append(update)
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake.set)
        return update

    def release(self) -> None:
        """Ends a held getUpdates with no updates, so a stopping bot need not wait out its long poll."""
        with self._cond:
            self._released = True
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    def push_text(self, chat_id: int, text: str, **kw: Any) -> dict:
        return self.push(message=self.user_message(chat_id, text, **kw))

    def callback_query(self, chat_id: int, label: str, message_id: int | None = None) -> dict:
        """The callback query Telegram sends when the button labelled `label` is pressed.

        Without `message_id`, the newest message of the chat that shows such a button.
        """
        with self._cond:
            candidates = sorted((mid, m) for (cid, mid), m in self.messages.items()
                                if cid == chat_id and (message_id is None or mid == message_id))
            for _, message in reversed(candidates):
                for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                    for button in row:
                        if button["text"] == label:
                            query_id = str(self._next_query)
                            self._next_query += 1
                            return {"id": query_id, "from": self._user(abs(chat_id)), "chat_instance": f"ci{chat_id}",
                                    "data": button["callback_data"], "message": json.loads(json.dumps(message))}
        raise AssertionError(f"no button {label!r} in chat {chat_id}; buttons: {self.buttons(chat_id)}")

    # ------------------------------------------------------------------ what tests read

    def calls_of(self, method: str, chat_id: int | None = None, since: int = 0) -> list[dict]:
        with self._cond:
            calls = self.calls[since:]
        return [c.params for c in calls if c.method == method
                and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))]

    def sent(self, chat_id: int, since: int = 0) -> list[str]:
        """The HTML texts sent to a chat, oldest first."""
        return [p["text"] for p in self.calls_of("sendMessage", chat_id, since)]

    def buttons(self, chat_id: int) -> list[str]:
        """Labels of the buttons currently on screen in a chat (any message)."""
        with self._cond:
            found = []
            for (cid, mid), message in sorted(self.messages.items()):
                if cid == chat_id:
                    for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                        found += [b["text"] for b in row]
            return found

    def mark(self) -> int:
        with self._cond:
            return len(self.calls)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError("timed out waiting for the bot")
                self._cond.wait(min(remaining, 0.05))

    def wait_reply(self, chat_id: int, since: int, *, quiet: float = 0.3, timeout: float = 15.0) -> list[str]:
        """Waits until the bot has answered one turn in `chat_id` and returns what it sent since `since`.

        A turn is over when a message with buttons has gone out (the adapter puts them on the last
        piece, and most turns have some), or else once no call at all has come for `quiet` seconds.
        """
        def sends() -> list[Call]:
            return [c for c in self.calls[since:] if c.method == "sendMessage"
                    and str(c.params.get("chat_id")) == str(chat_id)]

        self.wait_for(lambda: bool(sends()), timeout)
        while True:
            with self._cond:
                ended = any(c.params.get("reply_markup") for c in sends())
                idle = time.monotonic() - self.calls[-1].at
            if ended or idle >= quiet:
                return self.sent(chat_id, since)
            time.sleep(0.02)


START = datetime(2026, 11, 22, 2, tzinfo=timezone.utc)
"""10:00 in Shanghai on a day both measures are in force: the day the bot's self-checks are checked on."""


def running_from(moment: datetime):
    """A clock that starts at `moment` and runs at the machine's pace (its monotonic clock)."""
    began = time.monotonic()
    return lambda: moment + timedelta(seconds=time.monotonic() - began)


class PollingBot:
    """The real Application, built by bot.telegram and run by its run_polling, in a thread of its own."""

    def __init__(self, standin: BotApiStandIn, db: Path | str, **build: Any):
        from bot.telegram import TelegramConfig, build_application

        self.standin = standin
        self.config = TelegramConfig(token=standin.token, api_base_url=standin.base_url, db=str(db))
        # The bot's day is fixed, so a verdict does not depend on when the suite runs; its seconds run, as the
        # ordering's sweeps and the stand-in's timings need.
        build.setdefault("clock", running_from(START))
        self.app = build_application(self.config, **build)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.error: BaseException | None = None

    def _run(self) -> None:
        from bot.telegram import run_polling

        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        try:
            run_polling(self.app, timeout=1, signals=False)
        except BaseException as err:  # noqa: BLE001 — reported to the test through stop()
            self.error = err

    def start(self) -> "PollingBot":
        since = self.standin.mark()
        self._thread.start()
        self.standin.wait_for(lambda: any(c.method == "getUpdates" for c in self.standin.calls[since:]))
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self.app.stop_running)
            self.standin.release()
        self._thread.join(timeout=20)
        assert not self._thread.is_alive(), "bot did not stop"
        if self.error is not None:
            raise self.error


class ChatDriver:
    """One user in one private chat: types, presses, and gets back what the bot sent in reply."""

    def __init__(self, standin: BotApiStandIn, chat_id: int):
        self.standin, self.chat_id = standin, chat_id

    def say(self, text: str, **wait: Any) -> str:
        since = self.standin.mark()
        self.standin.push_text(self.chat_id, text)
        return "\n\n".join(self.standin.wait_reply(self.chat_id, since, **wait))

    def press(self, label: str, **wait: Any) -> str:
        since = self.standin.mark()
        self.standin.push(callback_query=self.standin.callback_query(self.chat_id, label))
        return "\n\n".join(self.standin.wait_reply(self.chat_id, since, **wait))

    def buttons(self) -> list[str]:
        return self.standin.buttons(self.chat_id)


# ---------------------------------------------------------------------- fixtures

@pytest.fixture
def standin() -> Iterator[BotApiStandIn]:
    server = BotApiStandIn().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "assistant.db"


@pytest.fixture
def run_bot(standin: BotApiStandIn, db: Path):
    """Starts a polling bot over `db` (stopped at the end of the test); call again after stop() to restart."""
    bots: list[PollingBot] = []

    def start(**build: Any) -> PollingBot:
        bot = PollingBot(standin, db, **build).start()
        bots.append(bot)
        return bot

    yield start
    for bot in bots:
        if bot._thread.is_alive():
            bot.stop()


@pytest.fixture
def chat(standin: BotApiStandIn) -> Callable[[int], ChatDriver]:
    return lambda chat_id: ChatDriver(standin, chat_id)
