"""Dialog sessions over HTTP: the web chat's only way to talk to the dialog engine.

The router translates between JSON and engine turns and does nothing else: what to ask, how to read
a reply and what a result says are the engine's. Sessions live in the store (ASSISTANT_DB: SQLite by
default, or PostgreSQL) so a restart loses nothing; a session idle longer than ASSISTANT_IDLE_MINUTES
(default 30) is paused, and the next visit welcomes the person back to it. A message may carry a
`client_message_id`: sent again (a retry after a dropped connection), it gets the stored reply back
instead of a second turn. While the store cannot be used, every route answers 503.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Annotated, Any, Iterator

from fastapi import APIRouter, Depends, HTTPException, Path as PathParam, Request, status
from pydantic import BaseModel, Field

from bot import Conversations, StoreError, Turn, UnknownSession
from knowledge.answer import example_questions
from knowledge.limits import MESSAGE_CHARS

from ..rate_limit import rate_limited
from ..schemas.errors import documented

router = APIRouter(prefix="/chat", tags=["chat"])
log = logging.getLogger("api.routers.chat")
UNAVAILABLE = "对话服务暂时无法保存内容，请稍后再试；急需答复请拨打 12345 市民服务热线。"


def conversations(request: Request) -> Conversations:
    """The process's conversations (api/runtime.py); 503 while its store cannot be used."""
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is None or runtime.conversations is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=UNAVAILABLE)
    return runtime.conversations


Chats = Annotated[Conversations, Depends(conversations)]
SessionId = Annotated[str, PathParam(pattern=r"^[A-Za-z0-9_-]{8,64}$", description="会话编号")]


class Limits(BaseModel):
    """What the page needs to know before anything is typed: how long a message may be (the one limit
    every layer takes from knowledge/limits.py), how long an unfinished self-check waits, how long a
    conversation is kept, and questions to suggest."""

    idle_timeout_minutes: float = Field(description="自检闲置多少分钟后暂停（0 为不暂停）")
    retention_days: float = Field(description="对话不使用多少天后清除（0 为不清除）")
    max_message_chars: int = Field(MESSAGE_CHARS, description="一条消息最多几个字；网页据此限制输入框")
    suggestions: list[str] = Field(default=[], description="可以这样问：每项措施的示例问题")


def _limits(request: Request, chats: Conversations) -> dict[str, Any]:
    timeout = chats.engine.idle_timeout
    runtime = getattr(request.app.state, "runtime", None)
    return {"idle_timeout_minutes": timeout.total_seconds() / 60 if timeout else 0.0,
            "retention_days": runtime.settings.retention_days if runtime else 0.0,
            "suggestions": example_questions()}


class SessionOut(Limits):
    session_id: str
    turn: Turn


class MessageIn(BaseModel):
    text: str = Field(max_length=MESSAGE_CHARS, description="用户输入的文字，或所按按钮的 value")
    # A client may send typed text as its own label (the page sends a button's words), so it has the message's limit.
    label: str | None = Field(default=None, max_length=MESSAGE_CHARS, description="所按按钮的文字（记入对话记录）")
    client_message_id: str | None = Field(
        default=None, pattern=r"^[A-Za-z0-9_-]{1,64}$",
        description="客户端为这条消息生成的编号；重发同一编号时返回已保存的回复，不会重复处理")


class MessageOut(BaseModel):
    session_id: str
    turn: Turn


class TranscriptOut(Limits):
    session_id: str
    messages: list[dict[str, Any]]
    turn: Turn
    expired: bool


def _not_found() -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND,
                         detail="找不到这个对话，可能已过期或被清除，请开始新的对话。")


@router.post("/sessions", status_code=status.HTTP_201_CREATED, response_model=SessionOut,
             summary="开始一个对话", dependencies=[rate_limited("sessions")], responses=documented(429))
def create_session(request: Request, chats: Chats) -> SessionOut:
    with _store_errors():
        key, turn = chats.open()
    return SessionOut(session_id=key, turn=turn, **_limits(request, chats))


@router.post("/sessions/{session_id}/messages", response_model=MessageOut, summary="发送一条消息或按下一个按钮",
             dependencies=[rate_limited("messages")], responses=documented(404, 429))
def post_message(session_id: SessionId, body: MessageIn, chats: Chats) -> MessageOut:
    try:
        with _store_errors():
            turn = chats.send(session_id, body.text, shown=body.label, message_id=body.client_message_id)
    except UnknownSession:
        raise _not_found() from None
    return MessageOut(session_id=session_id, turn=turn)


@router.get("/sessions/{session_id}", response_model=TranscriptOut, summary="恢复对话（刷新页面后）",
            responses=documented(404))
def get_session(request: Request, session_id: SessionId, chats: Chats) -> TranscriptOut:
    try:
        with _store_errors():
            restored = chats.restore(session_id)
    except UnknownSession:
        raise _not_found() from None
    return TranscriptOut(session_id=session_id, messages=restored.messages, turn=restored.turn,
                         expired=restored.expired, **_limits(request, chats))


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, summary="删除对话")
def delete_session(session_id: SessionId, chats: Chats) -> None:
    with _store_errors():
        chats.end(session_id)


@contextmanager
def _store_errors() -> Iterator[None]:
    """A store that cannot read or write answers 503: nothing was stored, and the client may retry."""
    try:
        yield
    except StoreError as err:
        log.error("conversation store failed: %s", str(err).splitlines()[0])
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=UNAVAILABLE) from None
