"""`repfocus import calendar FILE.ics --rep EMAIL`: a rep's meetings from an iCalendar export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from repfocus.cli.context import EXIT_REJECTED, EXIT_USAGE, console, fail, open_database, write_json
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.services import calendar_imports


def calendar(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="The .ics file."),
    rep: str = typer.Option(..., "--rep", help="Email of the rep whose calendar this is."),
    start: str | None = typer.Option(None, "--from", help="First day, YYYY-MM-DD (default: a year ago)."),
    end: str | None = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (default: today)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Read, check and count; write nothing."),
    partial: bool = typer.Option(False, "--partial", help="Write the good events even if some are rejected."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON (stable shape)."),
) -> None:
    """Import the rep's meetings between --from and --to (recurring series expanded inside that window).

    Declined, cancelled and free (transparent) events are skipped and counted; all-day and multi-day
    events too, unless the organization's settings count them. Attendees who are known contacts say
    who the meeting was with. Exit 0 when all was imported, 1 when events or the file were rejected.

    JSON: the `import activities` report plus {"rep", "window": {"from", "to"}, "skipped": {reason: n},
    "matched_contacts"}
    """
    db = open_database()
    period = None
    try:
        if start or end:
            default = calendar_imports.default_period(db)
            period = Period(
                date.fromisoformat(start) if start else default.start,
                date.fromisoformat(end) if end else default.end,
            )
    except (ValueError, PeriodInvalid) as exc:
        raise fail(
            f"bad window: {exc}; give --from and --to as YYYY-MM-DD, --from first", code=EXIT_USAGE
        ) from exc
    try:
        result = calendar_imports.import_calendar(
            db,
            data=file.read_bytes(),
            file_name=file.name,
            rep_email=rep,
            period=period,
            partial=partial,
            dry_run=dry_run,
        )
    except calendar_imports.ImportFileInvalid as exc:
        raise fail(f"{file.name}: {exc}. Nothing was imported.") from exc
    if as_json:
        write_json(result.as_dict())
    else:
        _print(result)
    if result.report.rejected:
        raise typer.Exit(EXIT_REJECTED)


def _print(result: calendar_imports.CalendarImportReport) -> None:
    report = result.report
    if report.dry_run:
        state = "dry run: nothing written"
    elif report.committed:
        state = "imported"
    else:
        state = "REJECTED: nothing written (fix the events below, or use --partial)"
    window = f"{result.period.start} to {result.period.end}"
    console.print(f"[bold]calendar of {result.rep_email}[/bold], {window} — {state}")
    table = Table(show_header=False)
    rows = [
        ("occurrences read", report.rows_read),
        ("imported", report.imported),
        ("duplicates (already imported)", report.duplicates),
        ("matched to contacts", result.matched_contacts),
        ("estimated durations", report.estimated_durations),
        ("unclassified", report.unclassified),
        *((f"skipped: {reason.replace('_', ' ')}", n) for reason, n in sorted(result.skipped.items())),
        ("rejected", len(report.rejected)),
    ]
    for label, value in rows:
        table.add_row(label, str(value))
    console.print(table)
    for error in report.rejected[:50]:
        console.print(f"line {error.line}: {error.field}: {error.reason}")
