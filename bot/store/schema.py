"""The store's tables as SQLAlchemy Core objects: what the queries and the SQLite → PostgreSQL copy use.

The schema itself is created and changed only by the Alembic revisions in migrations/versions/;
this file must describe the head revision, and tests/bot/test_store_migrations.py proves it does.
Times are fixed-width UTC text (`stamp`), which sorts like time on both back-ends and is the form
databases written before the migrations existed already hold.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, Table, Text

metadata = MetaData()

sessions = Table(
    "sessions", metadata,
    Column("key", Text, primary_key=True),
    Column("state", Text, nullable=False),
    Column("revision", Integer, nullable=False, server_default="0"),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Index("sessions_updated", "updated_at"),
)

transcript = Table(
    "transcript", metadata,
    Column("key", Text, primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("role", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("at", Text, nullable=False),
    # On a reply: the client's id of the message it answers, so a resend gets this reply back.
    Column("client_id", Text, nullable=True),
    Index("transcript_client_id", "key", "client_id", unique=True),
)

telegram_keyboards = Table(
    "telegram_keyboards", metadata,
    Column("key", Text, primary_key=True),
    Column("message_id", BigInteger, nullable=False),
    Column("html", Text, nullable=False),
    Column("choices", Text, nullable=False),
    Column("at", Text, nullable=False),
    # The dialog's epoch when the keyboard was sent: a press after the flow ended acts on nothing.
    Column("epoch", Integer, nullable=False, server_default="0"),
    Column("page", Integer, nullable=False, server_default="0"),
)

telegram_updates = Table(
    "telegram_updates", metadata,
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("chat_id", BigInteger, nullable=True),
    Column("payload", Text, nullable=False),
    Column("received_at", Text, nullable=False),
    Column("done_at", Text, nullable=True),
    Index("telegram_updates_chat", "chat_id", "update_id"),
    Index("telegram_updates_received", "received_at"),
)

store_meta = Table(
    "store_meta", metadata,
    Column("name", Text, primary_key=True),
    Column("value", Text, nullable=False),
)
"""The database's own id (matched against the marker file beside a SQLite database) and the
readiness probe's heartbeat."""


def stamp(moment: datetime) -> str:
    """Fixed-width UTC text; raises on a naive datetime, whose zone nobody can know."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no zone; pass an aware one")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
