"""`repfocus import funnel FILE`: the staffing funnel (job orders to placements) from Bullhorn exports."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from repfocus.cli.context import (
    EXIT_REJECTED,
    EXIT_USAGE,
    console,
    err_console,
    fail,
    open_database,
    write_json,
)
from repfocus.services import imports, pipeline_imports

FILE_HELP = "A Bullhorn REST JSON response or CSV export of one entity."
REP_HELP = "Rep (email) owning the job orders whose Bullhorn owner is not mapped."
OWNER_HELP = "Map a Bullhorn user id to a rep, e.g. --owner 7=ann@acme.com (repeatable)."
ENTITY_HELP = "auto (recognised from the fields), joborder, submission, history, sendout or placement."


def funnel(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, readable=True, help="REST JSON or CSV export."
    ),
    entity: str = typer.Option("auto", "--entity", help=ENTITY_HELP),
    rep: str | None = typer.Option(
        None, "--rep", help="Rep (email) owning job orders whose owner is not mapped."
    ),
    owner: list[str] = typer.Option(
        [], "--owner", help="Map a Bullhorn user id to a rep: --owner 7=ann@x.com."
    ),
    users: Path | None = typer.Option(
        None, "--users", exists=True, dir_okay=False, help="CSV of Bullhorn user ids and emails."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Read, check and count; write nothing."),
    partial: bool = typer.Option(False, "--partial", help="Write the good rows even if some are rejected."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON (stable shape)."),
) -> None:
    """Import one Bullhorn JobOrder, JobSubmission, JobSubmissionHistory, Sendout or Placement export.

    Import job orders first, then submissions, history, sendouts and placements: each stage refers to
    the one before. Re-importing adds nothing; a changed status is updated. Exit 0 when all rows were
    imported, 1 when rows or the file were rejected, 2 on a usage error.

    JSON: {"format", "entity", "rows_read", "imported", "leads", "updated", "duplicates", "skipped",
    "created": {"accounts", "contacts", "submittals"}, "rejected": [{"line", "field", "reason"}], "committed"}
    """
    if entity != "auto" and entity not in pipeline_imports.ENTITIES:
        raise fail(f"--entity must be auto or one of {', '.join(pipeline_imports.ENTITIES)}", code=EXIT_USAGE)
    user_map: dict[str, str] = {}
    for pair in owner:
        key, sep, email = pair.partition("=")
        if not sep or not key.strip() or "@" not in email:
            raise fail(f"--owner {pair!r}: write it as BULLHORN_USER_ID=EMAIL", code=EXIT_USAGE)
        user_map[key.strip()] = email.strip()
    db = open_database()
    try:
        if users is not None:
            user_map = {**imports.load_users_csv(users), **user_map}
        report = pipeline_imports.import_funnel(
            db,
            data=file.read_bytes(),
            file_name=file.name,
            entity=None if entity == "auto" else entity,
            default_rep=rep,
            user_map=user_map,
            partial=partial,
            dry_run=dry_run,
        )
    except imports.ImportFileInvalid as exc:
        raise fail(f"{file.name}: {exc}. Nothing was imported.") from exc
    if entity == "auto":
        err_console.print(f"entity: [bold]{report.format}[/bold] (recognised from the file)")
    if as_json:
        write_json(report.as_dict())
    else:
        _print(report)
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


def _print(report: pipeline_imports.FunnelImportReport) -> None:
    if report.dry_run:
        state = "dry run: nothing written"
    elif report.committed:
        state = "imported"
    else:
        state = "REJECTED: nothing written (fix the rows below, or use --partial)"
    console.print(f"[bold]{report.format}[/bold] — {state}")
    table = Table(show_header=False)
    data = report.as_dict()
    for key in ("rows_read", "imported", "leads", "updated", "duplicates", "skipped"):
        table.add_row(key.replace("_", " "), str(data[key]))
    for key, value in data["created"].items():
        table.add_row(f"{key} created", str(value))
    table.add_row("rejected", str(len(report.rejected)))
    console.print(table)
    for error in report.rejected[:50]:
        console.print(f"line {error.line}: {error.field}: {error.reason}")
    if len(report.rejected) > 50:
        console.print(f"… and {len(report.rejected) - 50} more (use --json for all)")
