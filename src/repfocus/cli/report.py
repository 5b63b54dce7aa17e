"""`repfocus report`: the measurements as a table, JSON or CSV."""

from __future__ import annotations

from datetime import date
from typing import Any

import typer
from rich.table import Table

from repfocus.cli.context import OutputFormat, console, fail, open_database, write_csv, write_json
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.domain.taxonomy import BUCKET_NAMES
from repfocus.services import measurement, reporting
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


def _cell(column: str, value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        shares = ("share", "adherence", "score", "to_", "rate")
        if any(s in column for s in shares) and "slope" not in column:
            return f"{value:.0%}"
        return f"{value:.2f}"
    return str(value)


def emit(
    fmt: OutputFormat, title: str, data: dict[str, Any], table: tuple[list[str], list[list[Any]]]
) -> None:
    """Print a report as JSON (its as_dict shape), CSV (its as_table) or a Rich table."""
    header, rows = table
    if not rows:
        raise fail("no reps match the filters; check --team or --rep (see the dashboard for names)")
    if fmt is OutputFormat.json:
        write_json(data)
    elif fmt is OutputFormat.csv:
        write_csv(header, rows)
    else:
        out = Table(title=title)
        for col in header:
            out.add_column(col, justify="left" if col in ("email", "name", "team") else "right")
        for row in rows:
            out.add_row(*(_cell(c, v) for c, v in zip(header, row, strict=True)))
        console.print(out)


@app.command("cadence")
def cadence(
    team: str = TEAM, rep: str = REP, start: str = FROM, end: str = TO, fmt: OutputFormat = FORMAT
) -> None:
    """Weekly counts per category against the cadence targets, adherence per target and one score.

    JSON: {"period", "weeks": [Monday], "reps": [{"email", "name", "team", "targets", "total", "per_week",
    "adherence", "score", "weekly": [{category: n}], "weekly_scores"}], "team_medians": {team: {"score"}}}
    """
    db = open_database()
    period = parse_period(db, start, end)
    report = measurement.cadence_report(db, actor=None, period=period, team=team, rep_email=rep)
    emit(fmt, f"Cadence {period.start} – {period.end}", report.as_dict(), report.as_table())


@app.command("funnel")
def funnel(
    team: str = TEAM, rep: str = REP, start: str = FROM, end: str = TO, fmt: OutputFormat = FORMAT
) -> None:
    """Staffing funnel counts per stage and conversion ratios, each beside the team median.

    JSON: {"period", "reps": [{"email", "name", "team", "counts": {stage: n}, "ratios": {name: x},
    "placements_by_type", "placement_mix"}], "team_medians": {team: {stage|ratio: x}}, "target_placement_mix"}
    """
    db = open_database()
    period = parse_period(db, start, end)
    report = measurement.funnel_report(db, actor=None, period=period, team=team, rep_email=rep)
    emit(fmt, f"Funnel {period.start} – {period.end}", report.as_dict(), report.as_table())


@app.command("bullseye")
def bullseye(
    team: str = TEAM, rep: str = REP, start: str = FROM, end: str = TO, fmt: OutputFormat = FORMAT
) -> None:
    """On-target share (selling time with tier A/B accounts and target personas), persona mix, new logos.

    JSON: the measures shape {"period", "reps": [{"email", "name", "team", "on_target_share",
    "persona_touches", "persona_mix", "target_persona_share", "avoid_persona_share", "new_logo_share", ...}],
    "team_medians": {team: {measure: x}}}
    """
    db = open_database()
    period = parse_period(db, start, end)
    report = measurement.measures_report(db, actor=None, period=period, team=team, rep_email=rep)
    emit(fmt, f"Bullseye {period.start} – {period.end}", report.as_dict(), report.bullseye_table())


@app.command("persistence")
def persistence(
    team: str = TEAM, rep: str = REP, start: str = FROM, end: str = TO, fmt: OutputFormat = FORMAT
) -> None:
    """Follow-up persistence: prospecting touches per prospect contact before the rep stops.

    JSON: {"period", "reps": [{"email", "name", "team", "contacts", "touches", "touches_per_contact",
    "median_touches", "single_touch_share", "histogram": {touches: contacts}}], "team_medians"}
    """
    db = open_database()
    period = parse_period(db, start, end)
    report = measurement.persistence_report(db, actor=None, period=period, team=team, rep_email=rep)
    emit(fmt, f"Follow-up persistence {period.start} – {period.end}", report.as_dict(), report.as_table())


@app.command("trend")
def trend(
    team: str = TEAM,
    rep: str = REP,
    end: str = TO,
    weeks: int = typer.Option(8, "--weeks", min=2, max=104, help="How many weeks up to --to."),
    fmt: OutputFormat = FORMAT,
) -> None:
    """Weekly selling and on-target share over the last N weeks, with the slope per week.

    JSON: {"period", "weeks", "reps": [{"email", "name", "team", "selling_share": [x], "on_target_share": [x],
    "selling_share_slope", "selling_minutes_slope", "on_target_share_slope", ...}]}
    """
    db = open_database()
    period = parse_period(db, None, end)
    report = measurement.trend_report(db, actor=None, end=period.end, weeks=weeks, team=team, rep_email=rep)
    emit(fmt, f"Trend, {weeks} weeks to {period.end}", report.as_dict(), report.as_table())
