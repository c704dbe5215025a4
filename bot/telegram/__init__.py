"""The Telegram channel on the shared dialog engine (python-telegram-bot v22).

    from bot.telegram import TelegramConfig, build_application, run_polling
    run_polling(build_application(TelegramConfig.from_env()))      # what `policy-assistant telegram` does

The webhook (POST /telegram/webhook) lives in api/routers/telegram.py and hands each update to
`feed`. Both modes keep conversations in the web chat's SQLite file, keyed "tg:<chat id>".
"""

from .app import (ALLOWED_UPDATES, COMMANDS, PerChatUpdateProcessor, TelegramChannel, build_application, chat_key,
                  feed, main, register_commands, run_polling, set_webhook)
from .config import MissingSetting, TelegramConfig, webhook_enabled
from .keyboards import KeyboardStore
from .logs import protect, redact
from .render import split_html

__all__ = [
    "ALLOWED_UPDATES", "COMMANDS", "KeyboardStore", "MissingSetting", "PerChatUpdateProcessor", "TelegramChannel",
    "TelegramConfig", "build_application", "chat_key", "feed", "main", "protect", "redact", "register_commands",
    "run_polling", "set_webhook", "split_html", "webhook_enabled",
]
