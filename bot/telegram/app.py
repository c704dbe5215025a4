"""The Telegram channel: python-telegram-bot updates in, dialog-engine turns out.

Nothing here decides what to ask or answer; every turn comes from bot.Conversations (the engine
plus the shared store, keyed "tg:<chat id>"), exactly as the web chat's do. This module only
translates: commands and typed text become engine input, a button press becomes the button's value,
a turn becomes HTML messages (split under Telegram's size limit) with an inline keyboard; a result
becomes a short summary with the full table behind a button, and long keyboards are paged.

Ordering and delivery: updates of one chat are applied one after another in update_id order,
different chats side by side, whichever instance receives them (ordering.ChatOrderedProcessor).
Each update's turn is stored as the reply to "tg:<update_id>", so an update applied a second time
(its reply was refused by Telegram, or its instance died) re-sends the stored reply instead of
running the turn again. Sends go through AIORateLimiter, which waits out a 429's RetryAfter; a send
that still fails leaves the update pending, to be shown again before the chat's next update —
never an apology for a turn that was in fact recorded.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import sys
from dataclasses import replace
from datetime import timedelta
from typing import Any, Awaitable

from telegram import (BotCommand, InlineKeyboardMarkup, LinkPreviewOptions, Message,
                      Update)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import (AIORateLimiter, Application, ApplicationHandlerStop, CallbackQueryHandler, CommandHandler,
                          ContextTypes, Defaults, MessageHandler, TypeHandler, filters)

from knowledge import Clock, registry
from knowledge.answer import example_questions

from .. import flows
from ..conversations import Conversations, Stale, UnknownSession
from ..engine import Engine
from ..models import Choice, ResultBlock, TextBlock, Turn
from ..store import Conflict, Keyboard, Store, StoreError
from .config import MissingSetting, TelegramConfig
from .logs import protect, redact
from .ordering import ChatOrderedProcessor
from .render import (DETAILS, TELEGRAM_LIMIT, keyboard_markup, parse_callback_data, parse_page_data, split_html,
                     turn_html, result_html, utf16_len)

log = logging.getLogger("bot.telegram")

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
"""Everything else (channel posts, reactions, member changes) is of no use to a hotline bot."""

def _menu_examples() -> str:
    """The menu buttons of the flows that answer "may we apply?", as the /check command's description."""
    return "、".join(f.button for f in flows.flows().values() if f.role == "apply")


def _cite_example() -> str:
    """A citation as people type it with a short title and a number (the last registered measure's)."""
    return f"{registry().entries[registry().ids[-1]].meta.short_title}12-3"


COMMANDS: list[tuple[str, str]] = [
    ("start", "开始：介绍与自检菜单"),
    ("check", f"自检菜单：{_menu_examples()}等"),
    ("cite", "查条款原文，例如 /cite 7.3"),
    ("cancel", "退出当前自检"),
    ("help", "使用说明"),
]
# Slash commands the engine itself understands (button values use some of them); passed through.
ENGINE_COMMANDS = frozenset({"flow", "cite", "pick", "edit", "ask", "keep", "restart", "confirm", "back", "menu",
                             "stop"})

TELEGRAM_HELP = ("命令：\n"
                 "/check 自检菜单\n"
                 f"/cite 7.3 查条款原文（也可以写“第七条第（三）项”“{_cite_example()}”）\n"
                 "/cancel 退出当前自检\n"
                 "/help 使用说明")
NOT_TEXT = (f"抱歉，我只能读文字消息。请用文字提问或回答，例如“{example_questions()[0]}”；"
            "发送 /help 查看用法。")
EDITED = ("编辑过的消息不会重新处理。要改答案，请发送“修改”加项目名（例如“修改 固定人员”），"
          "或发送“上一步”。")
GROUP = "为保护机构信息，自检和问答只在与我的私聊中进行，请点开我的头像发起私聊。"
UNKNOWN_COMMAND = "没有这个命令。\n" + TELEGRAM_HELP
STALE = "这个按钮已失效，请使用最新消息中的按钮。"
ENDED = "这项自检已经结束或重新开始，这个按钮不再有效。"
FAILURE = "抱歉，处理这条消息时出了问题，请稍后再试；急需答复请拨打 12345 市民服务热线。"
NO_DETAILS = "找不到这份结果的完整内容了，请重新自检。"
TYPING_AFTER = 0.8
"""Seconds a turn may take before the chat shows 正在输入: fast turns should not flicker."""
SWEEP_EVERY = timedelta(seconds=30)
SWEEP_AFTER = timedelta(seconds=60)
"""An update pending this long was lost by its instance or its reply was refused: apply it again."""


