"""`repfocus backup` and `repfocus restore`: a consistent copy of the database, and putting one back."""

from __future__ import annotations

from pathlib import Path

import typer

from repfocus.cli.context import console, fail, open_database, write_json
from repfocus.services import backup as backups


def backup(
    path: Path = typer.Argument(..., help="The backup file to write (SQLite)."),
    force: bool = typer.Option(False, "--force", help="Overwrite PATH if it exists."),
    as_json: bool = typer.Option(False, "--json", help='Print {"path", "bytes", "revision", "activities"}.'),
) -> None:
    """Back up the database while the server keeps running (SQLite online backup; PostgreSQL: pg_dump)."""
    db = open_database()
    try:
        result = backups.backup(db, path, overwrite=force)
    except backups.BackupFailed as exc:
        raise fail(str(exc)) from exc
    if as_json:
        write_json(result.as_dict())
    else:
        console.print(f"backed up {result.activities:,} activities ({result.bytes:,} bytes) to {result.path}")


def restore(
    path: Path = typer.Argument(..., help="A file written by `repfocus backup`."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Replace the database's content by a backup (stop the server first), then upgrade its schema."""
    db = open_database(upgrade=False)
    try:
        revision, activities = backups.describe(path)
        if not db.is_sqlite:
            raise backups.BackupFailed(backups.postgres_guidance(db))
        where = db.engine.url.render_as_string(hide_password=True)
        if not yes and not typer.confirm(
            f"Replace everything in {where} by {path} ({activities:,} activities, schema {revision})?"
        ):
            raise fail("restore cancelled; nothing changed")
        result = backups.restore(db, path)
    except backups.BackupFailed as exc:
        raise fail(str(exc)) from exc
    console.print(f"restored {result.activities:,} activities from {path}")
