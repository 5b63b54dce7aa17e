"""`repfocus export`: write data out in the formats RepFocus reads back."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer

from repfocus.cli.context import EXIT_USAGE, err_console, fail, open_database
from repfocus.domain.period import FIRST_DAY, LAST_DAY, Period, PeriodInvalid
from repfocus.services import activity_export
from repfocus.services.activity_export import ExportFilterInvalid

app = typer.Typer(help="Export data in the formats RepFocus imports.", no_args_is_help=True)


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"


def parse_period(start: str | None, end: str | None) -> Period | None:
    """Return the period of --from/--to (an open end reaches the first or last day); None without either."""
    if start is None and end is None:
        return None
    try:
        from_day = date.fromisoformat(start) if start else FIRST_DAY
        to_day = date.fromisoformat(end) if end else LAST_DAY
        return Period(from_day, to_day)
    except (ValueError, PeriodInvalid) as exc:
        raise fail(
            f"bad period: {exc}; give dates as YYYY-MM-DD with --from on or before --to", code=EXIT_USAGE
        ) from exc


HELP = (
    "Export activities as the RepFocus CSV, which `repfocus import activities FILE --format csv` reads "
    "back, into this or another database (importing it twice adds nothing the second time).\n\n"
    "Columns: external_id (written <source>:<id>, so ids of different sources never collide), rep_email, "
    "started_at (ISO 8601 in UTC, ending in Z), duration_minutes, kind, subject, direction, outcome, "
    "account_name, account_domain, account_status, contact_email, contact_name, contact_title, category. "
    "Missing values are empty cells (null in JSON, an array of objects with the same keys).\n\n"
    "--from and --to are local days in the organization's time zone; without them every activity is "
    "exported. A file is written whole or not at all.\n\n"
    "Exit codes: 0 written; 2 usage error (a bad date, an unknown rep or team)."
)


@app.command("activities", help=HELP)
def activities(
    output: Path | None = typer.Option(
        None, "--output", "-o", dir_okay=False, help="Write to FILE (default: standard output)."
    ),
    start: str | None = typer.Option(
        None, "--from", help="First local day, YYYY-MM-DD (default: the first activity)."
    ),
    end: str | None = typer.Option(None, "--to", help="Last local day, YYYY-MM-DD (default: the last)."),
    rep: str | None = typer.Option(None, "--rep", help="Only this rep's activities (by email)."),
    team: str | None = typer.Option(
        None, "--team", help="Only the activities of this team's reps (by name)."
    ),
    fmt: ExportFormat = typer.Option(
        ExportFormat.csv, "--format", help="csv (the RepFocus CSV) or json (an array of the same objects)."
    ),
) -> None:
    """Export activities as the RepFocus CSV or JSON (HELP says how)."""
    period = parse_period(start, end)
    db = open_database()
    try:
        export = activity_export.plan_export(db, actor=None, period=period, rep_email=rep, team=team)
    except ExportFilterInvalid as exc:
        option = {"from": "--from", "to": "--to"}.get(exc.field, f"--{exc.field}")
        raise fail(f"{option}: {exc.message}", code=EXIT_USAGE) from exc
    counted = _Counter(export.rows())
    text = (
        activity_export.csv_chunks(counted)
        if fmt is ExportFormat.csv
        else activity_export.json_chunks(counted)
    )
    if output is None:
        try:
            for piece in text:
                sys.stdout.write(piece)
            sys.stdout.flush()
        except BrokenPipeError:
            # the reader stopped early (`| head`): not an error; keep Python from failing on exit too
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    # written beside the target and renamed at the end: a failed export never leaves half a file behind
    partial = output.with_name(output.name + ".partial")
    try:
        with (
            partial.open("w", encoding="utf-8", newline="") as stream,
            err_console.status(f"Exporting activities to {output}…"),
        ):
            for piece in text:
                stream.write(piece)
        partial.replace(output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise fail(f"cannot write {output}: {exc.strerror or exc}", code=EXIT_USAGE) from exc
    err_console.print(f"Wrote {counted.count} activities to {output}")


class _Counter:
    """Pass rows through, counting them (for the summary line)."""

    def __init__(self, rows: Iterable[activity_export.Row]) -> None:
        self.rows, self.count = rows, 0

    def __iter__(self) -> Iterator[activity_export.Row]:
        for row in self.rows:
            self.count += 1
            yield row
