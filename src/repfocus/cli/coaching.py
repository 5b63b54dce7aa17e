"""`repfocus coaching`: record a coaching session with its action items, and list sessions."""

from __future__ import annotations

import re
from datetime import date

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
from repfocus.domain.coaching import ActionDraft, CoachingInvalid
from repfocus.domain.diagnosis import CAUSES
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.domain.taxonomy import PERSONAS
from repfocus.services import coaching

app = typer.Typer(help="Coaching sessions with reps and their action items.", no_args_is_help=True)

CSV_HEADER = [
    "id",
    "held_on",
    "rep_email",
    "coach_email",
    "focus",
    "persona",
    "note",
    "open_actions",
    "overdue_actions",
    "actions",
]


def _action(value: str, index: int) -> ActionDraft:
    option = f"--action #{index + 1}"
    text, at, due = value.rpartition("@")
    day = parse_day(option, due) if at else None
    if day is None:
        raise fail(f'{option}: {value!r} has no due date; write it as "TEXT@YYYY-MM-DD"', code=EXIT_USAGE)
    return ActionDraft(text, day)


def _option(field: str) -> str:
    """Return the command-line option for a service field ("actions[1].text" -> "--action #2 text")."""
    if found := re.match(r"^actions\[(\d+)\]\.(\w+)$", field):
        return f"--action #{int(found[1]) + 1} {found[2].replace('_on', '')}"
    return {"held_on": "--on", "actions": "--action"}.get(field, f"--{field}")


@app.command("add")
def add(
    rep: str = typer.Option(..., "--rep", help="The rep coached (email)."),
    coach: str = typer.Option(..., "--coach", help="Who held the session: the rep's manager or a leader."),
    focus: str = typer.Option(..., "--focus", help=f"The root cause worked on: {', '.join(CAUSES)}."),
    persona: str = typer.Option(None, "--persona", help=f"Buyer persona: {', '.join(PERSONAS)}."),
    on: str = typer.Option(None, "--on", help="The day it was held, YYYY-MM-DD (default: today)."),
    note: str = typer.Option(None, "--note", help="Notes (at most 5,000 characters)."),
    action: list[str] = typer.Option(None, "--action", help='"TEXT@YYYY-MM-DD", repeatable (at most 5).'),
) -> None:
    """Record a coaching session with its action items (audited)."""
    held_on = parse_day("--on", on)
    actions = [_action(a, i) for i, a in enumerate(action or [])]
    db = open_database()
    try:
        made = coaching.add_session(
            db,
            actor=None,
            rep_email=rep,
            coach_email=coach,
            focus=focus,
            held_on=held_on,
            persona=persona,
            note=note,
            actions=actions,
        )
    except CoachingInvalid as exc:  # the session is rejected: exit 1
        raise fail(f"{_option(exc.field)}: {exc.reason}") from exc
    except coaching.CoachingNotFound as exc:
        raise fail(f"--rep: {exc}") from exc
    console.print(
        f"recorded session {made.id}: {made.rep_email} coached by {made.coach_email} on {made.held_on} "
        f"({made.focus}), {len(made.actions)} action item(s)"
    )


@app.command("list")
def list_(
    rep: str = typer.Option(None, "--rep", help="Only this rep (email)."),
    date_from: str = typer.Option(None, "--from", help="Held on or after YYYY-MM-DD."),
    date_to: str = typer.Option(None, "--to", help="Held on or before YYYY-MM-DD."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or csv."),
) -> None:
    """List sessions, newest first. JSON: [{"id", "rep_email", "rep_name", "coach_email", "held_on", "focus",
    "persona", "note", "actions": [{"id", "text", "due_on", "done", "done_at", "overdue"}]}]"""
    start, end = parse_day("--from", date_from), parse_day("--to", date_to)
    try:
        period = Period(start or date.min, end or date.max) if start or end else None
    except PeriodInvalid as exc:
        raise fail(f"--to: {exc}", code=EXIT_USAGE) from exc
    try:
        sessions = coaching.list_sessions(open_database(), actor=None, rep_email=rep, period=period)
    except coaching.CoachingNotFound as exc:
        raise fail(f"--rep: {exc}") from exc
    if fmt is OutputFormat.json:
        write_json([s.as_dict() for s in sessions])
        return
    rows = []
    for s in sessions:
        open_ = [a for a in s.actions if not a.done]
        actions = " | ".join(f"{a.text}@{a.due_on}{' (done)' if a.done else ''}" for a in s.actions)
        rows.append(
            [
                s.id,
                s.held_on,
                s.rep_email,
                s.coach_email or "",
                s.focus,
                s.persona or "",
                s.note or "",
                len(open_),
                sum(a.overdue for a in open_),
                actions,
            ]
        )
    if fmt is OutputFormat.csv:
        write_csv(CSV_HEADER, rows)
        return
    table = Table(title="Coaching sessions")
    for col in ("held on", "rep", "coach", "focus", "persona", "open", "overdue", "actions"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r[1]), r[2], r[3], r[4], r[5], str(r[7]), str(r[8]), r[9])
    console.print(table)
