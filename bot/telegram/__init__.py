"""The Telegram channel on the shared dialog engine (python-telegram-bot v22).

    from bot.telegram import TelegramConfig, build_application, run_polling
    run_polling(build_application(TelegramConfig.from_env(), clock=clock))   # `policy-assistant telegram`

The webhook (POST /telegram/webhook) lives in api/routers/telegram.py, which records each update in
the store and puts it on the started Application's update_queue. Both modes keep conversations in
the web chat's store, keyed "tg:<chat id>".
"""

from .app import (ALLOWED_UPDATES, COMMANDS, TelegramChannel, build_application, chat_key, main, register_commands,
                  run_polling, set_webhook)
from .config import MissingSetting, TelegramConfig, webhook_enabled
from .logs import protect, redact
from .ordering import ChatOrderedProcessor
from .render import split_html

__all__ = [
    "ALLOWED_UPDATES", "COMMANDS", "ChatOrderedProcessor", "MissingSetting", "TelegramChannel", "TelegramConfig",
    "build_application", "chat_key", "main", "protect", "redact", "register_commands", "run_polling", "set_webhook",
    "split_html", "webhook_enabled",
]
