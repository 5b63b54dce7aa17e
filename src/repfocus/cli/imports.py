"""`repfocus import`: bring activity in from CRM exports and CSV files (and calendars: `import calendar`)."""

from __future__ import annotations

import csv
from pathlib import Path

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from repfocus.cli import calendars, funnel
from repfocus.cli.context import (
    EXIT_REJECTED,
    EXIT_USAGE,
    console,
    err_console,
    fail,
    open_database,
    write_json,
)
from repfocus.services import durations as duration_rules
from repfocus.services import imports
from repfocus.services.import_report import ImportReport

app = typer.Typer(
    help="Import activity from files. Every import is atomic unless --partial.", no_args_is_help=True
)

FORMAT_HELP = (
    "auto (recognise it and say which), csv (RepFocus CSV), salesforce, hubspot, bullhorn or pipedrive."
)


@app.command("activities")
def activities(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="The export file."),
    fmt: str = typer.Option("auto", "--format", help=FORMAT_HELP),
    mapping: Path | None = typer.Option(
        None,
        "--mapping",
        exists=True,
        dir_okay=False,
        help="TOML file naming the columns ([columns]) and mapping source user ids to rep emails ([users]).",
    ),
    users: Path | None = typer.Option(
        None,
        "--users",
        exists=True,
        dir_okay=False,
        help="CSV of source user ids and emails (e.g. HubSpot owner_data.csv, Salesforce User.csv).",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Read, check and count; write nothing."),
    partial: bool = typer.Option(
        False,
        "--partial",
        help="Write the good rows; write rejected ones to FILE.errors.csv (exit code stays 1).",
    ),
    create_reps: bool = typer.Option(False, "--create-reps", help="Create the reps the file names."),
    team: str | None = typer.Option(None, "--team", help="Team for reps created by --create-reps."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON (stable shape)."),
) -> None:
    """Import activities from FILE; exit 0 when every row was imported, 1 when rows or the file were
    rejected (with line, field and reason), 2 on a usage error.

    JSON: {"format", "rows_read", "imported", "duplicates", "estimated_durations", "unclassified",
    "created": {"accounts", "contacts"}, "rejected": [{"line", "field", "reason"}],
    "by_category": {category: minutes}}
    """
    if fmt not in imports.CHOICES:
        raise fail(f"--format must be one of {', '.join(imports.CHOICES)}", code=EXIT_USAGE)
    if team and not create_reps:
        raise fail("--team only applies with --create-reps", code=EXIT_USAGE)
    db = open_database()
    size = file.stat().st_size
    try:
        loaded = imports.load_mapping(mapping) if mapping else None
        user_map = imports.load_users_csv(users) if users else None
        with (
            file.open("rb") as stream,
            Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TimeRemainingColumn(),
                console=err_console,
                transient=True,
                disable=as_json or not err_console.is_terminal,
            ) as bar,
        ):
            task = bar.add_task(f"importing {file.name}", total=size)

            def chosen(name: str) -> None:
                if fmt == "auto":
                    err_console.print(f"format: [bold]{name}[/bold] (recognised from the file)")

            report = imports.import_file(
                db,
                stream=stream,
                file_name=file.name,
                format_name=fmt,
                mapping=loaded,
                user_map=user_map,
                partial=partial,
                dry_run=dry_run,
                create_reps=create_reps,
                team=team,
                progress=lambda _rows: bar.update(task, completed=stream.tell()),
                on_format=chosen,
            )
    except imports.ImportFileInvalid as exc:
        raise fail(f"{file.name}: {exc}. Nothing was imported.") from exc
    if partial and report.rejected:
        errors = file.with_name(file.name + ".errors.csv")
        with errors.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["line", "field", "reason"])
            writer.writerows([e.line, e.field, e.reason] for e in report.rejected)
        err_console.print(f"{len(report.rejected)} rejected row(s) written to {errors}")
    if as_json:
        write_json(report.as_dict())
    else:
        _print(report)
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


@app.command("durations")
def durations(
    changes: list[str] = typer.Argument(None, help="KIND=MINUTES pairs to change, e.g. call=8 meeting=45."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show or change the minutes per kind that imports use when a file gives no duration.

    Every such activity is marked duration_estimated. JSON: {kind: minutes}.
    """
    db = open_database()
    parsed: dict[str, int] = {}
    for change in changes or []:
        kind, _, value = change.partition("=")
        if not value.strip().isdecimal():
            raise fail(f"{change!r}: write KIND=MINUTES, e.g. call=8", code=EXIT_USAGE)
        parsed[kind.strip().lower()] = int(value)
    try:
        current = (
            duration_rules.set_duration_defaults(db, minutes=parsed)
            if parsed
            else duration_rules.get_duration_defaults(db)
        )
    except duration_rules.DurationsInvalid as exc:
        raise fail(str(exc), code=EXIT_USAGE) from exc
    if as_json:
        write_json(current)
        return
    table = Table("kind", "minutes when missing")
    for kind, minutes in current.items():
        table.add_row(kind, str(minutes))
    console.print(table)


def _print(report: ImportReport) -> None:
    if report.dry_run:
        state = "dry run: nothing written"
    elif report.committed:
        state = "imported"
    else:
        state = "REJECTED: nothing written (fix the rows below, or use --partial)"
    console.print(f"[bold]{report.format}[/bold] — {state}")
    table = Table(show_header=False)
    rows = [
        ("rows read", report.rows_read),
        ("imported", report.imported),
        ("duplicates (already imported)", report.duplicates),
        ("skipped (deleted, all-day, plans)", report.skipped),
        ("estimated durations", report.estimated_durations),
        ("unclassified", report.unclassified),
        ("accounts created", report.created_accounts),
        ("contacts created", report.created_contacts),
        ("reps created", report.created_reps),
        ("rejected", len(report.rejected)),
    ]
    for label, value in rows:
        table.add_row(label, str(value))
    console.print(table)
    if report.by_category:
        cats = Table("category", "minutes")
        for category, minutes in sorted(report.by_category.items(), key=lambda kv: -kv[1]):
            cats.add_row(category, str(minutes))
        console.print(cats)
    for error in report.rejected[:50]:
        console.print(f"line {error.line}: {error.field}: {error.reason}")
    if len(report.rejected) > 50:
        console.print(f"… and {len(report.rejected) - 50} more (use --json for all)")


app.command("calendar")(calendars.calendar)
app.command("funnel")(funnel.funnel)
