"""Dialog sessions over HTTP: the web chat's only way to talk to the dialog engine.

The router translates between JSON and engine turns and does nothing else: what to ask, how to read
a reply and what a result says are the engine's. Sessions live in SQLite (ASSISTANT_DB, default
var/assistant.db under the repository) so a restart loses nothing; a self-check idle longer than
ASSISTANT_IDLE_MINUTES (default 30) is paused, and the next visit welcomes the person back to it.
Every route reads the time once from the app's clock (api/clock.py), so tests move it by hand.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path as PathParam, Request, status
from pydantic import BaseModel, Field

import knowledge
from bot import Conversations, Engine, SessionStore, Turn, UnknownSession
from bot.engine import MAX_INPUT_CHARS
from bot.settings import StoreSettings

from ..clock import Now

router = APIRouter(prefix="/chat", tags=["chat"])


@cache
def settings() -> StoreSettings:
    return StoreSettings.from_env()


def conversations(request: Request) -> Conversations:
    """One store and engine per app, configured from the environment on first use (bot/settings.py),
    on the app's clock."""
    chats = getattr(request.app.state, "conversations", None)
    if chats is None:
        config = settings()
        store = SessionStore(config.db_path)
        clock = request.app.state.clock
        if config.retention:
            store.purge(clock() - config.retention)
        chats = request.app.state.conversations = Conversations(store, Engine(idle_timeout=config.idle_timeout),
                                                                 clock=clock)
    return chats


Chats = Annotated[Conversations, Depends(conversations)]
SessionId = Annotated[str, PathParam(pattern=r"^[A-Za-z0-9_-]{8,64}$", description="会话编号")]


class Limits(BaseModel):
    """What the page needs to know before anything is typed: how long a message may be (the engine's
    own limit, so the page refuses nothing the engine reads and sends nothing it ignores), how long an
    unfinished self-check waits, how long a conversation is kept, and questions to suggest."""

    idle_timeout_minutes: float
    retention_days: float
    max_input_chars: int = MAX_INPUT_CHARS
    suggestions: list[str] = []


class SessionOut(Limits):
    session_id: str
    turn: Turn


class MessageIn(BaseModel):
    text: str = Field(max_length=20_000, description="用户输入的文字，或所按按钮的 value")
    label: str | None = Field(default=None, max_length=200, description="所按按钮的文字（记入对话记录）")


class MessageOut(BaseModel):
    session_id: str
    turn: Turn


class TranscriptOut(Limits):
    session_id: str
    messages: list[dict[str, Any]]
    turn: Turn
    expired: bool


def _limits() -> dict[str, Any]:
    config = settings()
    return {"idle_timeout_minutes": config.idle_minutes, "retention_days": config.retention_days,
            "suggestions": knowledge.answer.example_questions()}


def _not_found() -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND,
                         detail="找不到这个对话，可能已过期或被清除，请开始新的对话。")


@router.post("/sessions", status_code=status.HTTP_201_CREATED, response_model=SessionOut,
             summary="开始一个对话")
def create_session(chats: Chats, now: Now) -> SessionOut:
    key, turn = chats.open(now=now)
    return SessionOut(session_id=key, turn=turn, **_limits())


@router.post("/sessions/{session_id}/messages", response_model=MessageOut, summary="发送一条消息或按下一个按钮")
def post_message(session_id: SessionId, body: MessageIn, chats: Chats, now: Now) -> MessageOut:
    try:
        turn = chats.send(session_id, body.text, shown=body.label, now=now)
    except UnknownSession:
        raise _not_found() from None
    return MessageOut(session_id=session_id, turn=turn)


@router.get("/sessions/{session_id}", response_model=TranscriptOut, summary="恢复对话（刷新页面后）")
def get_session(session_id: SessionId, chats: Chats, now: Now) -> TranscriptOut:
    try:
        restored = chats.restore(session_id, now=now)
    except UnknownSession:
        raise _not_found() from None
    return TranscriptOut(session_id=session_id, messages=restored.messages, turn=restored.turn,
                         expired=restored.expired, **_limits())


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, summary="删除对话")
def delete_session(session_id: SessionId, chats: Chats) -> None:
    chats.end(session_id)
