"""Dialog sessions over HTTP: the web chat's only way to talk to the dialog engine.

The router translates between JSON and engine turns and does nothing else: what to ask, how to read
a reply and what a result says are the engine's. Sessions live in SQLite (ASSISTANT_DB, default
var/assistant.db under the repository) so a restart loses nothing; a session idle longer than
ASSISTANT_IDLE_MINUTES (default 30) has its self-check ended with a notice on the next visit.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path as PathParam, status
from pydantic import BaseModel, Field

from bot import Conversations, Engine, SessionStore, Turn, UnknownSession
from bot.settings import StoreSettings
from knowledge.limits import MESSAGE_CHARS

from ..rate_limit import rate_limited
from ..schemas.errors import documented

router = APIRouter(prefix="/chat", tags=["chat"])


@cache
def settings() -> StoreSettings:
    return StoreSettings.from_env()


@cache
def conversations() -> Conversations:
    """One store and engine per process, configured from the environment on first use (bot/settings.py)."""
    config = settings()
    store = SessionStore(config.db_path)
    if config.retention:
        store.purge(datetime.now(timezone.utc) - config.retention)
    return Conversations(store, Engine(idle_timeout=config.idle_timeout))


Chats = Annotated[Conversations, Depends(conversations)]
SessionId = Annotated[str, PathParam(pattern=r"^[A-Za-z0-9_-]{8,64}$", description="会话编号")]


class SessionOut(BaseModel):
    session_id: str
    turn: Turn
    idle_timeout_minutes: float
    max_message_chars: int = Field(MESSAGE_CHARS, description="一条消息最多几个字；网页据此限制输入框")


class MessageIn(BaseModel):
    text: str = Field(max_length=MESSAGE_CHARS, description="用户输入的文字，或所按按钮的 value")
    # The page sends typed text as its own label, so the label's limit is the message's.
    label: str | None = Field(default=None, max_length=MESSAGE_CHARS, description="所按按钮的文字（记入对话记录）")


class MessageOut(BaseModel):
    session_id: str
    turn: Turn


class TranscriptOut(BaseModel):
    session_id: str
    messages: list[dict[str, Any]]
    turn: Turn
    expired: bool
    idle_timeout_minutes: float
    max_message_chars: int = Field(MESSAGE_CHARS, description="一条消息最多几个字；网页据此限制输入框")


def _not_found() -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND,
                         detail="找不到这个对话，可能已过期或被清除，请开始新的对话。")


@router.post("/sessions", status_code=status.HTTP_201_CREATED, response_model=SessionOut,
             summary="开始一个对话", dependencies=[rate_limited("sessions")], responses=documented(429))
def create_session(chats: Chats) -> SessionOut:
    key, turn = chats.open()
    return SessionOut(session_id=key, turn=turn, idle_timeout_minutes=settings().idle_minutes)


@router.post("/sessions/{session_id}/messages", response_model=MessageOut, summary="发送一条消息或按下一个按钮",
             dependencies=[rate_limited("messages")], responses=documented(404, 429))
def post_message(session_id: SessionId, body: MessageIn, chats: Chats) -> MessageOut:
    try:
        turn = chats.send(session_id, body.text, shown=body.label)
    except UnknownSession:
        raise _not_found() from None
    return MessageOut(session_id=session_id, turn=turn)


@router.get("/sessions/{session_id}", response_model=TranscriptOut, summary="恢复对话（刷新页面后）",
            responses=documented(404))
def get_session(session_id: SessionId, chats: Chats) -> TranscriptOut:
    try:
        restored = chats.restore(session_id)
    except UnknownSession:
        raise _not_found() from None
    return TranscriptOut(session_id=session_id, messages=restored.messages, turn=restored.turn,
                         expired=restored.expired, idle_timeout_minutes=settings().idle_minutes)


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, summary="删除对话")
def delete_session(session_id: SessionId, chats: Chats) -> None:
    chats.end(session_id)
