"""`repfocus bullseye`: export the bullseye to TOML, import (save) one, show its history."""

from __future__ import annotations

import getpass
import tomllib
from pathlib import Path

import typer
from rich.table import Table

from repfocus.cli.context import EXIT_USAGE, OutputFormat, console, fail, open_database, write_json
from repfocus.domain.bullseye import BullseyeInvalid, bullseye_to_toml
from repfocus.services import bullseye as service

app = typer.Typer(
    help="The bullseye: ideal accounts (tiers), target buyers, placement mix.", no_args_is_help=True
)


@app.command("export")
def export(file: Path = typer.Argument(None, help="Write here (default: print to stdout).")) -> None:
    """Write the bullseye in force as TOML (edit it, then `repfocus bullseye import`)."""
    db = open_database()
    text = bullseye_to_toml(service.get_bullseye(db).bullseye)
    if file is None:
        typer.echo(text, nl=False)
    else:
        file.write_text(text, encoding="utf-8")
        console.print(f"bullseye written to {file}")


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="A TOML file in the shape `repfocus bullseye export` writes."),
    by: str = typer.Option(None, "--by", help="Who saves it (email; default: cli:<login>)."),
    note: str = typer.Option("", "--note", help="Why it changed (kept with the version)."),
) -> None:
    """Save the file as the next bullseye version and re-tier every account (and the rollups)."""
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise fail(f"{file}: no such file", code=EXIT_USAGE) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise fail(f"{file}: not valid TOML: {exc}") from exc
    db = open_database()
    try:
        state = service.save_bullseye(
            db, definition=data, actor_email=by or f"cli:{getpass.getuser()}", note=note
        )
    except BullseyeInvalid as exc:
        raise fail(f"{file}: {exc}") from exc
    tiers = ", ".join(f"{t} {n}" for t, n in state.tier_counts.items())
    console.print(
        f"bullseye version {state.version} saved; {state.accounts_retiered} accounts re-tiered ({tiers})"
    )


@app.command("history")
def history(fmt: OutputFormat = typer.Option(OutputFormat.table, "--format")) -> None:
    """Every saved version: who, when, why, how many accounts changed tier."""
    db = open_database()
    versions = service.bullseye_history(db)
    if fmt is OutputFormat.json:
        write_json([v.as_dict() for v in versions])
        return
    table = Table(title="Bullseye versions")
    for col in ("version", "saved by", "saved at", "re-tiered", "note"):
        table.add_column(col)
    for v in versions:
        when = v.created_at.isoformat(timespec="minutes") if v.created_at else ""
        table.add_row(str(v.version), v.created_by, when, str(v.accounts_retiered), v.note)
    console.print(table)
