"""The error bodies every endpoint can answer with, as declared in the OpenAPI document.

Every error is JSON with a Chinese `message` a caller can show as it is; `detail` says the same per
field for a 422, and a 500 adds the request id that is in the server's log beside the traceback.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    message: str = Field(description="给用户看的中文说明：哪里不对，应该怎么做")
    detail: str


class FieldErrorOut(BaseModel):
    loc: list[str | int] = Field(description="出错的位置，例如 [\"body\", \"profile\", \"fixed_staff\"]")
    field: str = Field(description="出错的字段，例如 profile.fixed_staff")
    msg: str = Field(description="这个字段的中文说明：哪里不对，应该填什么")


class ValidationErrorOut(BaseModel):
    message: str = Field(description="所有出错字段的中文说明，连成一句")
    detail: list[FieldErrorOut]


class ServerErrorOut(ErrorOut):
    request_id: str = Field(description="本次请求的编号，与服务器日志中的记录对应")


RETRY_AFTER = {"Retry-After": {"description": "多少秒后可以再试", "schema": {"type": "integer", "minimum": 1}}}


def documented(*statuses: int) -> dict:
    """`responses=` for a route: each status with its body model and a Chinese description."""
    known = {
        404: {"model": ErrorOut, "description": "没有找到（文件、条款或对话）"},
        413: {"model": ErrorOut, "description": "请求内容超过大小上限"},
        429: {"model": ErrorOut, "description": "请求太频繁，请按 Retry-After 秒数稍后再试", "headers": RETRY_AFTER},
        500: {"model": ServerErrorOut, "description": "服务器内部出错（带请求编号）"},
    }
    return {status: known[status] for status in statuses}
