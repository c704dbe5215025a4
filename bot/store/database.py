"""Opens the one database every channel shares, SQLite or PostgreSQL, and owns its connection and
transaction policy: how a write transaction is begun, how one is made to wait for another, how the
schema is brought to the current revision, and how a broken database is noticed.

Why SQLAlchemy Core with Alembic rather than psycopg 3 with its pool: the store has two real
back-ends, and SQLAlchemy gives both one query language, one pool and one set of tables, where
psycopg would leave SQLite to hand-written sqlite3 code beside it — the two-store situation this
replaces. Alembic versions the schema for both dialects (batch mode for SQLite's limited ALTER).
The dialects differ only where they must, and only here:

- SQLite: one connection per process (the pool queues threads, so no thread ever sleeps in SQLite's
  busy handler), WAL, and every write transaction begun IMMEDIATE: the database's write lock is
  what serialises turns, also between processes sharing the file. The file's identity is checked
  before each commit, so a database deleted under a running server fails the write instead of
  acknowledging it into an unlinked file. A marker file beside the database (`<name>.store-id`)
  holds the database's id: a database that is missing while its marker is there was expected, and
  is reported, never silently recreated.
- PostgreSQL: a pool of connections; turns lock their conversation's row (SELECT … FOR UPDATE), so
  different conversations run side by side on any number of instances; migrations and other
  instance-wide work take advisory locks.
"""

from __future__ import annotations

import logging
import os
import uuid
import zlib
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, ContextManager, Iterator

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from .schema import store_meta

log = logging.getLogger("bot.store")

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MARKER_SUFFIX = ".store-id"
SQLITE_BUSY_MS = 30_000
MIN_FREE_BYTES = 1 << 20
"""Below this much free space beside a SQLite database an instance is not ready: SQLite reuses its
WAL's space for small writes, so a tiny probe still succeeds on a full disk while real turns fail."""


class StoreError(RuntimeError):
    """The store cannot be used as configured; the message says why and what to do, in Chinese and English."""


class StoreMissing(StoreError):
    """A database that existed before is gone: restore it, or delete its marker to start afresh."""


class StoreCorrupt(StoreError):
    """The database fails its integrity check."""


class StoreUnavailable(StoreError):
    """A read or write failed (disk full, read-only, file deleted, server unreachable); nothing was stored."""


def database_url(setting: str) -> URL:
    """ASSISTANT_DB as a SQLAlchemy URL: a postgresql:// URL, a sqlite:/// URL, or a plain file path.

    Any other URL is refused: a string with :// is never taken for a file name.
    """
    if "://" in setting:
        url = make_url(setting)
        backend = url.get_backend_name()
        if backend in ("postgresql", "postgres"):
            return url.set(drivername="postgresql+psycopg")
        if backend == "sqlite" and url.database not in (None, "", ":memory:"):
            return url.set(drivername="sqlite", database=str(Path(url.database).resolve()))
        raise StoreError(f"ASSISTANT_DB 只支持 SQLite 文件路径或 postgresql:// 地址，收到的是 {backend}://。\n"
                         f"ASSISTANT_DB must be a SQLite file path or a postgresql:// URL, not {backend}://.")
    return URL.create("sqlite", database=str(Path(setting).resolve()))


def _lock_id(name: str) -> int:
    """A stable 63-bit number for an advisory lock name (PostgreSQL takes a bigint)."""
    return zlib.crc32(name.encode()) | (zlib.crc32(name[::-1].encode()) << 31)


