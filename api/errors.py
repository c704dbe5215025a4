"""Renders every request error as HTTP 422 with the field named and a Chinese message saying what to send.

FastAPI's default body is English and pydantic-internal; callers of a Chinese hotline tool get
neither, and they never get a 500 for something they typed. A browser that asks for an address that
does not exist gets a page in Chinese with the way back (api/static/404.html); programs keep JSON.
"""

from __future__ import annotations

import html

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from checks.errors import chinese_message, field_name

from .routers.pages import PAGE_HEADERS, STATIC


async def _validation_handler(_: Request, exc: RequestValidationError) -> JSONResponse:
    detail = [
        {"loc": list(err.get("loc", ())),
         "field": "body" if err.get("type") == "json_invalid" else field_name(err.get("loc", ())),
         "msg": chinese_message(err)}
        for err in exc.errors()
    ]
    summary = "；".join(f"{d['field']}：{d['msg']}" for d in detail)
    return JSONResponse(status_code=422, content={"message": f"请求有误——{summary}", "detail": detail})


# Starlette's own English details, for errors raised before any route runs.
_HTTP_DEFAULTS = {
    "There was an error parsing the body": "请求体无法解析（可能不是 UTF-8 编码的 JSON），请检查后重新发送。",
    "Not Found": "没有这个地址。接口说明见 /docs。",
    "Method Not Allowed": "这个地址不支持这种请求方式。接口说明见 /docs。",
}


async def _http_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse | HTMLResponse:
    detail = _HTTP_DEFAULTS.get(exc.detail, exc.detail) if isinstance(exc.detail, str) else exc.detail
    if exc.status_code == 404 and "text/html" in request.headers.get("accept", ""):
        reason = html.escape(detail if exc.detail != "Not Found" else "这个地址不存在，可能是链接输错了或已经失效。")
        page = (STATIC / "404.html").read_text(encoding="utf-8").replace("{{reason}}", reason)
        return HTMLResponse(page, status_code=404, headers={**PAGE_HEADERS, "Vary": "Accept"})
    if exc.detail == "There was an error parsing the body":
        return JSONResponse(status_code=422, content={
            "message": f"请求有误——body：{detail}",
            "detail": [{"loc": ["body"], "field": "body", "msg": detail}]})
    return JSONResponse(status_code=exc.status_code, content={"message": detail, "detail": detail},
                        headers=getattr(exc, "headers", None))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
