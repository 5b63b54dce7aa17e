"""`repfocus targets`: cadence and allocation targets per team, with per-rep overrides."""

from __future__ import annotations

import typer
from rich.table import Table

from repfocus.cli.context import EXIT_USAGE, OutputFormat, console, fail, open_database, write_json
from repfocus.domain.targets import TargetInvalid, parse_assignment
from repfocus.services import targets as service

app = typer.Typer(help="Targets per team and per-rep overrides.", no_args_is_help=True)


@app.command("set")
def set_(
    assignments: list[str] = typer.Argument(
        None, help="METRIC[.KEY]=VALUE, e.g. bucket_share.selling=40% weekly_count.prospecting_call=50"
    ),
    team: str = typer.Option(None, "--team", help="The team's targets (by name)."),
    rep: str = typer.Option(None, "--rep", help="A rep's overrides (by email)."),
    clear: list[str] = typer.Option(None, "--clear", help="Remove METRIC[.KEY] (repeatable)."),
) -> None:
    """Set targets: bucket_share.BUCKET, weekly_count.CATEGORY, on_target_share, placement_mix.JOB_TYPE."""
    if bool(team) == bool(rep):
        raise fail("give exactly one of --team or --rep", code=EXIT_USAGE)
    try:
        values = [parse_assignment(a) for a in assignments or []]
        cleared = [(name.partition(".")[0], name.partition(".")[2]) for name in clear or []]
        db = open_database()
        changed = service.set_targets(db, actor=None, team=team, rep_email=rep, values=values, clear=cleared)
    except (TargetInvalid, service.TargetScopeUnknown) as exc:
        raise fail(str(exc).strip("'\"")) from exc
    console.print(f"{changed} target(s) changed for {team or rep}")


@app.command("show")
def show(
    team: str = typer.Option(None, "--team", help="Only this team."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Show each team's targets and its reps' overrides."""
    db = open_database()
    try:
        teams = service.show_targets(db, team=team)
    except service.TargetScopeUnknown as exc:
        raise fail(str(exc).strip("'\"")) from exc
    if fmt is OutputFormat.json:
        write_json([t.as_dict() for t in teams])
        return
    table = Table(title="Targets")
    for col in ("team", "rep override", "target", "value"):
        table.add_column(col)
    for t in teams:
        for v in t.targets:
            table.add_row(t.team, "", v.label, f"{v.value:g}")
        for email, values in t.overrides.items():
            for v in values:
                table.add_row(t.team, email, v.label, f"{v.value:g}")
    console.print(table)
