"""Engine, sessions and schema upgrades for SQLite (default) and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


# Page cache per connection: 64 MiB serves the dashboards' reads; an import's transaction (sqlite_cache=
# "import") keeps 24 MiB: the pages it writes are not read again, and its worker process needs memory too.
_CACHE = {"default": "PRAGMA cache_size=-65536", "import": "PRAGMA cache_size=-24576"}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # 16 KiB pages for a new database (no effect on an existing one): fewer, fuller b-tree pages; a bulk
    # import of activities writes about 10% faster and commits 40% faster than with the 4 KiB default.
    cur.execute("PRAGMA page_size=16384")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(_CACHE["default"])
    cur.close()
    # SQLAlchemy, not the driver, opens transactions (see _sqlite_begin).
    dbapi_conn.isolation_level = None


def _sqlite_begin(conn: Any) -> None:
    # A write transaction takes the write lock at BEGIN (IMMEDIATE), waiting up to busy_timeout for it.
    # A deferred transaction that reads and then writes cannot wait: SQLite fails it at once with
    # "database is locked" when another writer got in between. Read sessions begin DEFERRED.
    # Foreign keys are checked unless the transaction asks otherwise (sqlite_foreign_keys=False: an import,
    # whose every reference comes from its own lookups under the write lock). The pragma only takes
    # effect outside a transaction, hence here, before BEGIN, for every transaction; the cache size too.
    options = conn.get_execution_options()
    checked = options.get("sqlite_foreign_keys", True)
    conn.exec_driver_sql("PRAGMA foreign_keys=ON" if checked else "PRAGMA foreign_keys=OFF")
    conn.exec_driver_sql(_CACHE[options.get("sqlite_cache", "default")])
    if options.get("isolation_level") == "AUTOCOMMIT":
        return
    mode = options.get("sqlite_begin", "IMMEDIATE")
    conn.exec_driver_sql("BEGIN DEFERRED" if mode == "DEFERRED" else "BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """Return an engine for `url`; SQLite gets WAL, foreign keys and a busy timeout on every connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True)


class Database:
    """One database: its engine and a session factory. Services open and commit sessions."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        reader = self.engine.execution_options(sqlite_begin="DEFERRED")
        self._read_sessions = sessionmaker(reader, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Yield a session for writing; it rolls back unless the caller committed.

        On SQLite its transaction holds the write lock from the start, so concurrent writers queue
        (busy_timeout) instead of failing; keep write transactions short.
        """
        with self._sessions() as session:
            try:
                yield session
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """Yield a session for reading only: it never waits for writers (SQLite WAL) and always rolls back."""
        with self._read_sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def upgrade(self, revision: str = "heads") -> None:
        """Bring the schema to `revision` (default: every head) with the Alembic migrations."""
        command.upgrade(alembic_config(self), revision)

    def is_new(self) -> bool:
        """Return True when the schema has never been created in this database."""
        return not inspect(self.engine).has_table("alembic_version")

    def dispose(self) -> None:
        self.engine.dispose()


# PostgreSQL advisory lock keys (SQLite needs none: its write transactions BEGIN IMMEDIATE).
ROLLUP_LOCK = 0x52_46_52_4F_4C_4C  # "RFROLL": held by rollup writers until commit
IMPORT_LOCK = 0x52_46_49_4D_50_54  # "RFIMPT": held by an import (it creates accounts and contacts by name)


def writer_lock(session: Session, key: int) -> None:
    """Hold `key` until the transaction ends, so writers that would race (or deadlock) take turns.

    PostgreSQL only; on SQLite every write transaction already has the database to itself.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def alembic_config(db: Database) -> Config:
    """Return an Alembic config that runs the packaged migrations on `db`'s engine."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = db.engine
    return cfg