def chat_key(chat_id: int) -> str:
    """The conversation key of a chat; the same one bot.conversations documents for Telegram."""
    return f"tg:{chat_id}"


def message_id(update: Update) -> str:
    """The client message id of an update's turn: a second pass over the update re-sends its reply."""
    return f"tg:{update.update_id}"


class TelegramChannel:
    """The handlers. One instance per Application; all conversation state lives in the store."""

    def __init__(self, conversations: Conversations):
        self.conversations = conversations
        self.records = conversations.store.telegram
        self.clock: Clock = conversations.clock
        self._undelivered: set[int] = set()

    def delivered(self, update_id: int) -> bool:
        """Whether the update's reply went out (asked once, by the processor, after the update ran)."""
        if update_id in self._undelivered:
            self._undelivered.discard(update_id)
            return False
        return True

    def install(self, app: Application) -> None:
        # Group -1 screens every update first: what is not a private chat's new message or button
        # press never reaches the engine, and an update answered before is only shown again.
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
        answered = await asyncio.to_thread(self.conversations.reply, chat_key(chat.id), message_id(update))
        if answered is not None:
            # This update's turn is stored (its reply was refused, or its instance died after
            # the turn): show that reply again rather than run the turn a second time.
            if update.callback_query is not None:
                await _quietly(update.callback_query.answer())
            await self._show(context, update, answered)
            raise ApplicationHandlerStop

    # ------------------------------------------------------------------ commands and text

    async def _start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        payload = context.args[0] if context.args else ""
        if payload in flows.flows():
            # A deep link t.me/<bot>?start=<flow id> opens that self-check straight away.
            await self._turn(context, update, f"/flow {payload}")
            return
        turn = await asyncio.to_thread(self._welcome, chat_key(update.effective_chat.id))
        await self._show(context, update, turn)

    def _welcome(self, key: str) -> Turn:
        conversations = self.conversations
        try:
            restored = conversations.restore(key)
        except UnknownSession:
            try:
                return conversations.open(key)[1]
            except Conflict:  # another instance opened it meanwhile
                restored = conversations.restore(key)
        turn = conversations.engine.welcome(restored.state)
        if restored.state.mode in ("asking", "review"):
            # /start in the middle of a self-check greets and puts the open question back (after a
            # long pause, with its welcome back), so the next answer goes where it belongs.
            restored.turn.blocks = [*turn.blocks, *restored.turn.blocks]
            return restored.turn
        return turn

    async def _help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        turn = await self._run(update, "帮助")
        turn.blocks.append(TextBlock(text=TELEGRAM_HELP))
        await self._show(context, update, turn)

    async def _check(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._turn(context, update, "/check")

    async def _cite(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._turn(context, update, "/cite " + _argument(update.message.text))

    async def _cancel(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._turn(context, update, "/cancel")

    async def _other_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        text = update.message.text or ""
        m = re.match(r"^/([A-Za-z0-9_]{1,32})(?:@(\w+))?(.*)$", text, re.S)
        if m and m[2] and context.bot.username and m[2].lower() != context.bot.username.lower():
            return  # addressed to another bot
        if m and m[1].lower() in ENGINE_COMMANDS:
            await self._turn(context, update, f"/{m[1].lower()}{m[3]}")
            return
        await self._say(context, update.effective_chat.id, UNKNOWN_COMMAND)

    async def _text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._turn(context, update, update.message.text or "")

    async def _not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._say(context, update.effective_chat.id, NOT_TEXT)

    # ------------------------------------------------------------------ buttons

    async def _press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        chat_id = update.effective_chat.id
        key = chat_key(chat_id)
        message = query.message
        on = message.message_id if message is not None else None
        page = parse_page_data(query.data)
        if page is not None and on is not None:
            await self._turn_page(context, update, on, page)
            return
        index = parse_callback_data(query.data)
        taken = None
        if index is not None and on is not None:
            taken = await asyncio.to_thread(self.records.take, key, on, index)
        if taken is None:
            await _quietly(query.answer(STALE))
            if isinstance(message, Message) and message.reply_markup is not None:
                live = await asyncio.to_thread(self.records.current, key)
                if live is None or on != live.message_id:
                    await _quietly(query.edit_message_reply_markup(reply_markup=None))
            return
        keyboard, choice = taken
        if choice.value == DETAILS.value:
            await _quietly(query.answer())
            await self._details(context, update, keyboard)
            return
        try:
            turn = await self._run(update, choice.value, shown=choice.label, offered_at=keyboard.epoch)
        except Stale as stale:
            # The flow this keyboard belonged to has ended, been cancelled or restarted: the press does nothing.
            await _quietly(query.answer(ENDED))
            await _quietly(context.bot.edit_message_reply_markup(chat_id=chat_id, message_id=keyboard.message_id,
                                                                 reply_markup=None))
            if stale.turn is not None:
                await self._show(context, update, stale.turn)
            return
        await _quietly(query.answer())
        await self._mark(context, chat_id, keyboard, choice)
        await self._show(context, update, turn)

    async def _turn_page(self, context: ContextTypes.DEFAULT_TYPE, update: Update, on: int, page: int) -> None:
        query = update.callback_query
        keyboard = await asyncio.to_thread(self.records.turn_page, chat_key(update.effective_chat.id), on, page)
        if keyboard is None:
            await _quietly(query.answer(STALE))
            return
        await _quietly(query.answer())
        await _quietly(query.edit_message_reply_markup(reply_markup=keyboard_markup(keyboard.choices, keyboard.page)))

    async def _details(self, context: ContextTypes.DEFAULT_TYPE, update: Update, keyboard: Keyboard) -> None:
        """The full result table behind the summary's button, with the rest of its buttons after it."""
        key = chat_key(update.effective_chat.id)
        entries = await asyncio.to_thread(self.conversations.store.transcript, key, 20)
        result = next((b for e in reversed(entries) for b in reversed(e.get("turn", {}).get("blocks", []))
                       if b.get("type") == "result"), None)
        await _quietly(context.bot.edit_message_reply_markup(chat_id=update.effective_chat.id,
                                                             message_id=keyboard.message_id, reply_markup=None))
        if result is None:
            await self._say(context, update.effective_chat.id, NO_DETAILS)
            return
        rest = [c for c in keyboard.choices if c.value != DETAILS.value]
        await self._send_pieces(context, update, split_html(result_html(ResultBlock.model_validate(result))),
                                rest, keyboard.epoch)

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

    async def _run(self, update: Update, text: str, shown: str | None = None, offered_at: int | None = None) -> Turn:
        # The engine and the store are synchronous; a thread keeps other chats moving meanwhile, and
        # a turn that takes a while shows 正在输入 meanwhile.
        call = asyncio.to_thread(self.conversations.send, chat_key(update.effective_chat.id), text, shown=shown,
                                 create=True, message_id=message_id(update), offered_at=offered_at)
        typing = asyncio.ensure_future(self._typing(update.get_bot(), update.effective_chat.id))
        try:
            return await call
        finally:
            typing.cancel()

    @staticmethod
    async def _typing(bot: Any, chat_id: int) -> None:
        await asyncio.sleep(TYPING_AFTER)
        await _quietly(bot.send_chat_action(chat_id, ChatAction.TYPING))

    async def _turn(self, context: ContextTypes.DEFAULT_TYPE, update: Update, text: str,
                    shown: str | None = None) -> None:
        await self._show(context, update, await self._run(update, text, shown))

    async def _show(self, context: ContextTypes.DEFAULT_TYPE, update: Update, turn: Turn) -> None:
        """Sends a turn: its text in as many messages as needed, the keyboard on the last one."""
        chat_id = update.effective_chat.id
        old = await asyncio.to_thread(self.records.forget, chat_key(chat_id))
        if old is not None:
            # Buttons of an earlier turn would answer whatever is asked now: take them away.
            await _quietly(context.bot.edit_message_reply_markup(chat_id=chat_id, message_id=old.message_id,
                                                                 reply_markup=None))
        choices = list(turn.choices)
        if any(isinstance(b, ResultBlock) for b in turn.blocks):
            choices.insert(0, DETAILS)
        state = await asyncio.to_thread(self.conversations.state, chat_key(chat_id))
        pieces = split_html(turn_html(turn)) or [html.escape("（无内容）")]
        await self._send_pieces(context, update, pieces, choices, state.epoch)

    async def _send_pieces(self, context: ContextTypes.DEFAULT_TYPE, update: Update, pieces: list[str],
                           choices: list[Choice], at_epoch: int) -> None:
        chat_id = update.effective_chat.id
        markup = keyboard_markup(choices, 0) if choices else None
        for n, piece in enumerate(pieces):
            last = n == len(pieces) - 1
            try:
                sent, shown_html = await self._send(context, chat_id, piece, markup if last else None)
            except TelegramError as err:
                # The turn is stored: the update stays pending and this reply is shown again with the
                # chat's next update (or by the sweep). Saying it failed would be untrue.
                log.warning("reply to update %s not delivered (%s); it will be shown again",
                            update.update_id, type(err).__name__)
                self._undelivered.add(update.update_id)
                return
            if last and markup is not None and sent is not None:
                await asyncio.to_thread(self.records.remember, chat_key(chat_id), sent.message_id, shown_html,
                                        choices, epoch=at_epoch, now=self.clock())

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


def build_application(config: TelegramConfig, *, clock: Clock, conversations: Conversations | None = None,
                      polling: bool = True) -> Application:
    """The Application for either mode; conversations default to the store named in `config`."""
    protect(config.token)
    if conversations is None:
        conversations = Conversations(Store(config.db), Engine(idle_timeout=config.idle_timeout), clock=clock)
        owned: Store | None = conversations.store
    else:
        owned = None
    channel = TelegramChannel(conversations)
    processor = ChatOrderedProcessor(conversations.store.telegram, conversations.store.db, clock,
                                     delivered=channel.delivered)

    async def started(app: Application) -> None:
        await register_commands(app)
        app.bot_data["sweeper"] = asyncio.get_running_loop().create_task(_sweep(processor))

    async def stopped(app: Application) -> None:
        sweeper = app.bot_data.pop("sweeper", None)
        if sweeper is not None:
            sweeper.cancel()
        if owned is not None:
            owned.close()

    builder = (Application.builder()
               .token(config.token)
               .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
               # Waits out a 429's RetryAfter and keeps under Telegram's per-chat and global limits.
               .rate_limiter(AIORateLimiter(max_retries=3))
               .concurrent_updates(processor)
               .post_init(started)
               .post_shutdown(stopped))
    if config.api_base_url:
        builder = builder.base_url(config.api_base_url).base_file_url(config.api_file_url)
    if not polling:
        builder = builder.updater(None)  # the webhook route feeds updates itself
    app = builder.build()
    processor.attach(app)
    app.bot_data["channel"] = channel
    channel.install(app)
    return app


async def _sweep(processor: ChatOrderedProcessor) -> None:
    """Applies again, every SWEEP_EVERY, the updates left pending by a dead instance or a refused reply."""
    while True:
        await asyncio.sleep(SWEEP_EVERY.total_seconds())
        try:
            found = await processor.sweep(SWEEP_AFTER)
            if found:
                log.info("re-queued %d pending Telegram updates", found)
        except Exception:  # noqa: BLE001 — the sweep must outlive a store outage
            log.exception("sweeping pending Telegram updates failed")


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
    app = (Application.builder().token(config.token).updater(None)
           .base_url(config.api_base_url or "https://api.telegram.org/bot")
           .base_file_url(config.api_file_url or "https://api.telegram.org/file/bot").build())
    async with app:
        await app.bot.set_webhook(url, secret_token=config.webhook_secret, allowed_updates=ALLOWED_UPDATES)
        await register_commands(app)


def main(*, clock: Clock, db: str | None = None, webhook_url: str | None = None) -> int:
    """The CLI entry: long polling, or with `webhook_url` registering the webhook and returning."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        config = TelegramConfig.from_env(need_secret=webhook_url is not None)
    except MissingSetting as err:
        print(err, file=sys.stderr)
        return 2
    protect(config.token)
    if db:
        config = replace(config, db=db)
    try:
        if webhook_url is not None:
            asyncio.run(set_webhook(config, webhook_url))
            print(f"webhook 已设置 / webhook set: {webhook_url}")
            return 0
        log.info("Telegram long polling")
        run_polling(build_application(config, clock=clock))
        return 0
    except StoreError as err:
        print(err, file=sys.stderr)
        return 1
    except InvalidToken:
        print("Telegram 拒绝了 TELEGRAM_BOT_TOKEN 中的令牌，请到 @BotFather 核对。\n"
              "Telegram rejected the token in TELEGRAM_BOT_TOKEN; check it with @BotFather.", file=sys.stderr)
        return 1
    except NetworkError as err:
        print("无法连接 Telegram Bot API / cannot reach the Telegram Bot API: "
              f"{redact(f'{type(err).__name__}: {err}')}", file=sys.stderr)
        return 1
