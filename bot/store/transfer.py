"""Copies every table of one store into another: how an existing SQLite database moves to PostgreSQL
(`policy-assistant db copy var/assistant.db postgresql://…`).

Both databases are brought to the head revision first, so the copy is table for table and column for
column. The target must hold no conversations yet (a copy never merges); it is written in one
transaction, so a failed copy leaves it empty. The source is only read.
"""

from __future__ import annotations

from sqlalchemy import func, select

from .database import Database, StoreError
from .schema import metadata, sessions, store_meta

BATCH = 1000


def copy_store(source: Database, target: Database) -> dict[str, int]:
    """Rows copied per table. Raises StoreError if the target already holds conversations."""
    with target.read() as conn:
        if conn.execute(select(func.count()).select_from(sessions)).scalar_one():
            raise StoreError(f"目标数据库 {target.describe()} 已有对话，复制只能写入空库。\n"
                             f"The target {target.describe()} already holds conversations; copy into an empty one.")
    copied: dict[str, int] = {}
    with source.read() as src, target.write() as dst:
        for table in metadata.sorted_tables:
            if table is store_meta:  # each database keeps its own id and heartbeat
                continue
            copied[table.name] = 0
            rows = src.execute(select(table)).mappings()
            while batch := rows.fetchmany(BATCH):
                dst.execute(table.insert(), [dict(r) for r in batch])
                copied[table.name] += len(batch)
    return copied
