"""Keeps web chat session ids out of the logs: they are the only credential a conversation has.

Anyone holding /chat/sessions/{id} can read and continue that conversation, so the access log and
error log lines show the path with the id replaced.
"""

from __future__ import annotations

import logging
import re

_SESSION = re.compile(r"(/chat/sessions/)[^/?#\s]+")


def redact(path: str) -> str:
    """'/chat/sessions/abc123/messages' → '/chat/sessions/…/messages'."""
    return _SESSION.sub(r"\1…", path)


class RedactSessionIds(logging.Filter):
    """For uvicorn's access logger, whose record args are (client, method, path, http version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3 and isinstance(record.args[2], str):
            record.args = (*record.args[:2], redact(record.args[2]), *record.args[3:])
        return True


def install() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactSessionIds) for f in access.filters):
        access.addFilter(RedactSessionIds())
