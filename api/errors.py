"""Renders every request error as HTTP 422 with the field named and a Chinese message saying what to send.

FastAPI's default body is English and pydantic-internal; callers of a Chinese hotline tool get
neither, and they never get a 500 for something they typed.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

_MESSAGES = {
    "missing": "缺少这一项，请填写。",
    "json_invalid": "请求体不是合法的 JSON（或不是 UTF-8 编码），请检查后重新发送。",
    "model_attributes_type": "这里应是一个对象（JSON 对象）。",
    "dict_type": "这里应是一个对象（JSON 对象）。",
    "list_type": "这里应是一个列表。",
    "string_type": "这里应是文字。",
    "string_too_short": "内容不能为空，请输入问题。",
    "string_too_long": "内容太长了，请缩短后再试。",
    "int_parsing": "这里应是整数，例如 15。",
    "int_type": "这里应是整数，例如 15。",
    "int_from_float": "这里应是整数，不能带小数。",
    "float_parsing": "这里应是数字，例如 500 或 12.5。",
    "float_type": "这里应是数字，例如 500 或 12.5。",
    "bool_parsing": "这里应是“是”或“否”（true / false）。",
    "bool_type": "这里应是“是”或“否”（true / false）。",
    "date_parsing": "日期格式不对，请写成 2024-05-01 这样的日期。",
    "date_from_datetime_parsing": "日期不存在或格式不对，请写成 2024-05-01 这样的真实日期。",
    "date_type": "日期格式不对，请写成 2024-05-01 这样的日期。",
    "greater_than_equal": "不能是负数或小于允许的最小值。",
    "greater_than": "必须大于允许的最小值。",
    "less_than_equal": "超过了允许的最大值。",
    "enum": "不在可选范围内。",
    "literal_error": "不在可选范围内。",
    "extra_forbidden": "不认识这个字段，请检查拼写。",
    "list_too_long": "列表太长了。",
}


def chinese_message(error: dict) -> str:
    """One pydantic error → one Chinese sentence; validators that raise ValueError already speak Chinese."""
    if error.get("type") == "value_error":
        return str(error.get("ctx", {}).get("error", error.get("msg", "")))
    base = _MESSAGES.get(error.get("type", ""), "输入有误，请检查这一项。")
    if error.get("type") in ("enum", "literal_error") and "expected" in error.get("ctx", {}):
        base += f"可选：{error['ctx']['expected']}。"
    if error.get("type") in ("greater_than_equal", "less_than_equal") and "ctx" in error:
        limit = error["ctx"].get("ge", error["ctx"].get("le"))
        base = base.rstrip("。") + f"（界限 {limit}）。"
    return base


def _field(loc: tuple | list) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


async def _validation_handler(_: Request, exc: RequestValidationError) -> JSONResponse:
    detail = [
        {"loc": list(err.get("loc", ())),
         "field": "body" if err.get("type") == "json_invalid" else _field(err.get("loc", ())),
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


async def _http_handler(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = _HTTP_DEFAULTS.get(exc.detail, exc.detail) if isinstance(exc.detail, str) else exc.detail
    if exc.detail == "There was an error parsing the body":
        return JSONResponse(status_code=422, content={
            "message": f"请求有误——body：{detail}",
            "detail": [{"loc": ["body"], "field": "body", "msg": detail}]})
    return JSONResponse(status_code=exc.status_code, content={"message": detail, "detail": detail},
                        headers=getattr(exc, "headers", None))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
