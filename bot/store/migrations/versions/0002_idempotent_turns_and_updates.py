"""Idempotent turns (client message ids on replies), Telegram updates de-duplicated and ordered
through the store, keyboards that know their flow's epoch and page, and the database's own id.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.add_column("transcript", sa.Column("client_id", sa.Text, nullable=True))
    op.create_index("transcript_client_id", "transcript", ["key", "client_id"], unique=True)
    op.add_column("telegram_keyboards", sa.Column("epoch", sa.Integer, nullable=False, server_default="0"))
    op.add_column("telegram_keyboards", sa.Column("page", sa.Integer, nullable=False, server_default="0"))
    op.create_table(
        "telegram_updates",
        sa.Column("update_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("chat_id", sa.BigInteger, nullable=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("received_at", sa.Text, nullable=False),
        sa.Column("done_at", sa.Text, nullable=True),
    )
    op.create_index("telegram_updates_chat", "telegram_updates", ["chat_id", "update_id"])
    op.create_index("telegram_updates_received", "telegram_updates", ["received_at"])
    op.create_table(
        "store_meta",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_meta")
    op.drop_table("telegram_updates")
    with op.batch_alter_table("telegram_keyboards") as batch:
        batch.drop_column("page")
        batch.drop_column("epoch")
    op.drop_index("transcript_client_id", "transcript")
    with op.batch_alter_table("transcript") as batch:
        batch.drop_column("client_id")
