"""`repfocus recognition`: recognition programs (President's Club and the like) and their standings."""

from __future__ import annotations

import typer
from rich.table import Table

from repfocus.cli.context import EXIT_USAGE, OutputFormat, console, fail, open_database, write_csv, write_json
from repfocus.domain.recognition import RecognitionInvalid
from repfocus.services import recognition

app = typer.Typer(
    help="Recognition programs: what a rep must reach in a window to qualify, and who is on the way.",
    no_args_is_help=True,
)
CSV_HEADER = ["rep_email", "rep_name", "team", "criterion", "value", "at_least", "met", "qualified"]


def _criterion(i: int, text: str) -> dict[str, str]:
    """Read "WHAT:MEASURE:AT_LEAST" (or "WHAT:AT_LEAST", a count) from --criterion."""
    parts = [p.strip() for p in text.split(":")]
    if len(parts) == 2:
        parts.insert(1, "count")
    if len(parts) != 3:
        raise fail(
            f"--criterion {i + 1}: {text!r}: write WHAT:MEASURE:AT_LEAST, e.g. prospect_meeting:count:40 "
            "or selling:minutes:6000",
            code=EXIT_USAGE,
        )
    return {"what": parts[0], "measure": parts[1], "at_least": parts[2]}


@app.command("add")
def add(
    name: str = typer.Option(
        ..., "--name", help='What the program is called, e.g. "President\'s Club 2027".'
    ),
    starts_on: str = typer.Option(..., "--from", help="First day, YYYY-MM-DD."),
    ends_on: str = typer.Option(..., "--to", help="Last day, YYYY-MM-DD (at most two years after --from)."),
    criteria: list[str] = typer.Option(
        ...,
        "--criterion",
        help="WHAT:MEASURE:AT_LEAST, repeatable (every one must be reached): WHAT is an activity category "
        "(prospect_meeting) or a bucket (selling), MEASURE count or minutes.",
    ),
    description: str = typer.Option("", "--description", help="The prize and the rules of the game."),
) -> None:
    """Add a program (audited); a bad value exits 1 naming the field and the reason."""
    definition = {
        "name": name,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "description": description,
        "criteria": [_criterion(i, c) for i, c in enumerate(criteria)],
    }
    try:
        made = recognition.create_program(open_database(), actor=None, definition=definition)
    except RecognitionInvalid as exc:
        raise fail(f"{exc.field}: {exc.reason}") from exc
    p = made.program
    console.print(
        f"added program {made.id} {p.name!r} ({p.starts_on} to {p.ends_on}): "
        + "; ".join(c.label() for c in p.criteria)
    )


@app.command("list")
def list_programs(
    retired: bool = typer.Option(False, "--retired", help="Also the retired programs."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table or json."),
) -> None:
    """The programs, latest window first. JSON: [{"id", "name", "description", "starts_on", "ends_on",
    "active", "criteria": [{"what", "measure", "at_least", "label"}]}]"""
    if fmt is OutputFormat.csv:
        raise fail("--format: programs are written as table or json", code=EXIT_USAGE)
    found = recognition.list_programs(open_database(), actor=None, include_inactive=retired)
    if fmt is OutputFormat.json:
        write_json([p.as_dict() for p in found])
        return
    table = Table(title="Recognition programs")
    for col in ("id", "name", "window", "active", "to qualify"):
        table.add_column(col)
    for v in found:
        p = v.program
        rules = "\n".join(c.label() for c in p.criteria)
        table.add_row(str(v.id), p.name, f"{p.starts_on} to {p.ends_on}", str(v.is_active), rules)
    console.print(table)


@app.command("standings")
def standings(
    program_id: int = typer.Argument(..., help="The program's id (see `repfocus recognition list`)."),
    team: str = typer.Option(None, "--team", help="Only the reps of this team."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or csv."),
) -> None:
    """Every rep's progress, qualified first. JSON: {"program", "today", "elapsed", "qualified", "reps":
    [{"rep", "qualified", "progress", "on_pace", "criteria": [{"label", "value", "at_least", "met"}]}]}"""
    try:
        board = recognition.standings(open_database(), actor=None, program_id=program_id, team=team)
    except recognition.ProgramNotFound as exc:
        raise fail(str(exc)) from exc
    except RecognitionInvalid as exc:
        raise fail(f"--{exc.field}: {exc.reason}") from exc
    if fmt is OutputFormat.json:
        write_json(board.as_dict())
        return
    if fmt is OutputFormat.csv:
        rows = [
            [
                *(rep.email, rep.name, rep.team or ""),
                p.criterion.label(),
                p.value,
                p.criterion.at_least,
                p.met,
                s.qualified,
            ]
            for rep, s in board.rows
            for p in s.progress
        ]
        write_csv(CSV_HEADER, rows)
        return
    program = board.view.program
    table = Table(
        title=f"{program.name}: {board.qualified} qualified, {board.elapsed:.0%} of the window gone"
    )
    for col in ("rep", *(c.label() for c in program.criteria), "progress", "standing"):
        table.add_column(col)
    for rep, s in board.rows:
        state = "qualified" if s.qualified else "on pace" if s.on_pace(board.elapsed) else "behind"
        cells = [f"{p.value:,} / {p.criterion.at_least:,}" for p in s.progress]
        table.add_row(rep.email, *cells, f"{s.share:.0%}", state)
    console.print(table)


@app.command("retire")
def retire(program_id: int = typer.Argument(..., help="The program's id.")) -> None:
    """Take a program off the list; its standings stay readable (audited)."""
    try:
        view = recognition.retire_program(open_database(), actor=None, program_id=program_id)
    except recognition.ProgramNotFound as exc:
        raise fail(str(exc)) from exc
    console.print(f"program {view.id} {view.program.name!r} retired")