class Database:
    """The engine for one ASSISTANT_DB, checked and migrated to the head revision on open."""

    def __init__(self, setting: str, *, pool_size: int = 10, migrate: bool = True):
        self.url = database_url(setting)
        self.kind = "postgresql" if self.url.get_backend_name() == "postgresql" else "sqlite"
        self.path = Path(self.url.database) if self.kind == "sqlite" else None
        self._identity: tuple[int, int] | None = None
        if self.path is not None:
            self._expect_file()
            self.engine = self._sqlite_engine()
        else:
            self.engine = create_engine(self.url, pool_size=pool_size, max_overflow=max(0, 40 - pool_size),
                                        pool_timeout=60, pool_pre_ping=True)
        try:
            self._check()
            if migrate:
                upgrade(self)
            self.id = self._claim_id() if migrate else None
        except BaseException:
            self.engine.dispose()
            raise

    def describe(self) -> str:
        """The URL without its password, for logs and the CLI."""
        return self.url.render_as_string(hide_password=True)

    # ------------------------------------------------------------------ opening

    def _expect_file(self) -> None:
        marker = self.path.with_name(self.path.name + MARKER_SUFFIX)
        if not self.path.exists() and marker.exists():
            raise StoreMissing(
                f"数据库文件 {self.path} 不见了，但它曾经存在（{marker.name} 还在）。请从备份恢复该文件；"
                f"若确实要从空库重新开始，删除 {marker} 后再启动。\n"
                f"The database {self.path} is missing although it existed before ({marker.name} is still there). "
                f"Restore it from a backup, or delete {marker} to start with an empty database.")
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def _sqlite_engine(self) -> Engine:
        engine = create_engine(self.url, pool_size=1, max_overflow=0, pool_timeout=120,
                               connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_MS / 1000})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record) -> None:
            # SQLAlchemy's pysqlite recipe: the driver's own implicit BEGIN is switched off so that
            # the "begin" hook below decides how each transaction starts.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            # WAL lets a read go on beside a write; NORMAL sync survives a process crash, the
            # restart this store must survive.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            # IMMEDIATE takes the write lock at once, so two processes never both read a state and
            # then race to write it; reads ask for a plain deferred BEGIN.
            conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("read_only") else "BEGIN IMMEDIATE")

        return engine

    def _check(self) -> None:
        try:
            with self.engine.connect() as conn:
                if self.kind == "sqlite":
                    rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
                    if rows != ["ok"]:
                        raise StoreCorrupt(_corrupt(self.path, "; ".join(map(str, rows[:3]))))
                else:
                    conn.execute(text("SELECT 1"))
                conn.rollback()
        except StoreError:
            raise
        except DBAPIError as err:
            if self.kind == "sqlite" and _is_corruption(err):
                raise StoreCorrupt(_corrupt(self.path, str(err.orig))) from None
            raise StoreUnavailable(f"无法打开数据库 {self.describe()}：{err.orig}\n"
                                   f"Cannot open the database {self.describe()}: {err.orig}") from None
        if self.path is not None:
            self._identity = _file_identity(self.path)

    def _claim_id(self) -> str:
        """The database's id, made on first open; a SQLite database's marker file gets it too."""
        with self.write() as conn:
            found = conn.execute(select(store_meta.c.value).where(store_meta.c.name == "id")).scalar()
            if found is None:
                found = uuid.uuid4().hex
                conn.execute(store_meta.insert().values(name="id", value=found))
        if self.path is not None:
            marker = self.path.with_name(self.path.name + MARKER_SUFFIX)
            if not marker.exists() or marker.read_text().strip() != found:
                marker.write_text(found + "\n")
        return found

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction; on SQLite it holds the database's write lock from its first statement."""
        try:
            with self.engine.begin() as conn:
                yield conn
                self.check_file()
        except IntegrityError:
            raise  # a constraint the caller relies on (a key taken), not a broken database
        except DBAPIError as err:
            raise self._unavailable(err) from None

    @contextmanager
    def read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect().execution_options(read_only=True) as conn:
                with conn.begin():
                    yield conn
        except DBAPIError as err:
            raise self._unavailable(err) from None

    def lock(self, name: str) -> ContextManager[None]:
        """Held by one process at a time across every instance: an advisory lock on PostgreSQL.

        SQLite serves one host, where the callers' in-process locks already order what this orders.
        """
        if self.kind != "postgresql":
            return nullcontext()
        return self._advisory(_lock_id(name))

    @contextmanager
    def _advisory(self, key: int) -> Iterator[None]:
        # A session-level lock on a connection of its own: a crashed instance's connection closes
        # and PostgreSQL releases the lock with it.
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})

    def check_file(self) -> None:
        """Raises StoreUnavailable when the SQLite file this process opened is no longer at its path."""
        if self.path is not None and _file_identity(self.path) != self._identity:
            raise StoreUnavailable(f"数据库文件 {self.path} 已被删除或替换，写入已取消。\n"
                                   f"The database file {self.path} was deleted or replaced; nothing was written.")

    def check_space(self) -> None:
        """Raises StoreUnavailable when the disk under a SQLite database is (nearly) full."""
        if self.path is None:
            return
        st = os.statvfs(self.path.parent)
        if st.f_bavail * st.f_frsize < MIN_FREE_BYTES:
            raise StoreUnavailable(f"数据库所在磁盘已满（{self.path.parent}），新的对话内容无法保存。\n"
                                   f"The disk holding {self.path} is full; new turns cannot be stored.")

    def _unavailable(self, err: DBAPIError) -> StoreError:
        if self.kind == "sqlite" and _is_corruption(err):
            return StoreCorrupt(_corrupt(self.path, str(err.orig)))
        return StoreUnavailable(f"数据库暂时无法读写：{err.orig}\nThe database cannot be used: {err.orig}")

    def close(self) -> None:
        self.engine.dispose()


def upgrade(db: Database) -> str:
    """Brings the schema to the head revision inside one transaction; returns the revision reached.

    A database from before migrations (tables, no alembic_version) is stamped as the baseline first.
    Instances starting together take turns: SQLite's write lock, or an advisory lock on PostgreSQL.
    """
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with db.engine.begin() as conn:
            if db.kind == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_id("schema-migration")})
            config.attributes["connection"] = conn
            tables = inspect(conn)
            if not tables.has_table("alembic_version") and tables.has_table("sessions"):
                log.warning("database %s predates migrations: stamping it as revision 0001", db.describe())
                command.stamp(config, "0001")
            before = MigrationContext.configure(conn).get_current_revision()
            command.upgrade(config, "head")
            after = MigrationContext.configure(conn).get_current_revision()
    except DBAPIError as err:
        raise db._unavailable(err) from None
    if before != after:
        # A new database is routine; moving an existing one's schema is worth a line an operator sees.
        (log.info if before is None else log.warning)("database %s migrated from revision %s to %s",
                                                      db.describe(), before or "(empty)", after)
    return after


def revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.read() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def insert_ignoring_duplicates(conn: Connection, table, **values: Any) -> bool:
    """INSERT … ON CONFLICT DO NOTHING in the connection's dialect; True if a row went in."""
    make = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    # RETURNING rather than rowcount, which psycopg leaves at -1 for this statement.
    key = next(iter(table.primary_key.columns))
    return conn.execute(make(table).values(**values).on_conflict_do_nothing().returning(key)).first() is not None


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def _is_corruption(err: SQLAlchemyError) -> bool:
    message = str(getattr(err, "orig", err)).lower()
    return "malformed" in message or "not a database" in message or "corrupt" in message


def _corrupt(path: Path | None, detail: str) -> str:
    return (f"数据库 {path} 已损坏（{detail}），拒绝使用，也不会重建。请从备份恢复，或把它移开后再启动。\n"
            f"The database {path} is corrupt ({detail}); it is neither used nor recreated. "
            f"Restore it from a backup, or move it aside and start again.")
