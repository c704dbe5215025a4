"""The Telegram channel on the shared dialog engine (python-telegram-bot v22).

    from bot.telegram import TelegramConfig, build_application, run_polling
    run_polling(build_application(TelegramConfig.from_env(), clock=clock))   # `policy-assistant telegram`

The webhook (POST /telegram/webhook) lives in api/routers/telegram.py, which records each update in
the store and puts it on the started Application's update_queue. Both modes keep conversations in
the web chat's store, keyed "tg:<chat id>".

The names below load on first use (PEP 562): the web server asks bot.telegram.config whether the webhook
is on at every start, and importing python-telegram-bot with httpx to answer "no" cost it 22 MB of memory.
"""

from importlib import import_module

_WHERE = {
    "app": ["ALLOWED_UPDATES", "COMMANDS", "TelegramChannel", "build_application", "chat_key", "main",
            "register_commands", "run_polling", "set_webhook"],
    "config": ["MissingSetting", "TelegramConfig", "webhook_enabled"],
    "logs": ["protect", "redact"],
    "ordering": ["ChatOrderedProcessor"],
    "render": ["split_html"],
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_MODULE_OF[name]}", __name__), name)
    globals()[name] = value
    return value
