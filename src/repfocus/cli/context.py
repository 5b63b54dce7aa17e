"""What every command shares: the database from settings, output formats, exit codes."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from enum import StrEnum
from typing import Any

import typer
from rich.console import Console

from repfocus.config import get_settings
from repfocus.store.db import Database

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2

console = Console()
err_console = Console(stderr=True)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def open_database(url: str | None = None, *, upgrade: bool = True) -> Database:
    """Return the configured database, its schema brought up to date."""
    db = Database(url or get_settings().database_url)
    if upgrade:
        db.upgrade()
    return db


def fail(message: str, *, code: int = EXIT_REJECTED) -> typer.Exit:
    """Print `message` to stderr and return the Exit to raise."""
    err_console.print(f"[red]error:[/red] {message}")
    return typer.Exit(code)


def parse_day(option: str, value: str | None) -> date | None:
    """Return the date in `value` (YYYY-MM-DD); None when empty; a usage error naming `option` otherwise."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise fail(f"{option}: {value!r} is not a date; write it as YYYY-MM-DD", code=EXIT_USAGE) from exc


def write_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def write_csv(header: list[str], rows: list[list[Any]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    sys.stdout.write(buf.getvalue())
