"""The schema as the hand-written SQLite stores created it before migrations existed.

A database from that time has these tables and no alembic_version; it is stamped with this
revision on first open and then upgraded like any other.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_index("sessions_updated", "sessions", ["updated_at"])
    op.create_table(
        "transcript",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
    )
    op.create_table(
        "telegram_keyboards",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("message_id", sa.BigInteger, nullable=False),
        sa.Column("html", sa.Text, nullable=False),
        sa.Column("choices", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("telegram_keyboards", "transcript", "sessions"):
        op.drop_table(table)
