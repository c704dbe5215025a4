"""Refuses a JSON body that holds a lone surrogate (\\ud800), naming where it is.

JSON allows the escape, Python's parser keeps it, and the first thing that tries to encode it as
UTF-8 (pydantic building an error message, the store, the response) fails with a 500. No person
types one: it is a broken client or a probe, and it gets a 422 before any model sees it.
"""

from __future__ import annotations

import re

from fastapi import Request
from fastapi.exceptions import RequestValidationError

_SURROGATE = re.compile("[\ud800-\udfff]")
MESSAGE = "含有无法识别的字符（单独的 UTF-16 代理项），请只发送正常的文字"


def _where(value: object) -> tuple | None:
    stack: list[tuple[tuple, object]] = [((), value)]
    while stack:  # a loop, not recursion: a body may nest a thousand levels deep
        path, item = stack.pop()
        if isinstance(item, str) and _SURROGATE.search(item):
            return path
        if isinstance(item, dict):
            for key, inner in item.items():
                if _SURROGATE.search(key):
                    return (*path, "（字段名）")
                stack.append(((*path, key), inner))
        elif isinstance(item, list):
            stack.extend(((*path, i), inner) for i, inner in enumerate(item))
    return None


async def no_lone_surrogates(request: Request) -> None:
    """An app-wide dependency; the body FastAPI already parsed is cached, so this costs one walk.
    Routes that take no body are left alone: they never read one, so they never see the character."""
    if getattr(request.scope.get("route"), "body_field", None) is None:
        return
    try:
        data = await request.json()
    except Exception:  # a body that is not JSON: FastAPI has already answered it
        return
    path = _where(data)
    if path is not None:
        raise RequestValidationError([{"type": "value_error", "loc": ("body", *path), "msg": MESSAGE,
                                       "input": None, "ctx": {"error": MESSAGE}}])
