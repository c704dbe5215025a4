"""The Telegram channel: python-telegram-bot updates in, dialog-engine turns out.

Nothing here decides what to ask or answer; every turn comes from bot.Conversations (the engine
plus its SQLite store, keyed "tg:<chat id>"), exactly as the web chat's do. This module only
translates: commands and typed text become engine input, a button press becomes the button's value,
a turn becomes HTML messages (split under Telegram's size limit) with an inline keyboard.

Ordering: updates of one chat are handled one after another, different chats side by side
(PerChatUpdateProcessor). python-telegram-bot's default, one update at a time for the whole bot,
would make every chat wait behind one slow turn (the first question builds the retrieval index, a
result runs every check), while fully concurrent handling could answer a chat's second message
before its first.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import sys
from dataclasses import replace
from typing import Any, Awaitable

from telegram import (BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message,
                      Update)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import (Application, ApplicationHandlerStop, BaseUpdateProcessor, CallbackQueryHandler,
                          CommandHandler, ContextTypes, Defaults, MessageHandler, TypeHandler, filters)

from knowledge import system_clock

from ..conversations import Conversations, UnknownSession
from ..engine import Engine
from .. import flows
from ..models import Choice, TextBlock, Turn
from ..store import Conflict, SessionStore
from .config import MissingSetting, TelegramConfig
from .keyboards import Keyboard, KeyboardStore
from .logs import protect, redact
from .render import (TELEGRAM_LIMIT, callback_data, keyboard_layout, parse_callback_data, split_html, turn_html,
                     utf16_len)

log = logging.getLogger("bot.telegram")

MAX_CONCURRENT_UPDATES = 64
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
"""Everything else (channel posts, reactions, member changes) is of no use to a hotline bot."""

COMMANDS: list[tuple[str, str]] = [
    ("start", "开始：介绍与自检菜单"),
    ("check", "自检菜单：能否申请服务平台、能否入驻创新券平台等"),
    ("cite", "查条款原文，例如 /cite 7.3"),
    ("cancel", "退出当前自检"),
    ("help", "使用说明"),
]
# Slash commands the engine itself understands (button values use some of them); passed through.
ENGINE_COMMANDS = frozenset({"flow", "cite", "pick", "edit", "ask", "keep", "restart", "confirm", "back", "menu",
                             "stop"})

TELEGRAM_HELP = ("命令：\n"
                 "/check 自检菜单\n"
                 "/cite 7.3 查条款原文（也可以写“第七条第（三）项”“细则12-3”）\n"
                 "/cancel 退出当前自检\n"
                 "/help 使用说明")
NOT_TEXT = ("抱歉，我只能读文字消息。请用文字提问或回答，例如“申请服务平台需要多少固定人员？”；"
            "发送 /help 查看用法。")
EDITED = ("编辑过的消息不会重新处理。要改答案，请发送“修改”加项目名（例如“修改 固定人员”），"
          "或发送“上一步”。")
GROUP = "为保护机构信息，自检和问答只在与我的私聊中进行，请点开我的头像发起私聊。"
UNKNOWN_COMMAND = "没有这个命令。\n" + TELEGRAM_HELP
STALE = "这个按钮已失效，请使用最新消息中的按钮。"
FAILURE = "抱歉，处理这条消息时出了问题，请稍后再试；急需答复请拨打 12345 市民服务热线。"


def chat_key(chat_id: int) -> str:
    """The conversation key of a chat; the same one bot.conversations documents for Telegram."""
    return f"tg:{chat_id}"


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Runs updates concurrently, except that updates of one chat wait for each other, in arrival order.

    asyncio.Lock wakes waiters first-come first-served and the application starts one task per
    update in arrival order, so a chat's updates take the lock in the order Telegram sent them.
    The lock is held for the whole update, replies included, so a chat sees its answers in order.
    """

    __slots__ = ("_locks", "_users")

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES):
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._users[chat.id] = self._users.get(chat.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            # Forget a chat's lock once nobody holds or waits for it, so memory stays flat.
            self._users[chat.id] -= 1
            if not self._users[chat.id]:
                del self._users[chat.id]
                del self._locks[chat.id]

    async def initialize(self) -> None:
        """Nothing to set up: locks are made on demand."""

    async def shutdown(self) -> None:
        """Nothing to free."""


class TelegramChannel:
    """The handlers. One instance per Application; all conversation state lives in the store."""

    def __init__(self, conversations: Conversations, keyboards: KeyboardStore):
        self.conversations = conversations
        self.keyboards = keyboards

    def install(self, app: Application) -> None:
        # Group -1 screens every update first: what is not a private chat's new message or button
        # press never reaches the engine.
        app.add_handler(TypeHandler(Update, self._gate), group=-1)
        app.add_handler(CommandHandler("start", self._start))
        app.add_handler(CommandHandler("help", self._help))
        app.add_handler(CommandHandler("check", self._check))
        app.add_handler(CommandHandler("cite", self._cite))
        app.add_handler(CommandHandler("cancel", self._cancel))
        app.add_handler(MessageHandler(filters.COMMAND, self._other_command))
        app.add_handler(MessageHandler(filters.TEXT, self._text))
        app.add_handler(CallbackQueryHandler(self._press))
        app.add_handler(MessageHandler(filters.ALL, self._not_text))
        app.add_error_handler(self._error)

    # ------------------------------------------------------------------ screening

    async def _gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is None:
            raise ApplicationHandlerStop
        if chat.type != ChatType.PRIVATE:
            # Applicants' figures do not belong in a group; a command gets a pointer to the private
            # chat, everything else (and every channel post) is ignored.
            message = update.message
            command = re.match(r"/\w+(?:@(\w+))?", (message.text or "") if message is not None else "")
            if command and chat.type != ChatType.CHANNEL and (
                    not command[1] or command[1].lower() == (context.bot.username or "").lower()):
                await _quietly(message.reply_text(html.escape(GROUP)))
            elif update.callback_query is not None:
                await _quietly(update.callback_query.answer(GROUP))
            raise ApplicationHandlerStop
        if update.edited_message is not None:
            await self._say(context, chat.id, EDITED)
            raise ApplicationHandlerStop
        if update.message is None and update.callback_query is None:
            raise ApplicationHandlerStop

    # ------------------------------------------------------------------ commands and text

    async def _start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat_id = update.effective_chat.id
        payload = context.args[0] if context.args else ""
        if payload in flows.flows():
            # A deep link t.me/<bot>?start=voucher_entry opens that self-check straight away.
            await self._turn(context, chat_id, f"/flow {payload}")
            return
        turn = await asyncio.to_thread(self._welcome, chat_key(chat_id))
        await self._show(context, chat_id, turn)

    def _welcome(self, key: str) -> Turn:
        conversations = self.conversations
        try:
            restored = conversations.restore(key)
        except UnknownSession:
            try:
                return conversations.open(key)[1]
            except Conflict:  # another process opened it meanwhile
                restored = conversations.restore(key)
        state = restored.state
        turn = conversations.engine.welcome(state)
        if state.mode in ("asking", "review"):
            # /start in the middle of a self-check greets and puts the open question back, so
            # nothing typed so far is lost and the next answer goes where it belongs.
            current = conversations.engine.current(state, conversations.clock())
            current.blocks = [*turn.blocks, *current.blocks]
            turn = current
        if restored.expired:
            turn.blocks = [*restored.turn.blocks, *turn.blocks]
        return turn

    async def _help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        turn = await self._run(update.effective_chat.id, "帮助")
        turn.blocks.append(TextBlock(text=TELEGRAM_HELP))
        await self._show(context, update.effective_chat.id, turn)

    async def _check(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._turn(context, update.effective_chat.id, "/check")

    async def _cite(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._turn(context, update.effective_chat.id, "/cite " + _argument(update.message.text))

    async def _cancel(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._turn(context, update.effective_chat.id, "/cancel")

    async def _other_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        text = update.message.text or ""
        m = re.match(r"^/([A-Za-z0-9_]{1,32})(?:@(\w+))?(.*)$", text, re.S)
        if m and m[2] and context.bot.username and m[2].lower() != context.bot.username.lower():
            return  # addressed to another bot
        if m and m[1].lower() in ENGINE_COMMANDS:
            await self._turn(context, update.effective_chat.id, f"/{m[1].lower()}{m[3]}")
            return
        await self._say(context, update.effective_chat.id, UNKNOWN_COMMAND)

    async def _text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._turn(context, update.effective_chat.id, update.message.text or "")

    async def _not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._say(context, update.effective_chat.id, NOT_TEXT)

    # ------------------------------------------------------------------ buttons

    async def _press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        chat_id = update.effective_chat.id
        key = chat_key(chat_id)
        message = query.message
        index = parse_callback_data(query.data)
        live = await asyncio.to_thread(self.keyboards.current, key)
        choice = None
        if index is not None and live is not None and message is not None and message.message_id == live.message_id:
            choice = await asyncio.to_thread(self.keyboards.take, key, live.message_id, index)
        if choice is None:
            await _quietly(query.answer(STALE))
            if isinstance(message, Message) and message.reply_markup is not None and (
                    live is None or message.message_id != live.message_id):
                await _quietly(query.edit_message_reply_markup(reply_markup=None))
            return
        await _quietly(query.answer())
        await self._mark(context, chat_id, live, choice)
        await self._turn(context, chat_id, choice.value, shown=choice.label)

    async def _mark(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, keyboard: Keyboard,
                    choice: Choice) -> None:
        """Takes the buttons off the pressed message and notes which one was pressed."""
        marked = f"{keyboard.html}\n\n<i>{html.escape('➜ ' + choice.label, quote=False)}</i>"
        if utf16_len(marked) <= TELEGRAM_LIMIT:
            try:
                await context.bot.edit_message_text(marked, chat_id=chat_id, message_id=keyboard.message_id,
                                                    parse_mode=ParseMode.HTML, reply_markup=None)
                return
            except TelegramError as err:
                log.info("could not mark the pressed button: %s", err)
        await _quietly(context.bot.edit_message_reply_markup(chat_id=chat_id, message_id=keyboard.message_id,
                                                             reply_markup=None))

    # ------------------------------------------------------------------ turns

    async def _run(self, chat_id: int, text: str, shown: str | None = None) -> Turn:
        # The engine and SQLite are synchronous; a thread keeps other chats moving meanwhile.
        return await asyncio.to_thread(self.conversations.send, chat_key(chat_id), text, shown=shown, create=True)

    async def _turn(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str,
                    shown: str | None = None) -> None:
        await self._show(context, chat_id, await self._run(chat_id, text, shown))

    async def _show(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, turn: Turn) -> None:
        """Sends a turn: its text in as many messages as needed, the keyboard on the last one."""
        key = chat_key(chat_id)
        old = await asyncio.to_thread(self.keyboards.forget, key)
        if old is not None:
            # Buttons of an earlier turn would answer whatever is asked now: take them away.
            await _quietly(context.bot.edit_message_reply_markup(chat_id=chat_id, message_id=old.message_id,
                                                                 reply_markup=None))
        pieces = split_html(turn_html(turn)) or [html.escape("（无内容）")]
        markup = _markup(turn.choices)
        for n, piece in enumerate(pieces):
            last = n == len(pieces) - 1
            sent, shown_html = await self._send(context, chat_id, piece, markup if last else None)
            if last and markup is not None and sent is not None:
                await asyncio.to_thread(self.keyboards.remember, key, sent.message_id, shown_html, turn.choices)

    async def _send(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, piece: str,
                    markup: InlineKeyboardMarkup | None) -> tuple[Message | None, str]:
        try:
            return await context.bot.send_message(chat_id, piece, parse_mode=ParseMode.HTML,
                                                  reply_markup=markup), piece
        except BadRequest as err:
            if "parse" not in str(err).lower() and "entit" not in str(err).lower():
                raise
            # Should the renderer ever produce HTML Telegram refuses, the words still go out, as text.
            log.warning("Telegram refused the HTML of a reply (%s); sending it as plain text", err)
            plain = html.unescape(re.sub(r"<[^>]*>", "", piece))
            return await context.bot.send_message(chat_id, plain, parse_mode=None, reply_markup=markup), \
                html.escape(plain, quote=False)
        except Forbidden:
            log.info("chat %s blocked the bot; reply dropped", chat_id)
            return None, piece

    async def _say(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str) -> None:
        """A fixed notice outside the conversation: no engine turn, the live buttons stay live."""
        await _quietly(context.bot.send_message(chat_id, html.escape(text, quote=False), parse_mode=ParseMode.HTML))

    # ------------------------------------------------------------------ errors

    async def _error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        err = context.error
        if isinstance(err, NetworkError) and not isinstance(update, Update):
            log.warning("Telegram network problem while polling: %s", type(err).__name__)
            return
        where = f"update {update.update_id}" if isinstance(update, Update) else "outside an update"
        log.error("Telegram handler failed (%s): %s", where, type(err).__name__, exc_info=err)
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is not None and chat.type == ChatType.PRIVATE and not isinstance(err, Forbidden):
            await _quietly(context.bot.send_message(chat.id, html.escape(FAILURE, quote=False),
                                                    parse_mode=ParseMode.HTML))


def _argument(text: str | None) -> str:
    """What follows a command (/cite 7.3 → 7.3), kept as typed rather than split on spaces."""
    parts = (text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def _markup(choices: list[Choice]) -> InlineKeyboardMarkup | None:
    if not choices:
        return None
    rows = [[InlineKeyboardButton(choices[i].label, callback_data=callback_data(i)) for i in row]
            for row in keyboard_layout(choices)]
    return InlineKeyboardMarkup(rows)


async def _quietly(call: Awaitable[Any]) -> Any:
    """A courtesy call (answer a press, drop old buttons) whose failure must not end the update."""
    try:
        return await call
    except TelegramError as err:
        log.info("Telegram call failed and was skipped: %s", err)
        return None


# ---------------------------------------------------------------------- building and running


async def register_commands(app: Application) -> None:
    """post_init: the command menu (/start, /check, /cite, /cancel, /help) shown by Telegram clients."""
    try:
        await app.bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])
    except TelegramError as err:
        log.warning("could not register the command menu: %s", err)


def build_application(config: TelegramConfig, *, conversations: Conversations | None = None,
                      keyboards: KeyboardStore | None = None, polling: bool = True) -> Application:
    """The Application for either mode; conversations default to the SQLite file in `config`."""
    protect(config.token)
    if conversations is None:
        conversations = Conversations(SessionStore(config.db_path), Engine(idle_timeout=config.idle_timeout),
                                      clock=system_clock)
    owned = keyboards is None
    channel = TelegramChannel(conversations, keyboards or KeyboardStore(config.db_path))

    async def close_keyboards(_: Application) -> None:
        if owned:
            channel.keyboards.close()

    builder = (Application.builder()
               .token(config.token)
               .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
               .concurrent_updates(PerChatUpdateProcessor())
               .post_init(register_commands)
               .post_shutdown(close_keyboards))
    if config.api_base_url:
        builder = builder.base_url(config.api_base_url).base_file_url(config.api_file_url)
    if not polling:
        builder = builder.updater(None)  # the webhook route feeds updates itself
    app = builder.build()
    app.bot_data["channel"] = channel
    channel.install(app)
    return app


async def feed(app: Application, data: dict[str, Any]) -> None:
    """Processes one update received by the webhook, under the same per-chat ordering as polling.

    Raises ValueError, before anything is processed, when `data` is not an update.
    """
    try:
        update = Update.de_json(data, app.bot)
    except Exception as err:  # noqa: BLE001 — whatever de_json trips over, the body was not an update
        raise ValueError(f"not a Telegram update: {type(err).__name__}") from None
    await app.update_processor.process_update(update, app.process_update(update))


def run_polling(app: Application, *, timeout: float = 10, signals: bool = True, close_loop: bool = True) -> None:
    """Long polling until stopped (Ctrl-C, SIGTERM, or app.stop_running()); deletes any webhook first.

    `signals=False` is for running in a thread other than the main one, where no signal handler can
    be installed (the tests do this).
    """
    kwargs: dict[str, Any] = {} if signals else {"stop_signals": None}
    app.run_polling(allowed_updates=ALLOWED_UPDATES, timeout=timeout, bootstrap_retries=3,
                    close_loop=close_loop, **kwargs)


async def set_webhook(config: TelegramConfig, url: str) -> None:
    """Points Telegram at `url` with the secret it must send back, and registers the command menu."""
    app = build_application(config, polling=False)
    async with app:
        await app.bot.set_webhook(url, secret_token=config.webhook_secret, allowed_updates=ALLOWED_UPDATES)
        await register_commands(app)


def main(*, db: str | None = None, webhook_url: str | None = None) -> int:
    """The CLI entry: long polling, or with `webhook_url` registering the webhook and returning."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        config = TelegramConfig.from_env(need_secret=webhook_url is not None)
    except MissingSetting as err:
        print(err, file=sys.stderr)
        return 2
    protect(config.token)
    if db:
        config = replace(config, db_path=db)
    try:
        if webhook_url is not None:
            asyncio.run(set_webhook(config, webhook_url))
            print(f"webhook 已设置 / webhook set: {webhook_url}")
            return 0
        log.info("Telegram long polling; conversations in %s", config.db_path)
        run_polling(build_application(config))
        return 0
    except InvalidToken:
        print("Telegram 拒绝了 TELEGRAM_BOT_TOKEN 中的令牌，请到 @BotFather 核对。\n"
              "Telegram rejected the token in TELEGRAM_BOT_TOKEN; check it with @BotFather.", file=sys.stderr)
        return 1
    except NetworkError as err:
        print("无法连接 Telegram Bot API / cannot reach the Telegram Bot API: "
              f"{redact(f'{type(err).__name__}: {err}')}", file=sys.stderr)
        return 1
