"""Renders every request error as Chinese JSON that names the field and says what to send instead.

FastAPI's default bodies are English and pydantic-internal; callers of a Chinese hotline tool get
neither. The shapes are api/schemas/errors.py's: 422 `{message, detail: [{loc, field, msg}]}`,
every other 4xx `{message, detail}`. Unexpected exceptions are api/server_errors.py's.
A browser that asks for an address that does not exist gets a page in Chinese with the way back
(api/static/404.html); programs keep JSON.
"""

from __future__ import annotations

import html
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from checks.errors import chinese_message, field_name

from .routers.pages import PAGE_HEADERS, STATIC

# Errors of the API's own text inputs, which checks.errors (written for the profile) words generally.
_API_MESSAGES = {
    "string_type": "应是文字（JSON 字符串），例如 \"第七条第（三）项\"",
    "string_too_long": "太长了，最多 {max_length} 个字，请只保留要点",
    "string_too_short": "不能为空，请填写",
    "string_pattern_mismatch": "不能为空（只有空格也不行），请填写内容",
    "int_parsing": "应是整数，例如 10",
    "less_than_equal": "不能大于 {le}",
    "greater_than_equal": "不能小于 {ge}",
    "date_from_datetime_parsing": "应是真实存在的日期，写成 2026-05-01",
}


def _field_message(err: dict) -> str:
    kind, ctx, field = err.get("type", ""), err.get("ctx") or {}, field_name(err.get("loc", ()))
    if "profile" in err.get("loc", ()):
        return chinese_message(err)
    if kind in ("literal_error", "enum"):
        choices = str(ctx.get("expected", "")).replace(" or ", "、").replace(", ", "、")
        return f"“{field}”不在可选范围内（收到“{str(err.get('input'))[:50]}”），可选：{choices}。"
    template = _API_MESSAGES.get(kind)
    if template is None:
        return chinese_message(err)
    return f"“{field}”{template.format(**ctx)}。"


def validation_body(errors: list[dict]) -> dict:
    detail = [{"loc": list(err.get("loc", ())),
               "field": "body" if err.get("type") == "json_invalid" else field_name(err.get("loc", ())),
               "msg": _field_message(err)}
              for err in errors]
    summary = "；".join(d["msg"].rstrip("。") for d in detail)  # each message names its field
    return {"message": f"请求有误——{summary}。", "detail": detail}


async def _validation_handler(_: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse(status_code=422, content=validation_body(list(exc.errors())))


# Starlette's own English details, for errors raised before any route runs.
_PARSE_ERROR = "There was an error parsing the body"
_HTTP_DEFAULTS = {
    _PARSE_ERROR: "请求体无法解析（可能不是 UTF-8 编码的 JSON），请检查后重新发送。",
    "Not Found": "没有这个地址。接口说明见 /docs。",
    "Method Not Allowed": "这个地址不支持这种请求方式。接口说明见 /docs。",
}


def _allowed(request: Request) -> str | None:
    """Every method the OpenAPI document has for this path (Starlette names only the first route's)."""
    for template, operations in request.app.openapi()["paths"].items():
        if re.fullmatch(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)), request.url.path):
            methods = {m.upper() for m in operations} | ({"HEAD"} if "get" in operations else set())
            return ", ".join(sorted(methods))
    return None


async def _http_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse | HTMLResponse:
    detail = _HTTP_DEFAULTS.get(exc.detail, exc.detail) if isinstance(exc.detail, str) else exc.detail
    if exc.status_code == 404 and "text/html" in request.headers.get("accept", ""):
        reason = html.escape(detail if exc.detail != "Not Found" else "这个地址不存在，可能是链接输错了或已经失效。")
        page = (STATIC / "404.html").read_text(encoding="utf-8").replace("{{reason}}", reason)
        return HTMLResponse(page, status_code=404, headers={**PAGE_HEADERS, "Vary": "Accept"})
    if exc.detail == _PARSE_ERROR:
        return JSONResponse(status_code=422, content={
            "message": f"请求有误——body：{detail}",
            "detail": [{"loc": ["body"], "field": "body", "msg": detail}]})
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405 and (allowed := _allowed(request)):
        headers["Allow"] = allowed
    return JSONResponse(status_code=exc.status_code, content={"message": detail, "detail": detail},
                        headers=headers or None)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
