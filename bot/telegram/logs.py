"""Keeps the bot token out of every log line.

The token is the bot's only credential, and it sits in every Bot API URL: httpx logs each request
URL at INFO, python-telegram-bot logs the API URL at DEBUG and puts the token into the message of
`InvalidToken`. So httpx is quietened to WARNING, and a filter rewrites any record that still carries
the token (message, arguments, traceback) before a handler writes it.
"""

from __future__ import annotations

import logging
import traceback

REDACTED = "<telegram-token>"
# Loggers whose records may carry the token; a logger filter only sees records created on that
# very logger, so each is named, and the root handlers get the filter too for everything else.
_LOGGERS = ("httpx", "httpcore", "telegram", "telegram.ext", "telegram.Bot", "telegram.ext.Application",
            "telegram.ext.Updater", "telegram.ext.ExtBot", "telegram._bot", "telegram.request",
            "bot.telegram", "api.routers.telegram")


class RedactToken(logging.Filter):
    """Replaces every known token in a record by a placeholder; never drops a record."""

    def __init__(self) -> None:
        super().__init__("redact-telegram-token")
        self.secrets: set[str] = set()

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 — a malformed record is still logged, just not formatted
            message = str(record.msg)
        record.msg, record.args = self._clean(message), None
        if record.exc_info and record.exc_info[0] is not None:
            # Formatter appends exc_text as is, so a cleaned text stands in for the traceback.
            record.exc_text = self._clean("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self._clean(record.stack_info)
        return True


_FILTER = RedactToken()


def redact(text: str) -> str:
    """`text` with every registered token replaced, for messages printed outside logging."""
    return _FILTER._clean(text)


def protect(token: str) -> RedactToken:
    """Registers `token` for redaction and quietens httpx; safe to call more than once."""
    if token:
        _FILTER.secrets.add(token)
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:  # NOTSET too: a DEBUG root must not switch URL logging back on
            logger.setLevel(logging.WARNING)
    targets = [logging.getLogger(name) for name in _LOGGERS]
    targets += [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
                if name.startswith(("telegram", "httpx", "httpcore"))]
    targets += list(logging.getLogger().handlers)
    for target in targets:
        if _FILTER not in target.filters:
            target.addFilter(_FILTER)
    return _FILTER
