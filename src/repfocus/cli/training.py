"""`repfocus training`: assign training to a rep, list assignments, mark one done."""

from __future__ import annotations

import typer
from rich.table import Table

from repfocus.cli.context import (
    EXIT_USAGE,
    OutputFormat,
    console,
    fail,
    open_database,
    parse_day,
    write_csv,
    write_json,
)
from repfocus.domain.competencies import COMPETENCIES, CompetencyInvalid
from repfocus.domain.taxonomy import PERSONAS
from repfocus.services import training
from repfocus.services.competencies import CompetencyNotFound

app = typer.Typer(help="Training assignments that build a rep's competencies.", no_args_is_help=True)

CSV_HEADER = [
    "id",
    "rep_email",
    "title",
    "competency",
    "playbook_item_id",
    "persona",
    "assigned_by_email",
    "assigned_on",
    "due_on",
    "status",
    "completed_on",
    "overdue",
    "note",
]
OPTIONS = {"due_on": "--due", "playbook_item_id": "--playbook-item"}


def _option(field: str) -> str:
    return OPTIONS.get(field, f"--{field}")


@app.command("assign")
def assign(
    rep_email: str = typer.Argument(..., metavar="REP_EMAIL", help="The rep (email)."),
    title: str = typer.Option(..., "--title", help="What the rep will study or practise."),
    competency: str = typer.Option(
        None, "--competency", help=f"The competency it builds: {', '.join(COMPETENCIES)}."
    ),
    due: str = typer.Option(None, "--due", help="Due day, YYYY-MM-DD."),
    playbook_item: int = typer.Option(None, "--playbook-item", min=1, help="A playbook item's id to study."),
    persona: str = typer.Option(
        None, "--persona", help=f"A persona profile to study: {', '.join(PERSONAS)}."
    ),
) -> None:
    """Assign training to a rep (audited)."""
    due_on = parse_day("--due", due)
    try:
        made = training.assign(
            open_database(),
            actor=None,
            rep_email=rep_email,
            title=title,
            competency=competency,
            persona=persona,
            playbook_item_id=playbook_item,
            due_on=due_on,
        )
    except CompetencyInvalid as exc:
        raise fail(f"{_option(exc.field)}: {exc.reason}") from exc
    except CompetencyNotFound as exc:
        raise fail(f"REP_EMAIL: {exc}") from exc
    due_text = f", due {made.due_on}" if made.due_on else ""
    console.print(f"assigned training {made.id} to {made.rep_email}: {made.title}{due_text}")


@app.command("list")
def list_(
    rep: str = typer.Option(None, "--rep", help="Only this rep (email)."),
    status: str = typer.Option(None, "--status", help="Only assigned or done."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or csv."),
) -> None:
    """List training assignments, open first then by due day. JSON: [{"id", "rep_email", "rep_name",
    "title", "competency", "playbook_item_id", "playbook_slug", "persona", "assigned_by_email",
    "assigned_on", "due_on", "status", "completed_on", "note", "overdue"}]"""
    try:
        found = training.list_training(open_database(), actor=None, rep_email=rep, status=status)
    except CompetencyInvalid as exc:
        raise fail(f"--{exc.field}: {exc.reason}", code=EXIT_USAGE) from exc
    except CompetencyNotFound as exc:
        raise fail(f"--rep: {exc}") from exc
    rows = [t.as_dict() for t in found]
    if fmt is OutputFormat.json:
        write_json(rows)
        return
    if fmt is OutputFormat.csv:
        write_csv(CSV_HEADER, [[r[k] for k in CSV_HEADER] for r in rows])
        return
    table = Table(title="Training")
    for col in ("id", "rep", "title", "competency", "due", "status", "note"):
        table.add_column(col)
    for r in rows:
        state = "overdue" if r["overdue"] else r["status"]
        table.add_row(
            str(r["id"]),
            r["rep_email"],
            r["title"],
            r["competency"] or "",
            r["due_on"] or "",
            state,
            r["note"] or "",
        )
    console.print(table)


@app.command("done")
def done(
    training_id: int = typer.Argument(
        ..., min=1, metavar="ID", help="The assignment's id (see `repfocus training list`)."
    ),
    note: str = typer.Option(None, "--note", help="What the rep did (at most 2,000 characters)."),
) -> None:
    """Mark a training assignment done today (audited)."""
    try:
        view = training.update(open_database(), actor=None, training_id=training_id, status="done", note=note)
    except CompetencyInvalid as exc:
        raise fail(f"{_option(exc.field)}: {exc.reason}") from exc
    except CompetencyNotFound as exc:
        raise fail(f"ID: {exc}") from exc
    console.print(f"training {view.id} done on {view.completed_on}: {view.title} ({view.rep_email})")
