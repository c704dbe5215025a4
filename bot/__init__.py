"""The guided dialog engine, channel-free, and what channels need around it.

    from bot import Conversations, Engine
    from bot.settings import StoreSettings
    from knowledge import system_clock
    chats = Conversations(StoreSettings.from_env().open_store(), Engine(), clock=system_clock)
    key, welcome = chats.open()                       # a web session (random key)
    turn = chats.send(key, "我想自检")                # typed text or a button's value
    turn = chats.send("tg:12345", "/start", create=True)  # a Telegram chat keyed by chat id

`Engine.handle(state, text, now) -> (state, Turn)` is the pure core; `Turn` holds blocks to show,
the open `Prompt` (field, kind, unit, choices) and the `Choice` buttons whose `value` is sent back.
`Turn.plain_text()` and `bot.render_text.turn_to_text(turn, html=True)` render it as text.
"""

from .conversations import Conversations, Restored, Stale, UnknownSession
from .engine import Engine
from .models import (AnswerBlock, Choice, ConditionRow, DialogState, Prompt, ReportView, ResultBlock, ReviewBlock,
                     ReviewRow, TextBlock, Turn)
from .store import Conflict, Store, StoreError, new_session_id

__all__ = [
    "AnswerBlock", "Choice", "ConditionRow", "Conflict", "Conversations", "DialogState", "Engine", "Prompt",
    "ReportView", "Restored", "ResultBlock", "ReviewBlock", "ReviewRow", "Stale", "Store", "StoreError", "TextBlock",
    "Turn", "UnknownSession", "new_session_id",
]
