"""Backups: a consistent copy of a running SQLite database (online backup API) and its restore.

PostgreSQL is backed up with its own tools; backup() explains how instead of copying.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, text

from repfocus.store.activities import rollup_totals
from repfocus.store.db import Database


class BackupFailed(Exception):
    """The backup or restore could not be made; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    bytes: int
    revision: str
    activities: int

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "bytes": self.bytes,
            "revision": self.revision,
            "activities": self.activities,
        }


def postgres_guidance(db: Database) -> str:
    """Return how to back up and restore a PostgreSQL database with pg_dump and pg_restore."""
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=True)
    return (
        "RepFocus is on PostgreSQL: back it up with pg_dump, which takes a consistent snapshot while the "
        "server runs:\n"
        f"  pg_dump --format=custom --file=repfocus.dump '{url}'\n"
        "and restore it into an empty database with:\n"
        f"  pg_restore --clean --if-exists --no-owner --dbname='{url}' repfocus.dump\n"
        "(give the password with PGPASSWORD or ~/.pgpass, never on the command line)"
    )


def _summary(path: Path) -> tuple[str, int]:
    """Return (schema revision, activity count) of a SQLite file; BackupFailed if not RepFocus's."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupFailed(f"{path} cannot be opened as SQLite: {exc}") from exc
    try:
        revision = ",".join(r[0] for r in conn.execute("SELECT version_num FROM alembic_version ORDER BY 1"))
        activities = int(conn.execute("SELECT count(*) FROM activities").fetchone()[0])
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupFailed(f"{path} is not a RepFocus database ({exc})") from exc
    finally:
        conn.close()
    if check != "ok":
        raise BackupFailed(f"{path} is damaged: {check}")
    return revision, activities


def backup(db: Database, path: Path, *, overwrite: bool = False) -> BackupResult:
    """Copy the SQLite database to `path` with the online backup API: consistent while others write."""
    if not db.is_sqlite:
        raise BackupFailed(postgres_guidance(db))
    path = Path(path)
    if path.exists() and not overwrite:
        raise BackupFailed(f"{path} already exists; choose a new file or pass --force")
    if not path.parent.is_dir():
        raise BackupFailed(f"folder {path.parent} does not exist")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    try:
        with db.engine.connect() as conn:
            source = conn.connection.driver_connection
            assert isinstance(source, sqlite3.Connection)
            source.backup(target, pages=0)  # one step: a single consistent snapshot
        target.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
    finally:
        target.close()
    revision, activities = _summary(partial)
    os.replace(partial, path)
    return BackupResult(path=path, bytes=path.stat().st_size, revision=revision, activities=activities)


def describe(path: Path) -> tuple[str, int]:
    """Return (schema revision, activity count) of a backup file, checking that it is one."""
    if not Path(path).is_file():
        raise BackupFailed(f"{path} does not exist")
    return _summary(Path(path))


def restore(db: Database, path: Path) -> BackupResult:
    """Replace the SQLite database's content by the backup at `path`, then bring its schema up to date."""
    if not db.is_sqlite:
        raise BackupFailed(postgres_guidance(db))
    revision, activities = describe(path)
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        with db.engine.connect() as conn:
            target = conn.connection.driver_connection
            assert isinstance(target, sqlite3.Connection)
            source.backup(target)
    finally:
        source.close()
    db.engine.dispose()
    db.upgrade()
    with db.read_session() as session:
        if session.scalar(select(text("1"))) != 1:
            raise BackupFailed("the restored database cannot be read")
        rollup_totals(session)
    return BackupResult(
        path=Path(path), bytes=Path(path).stat().st_size, revision=revision, activities=activities
    )
