"""`repfocus report`: the measurements as a table, JSON or CSV."""

from __future__ import annotations

from datetime import date

import typer
from rich.table import Table

from repfocus.cli.context import OutputFormat, console, fail, open_database, write_csv, write_json
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.domain.taxonomy import BUCKET_NAMES
from repfocus.services import reporting
from repfocus.store.db import Database

app = typer.Typer(
    help="Reports over the measured time. Every report prints table, json or csv.", no_args_is_help=True
)

TEAM = typer.Option(None, "--team", help="Only this team (by name).")
REP = typer.Option(None, "--rep", help="Only this rep (by email).")
FROM = typer.Option(None, "--from", help="First day, YYYY-MM-DD (default: 13 weeks before --to).")
TO = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (default: end of this week).")
FORMAT = typer.Option(OutputFormat.table, "--format", help="table, json (stable shape) or csv.")


def parse_period(db: Database, start: str | None, end: str | None) -> Period:
    """Return the period from --from/--to, defaulting to the last 13 weeks."""
    try:
        default = reporting.default_period(db)
        to_day = date.fromisoformat(end) if end else default.end
        from_day = date.fromisoformat(start) if start else Period.last_weeks(13, today=to_day).start
        return Period(from_day, to_day)
    except (ValueError, PeriodInvalid) as exc:
        raise fail(f"bad period: {exc}; give dates as YYYY-MM-DD with --from before --to", code=2) from exc


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


@app.command("allocation")
def allocation(
    team: str = TEAM, rep: str = REP, start: str = FROM, end: str = TO, fmt: OutputFormat = FORMAT
) -> None:
    """Minutes and share of time per bucket for each rep, beside the selling-share target.

    JSON: {"period": {"from", "to"}, "reps": [{"email", "name", "team", "minutes": {bucket: n},
    "share": {bucket: x}, "selling_share", "target_selling_share"}]}
    """
    db = open_database()
    period = parse_period(db, start, end)
    report = reporting.allocation_report(db, actor=None, period=period, team=team, rep_email=rep)
    if not report.reps:
        raise fail("no reps match the filters; check --team or --rep (see the dashboard for names)")
    if fmt is OutputFormat.json:
        write_json(report.as_dict())
    elif fmt is OutputFormat.csv:
        header = [
            "email",
            "name",
            "team",
            *(f"{b}_minutes" for b in BUCKET_NAMES),
            "selling_share",
            "target_selling_share",
        ]
        write_csv(
            header,
            [
                [
                    r.email,
                    r.name,
                    r.team,
                    *(r.minutes[b] for b in BUCKET_NAMES),
                    r.selling_share,
                    r.target_selling_share,
                ]
                for r in report.reps
            ],
        )
    else:
        table = Table(title=f"Time allocation {period.start} – {period.end}")
        for col in ("rep", "team", "hours", *BUCKET_NAMES[:-1], "target"):
            table.add_column(col, justify="left" if col in ("rep", "team") else "right")
        for r in report.reps:
            table.add_row(
                r.name,
                r.team or "",
                f"{r.total_minutes / 60:.0f}",
                *(_pct(r.share[b] if r.total_minutes else None) for b in BUCKET_NAMES[:-1]),
                _pct(r.target_selling_share),
            )
        console.print(table)
