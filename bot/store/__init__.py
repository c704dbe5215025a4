"""The one store every channel shares: conversations, transcripts and the Telegram channel's records,
on SQLite (the default, nothing to install) or PostgreSQL (ASSISTANT_DB=postgresql://…).

    store = Store(StoreSettings.from_env().db)     # opens, checks, migrates to the head revision
    with store.hold(key) as held: …                # one turn, its conversation locked
"""

from .database import Database, StoreCorrupt, StoreError, StoreMissing, StoreUnavailable, revision, upgrade
from .store import Conflict, Held, Store, Stored, new_session_id
from .telegram_records import Keyboard, TelegramRecords

__all__ = ["Conflict", "Database", "Held", "Keyboard", "Store", "StoreCorrupt", "StoreError", "StoreMissing",
           "StoreUnavailable", "Stored", "TelegramRecords", "new_session_id", "revision", "upgrade"]
