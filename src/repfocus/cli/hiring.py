"""`repfocus hiring`: add candidates, record interview scorecards, compare candidates, set trait weights."""

from __future__ import annotations

from datetime import date

import typer
from rich.table import Table

from repfocus.cli.context import EXIT_USAGE, OutputFormat, console, fail, open_database, write_csv, write_json
from repfocus.domain.hiring import STATUSES, TRAITS, HiringInvalid
from repfocus.services import hiring, hiring_scorecards

app = typer.Typer(
    help="Hiring candidates, their trait scorecards and the weighted comparison.", no_args_is_help=True
)

CSV_HEADER = [
    "rank",
    "id",
    "name",
    "role",
    "status",
    "scorecards",
    "score",
    *TRAITS,
    "red_flags",
    "needs_interview",
    "recommendation",
]


def _option(field: str) -> str:
    """Return the command-line option for a service field ("ratings.money_talk" -> "--money-talk")."""
    kind, _, trait = field.partition(".")
    if kind in ("ratings", "weights") and trait:
        return f"--{trait.replace('_', '-')}"
    if kind == "notes" and trait:
        return f"--note {trait}"
    return {"interviewed_on": "--on", "weights": "weights"}.get(field, f"--{field}")


def _rejected(exc: HiringInvalid) -> typer.Exit:
    return fail(f"{_option(exc.field)}: {exc.reason}")


@app.command("add-candidate")
def add_candidate(
    name: str = typer.Option(..., "--name", help="The candidate's name."),
    role: str = typer.Option(..., "--role", help="The role applied for."),
    email: str = typer.Option(None, "--email", help="Their email (optional)."),
    source: str = typer.Option(None, "--source", help="Where they came from: referral, job board, ..."),
    status: str = typer.Option("new", "--status", help=f"One of {', '.join(STATUSES)}."),
) -> None:
    """Add a candidate (audited); prints their id."""
    try:
        made = hiring.add_candidate(
            open_database(), actor=None, name=name, role=role, email=email, source=source, status=status
        )
    except HiringInvalid as exc:
        raise _rejected(exc) from exc
    console.print(f"added candidate {made.id}: {made.name} ({made.role}), {made.status}")


@app.command("status")
def status(
    candidate_id: int = typer.Argument(..., help="The candidate's id."),
    to: str = typer.Argument(..., help=f"The new status: {', '.join(STATUSES)}."),
) -> None:
    """Move a candidate to another status (audited)."""
    try:
        made = hiring.update_candidate(open_database(), actor=None, candidate_id=candidate_id, status=to)
    except HiringInvalid as exc:
        raise _rejected(exc) from exc
    except hiring.CandidateNotFound as exc:
        raise fail(f"CANDIDATE_ID: {exc}") from exc
    console.print(f"candidate {made.id} ({made.name}) is now {made.status}")


def _notes(values: list[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for value in values:
        trait, eq, text = value.partition("=")
        if not eq:
            raise fail(f'--note: {value!r} names no trait; write it as "TRAIT=TEXT"', code=EXIT_USAGE)
        out[trait.strip()] = text
    return out


@app.command("score")
def score(
    candidate_id: int = typer.Argument(..., help="The candidate's id."),
    interviewer: str = typer.Option(
        ..., "--interviewer", help="Who interviewed: a leader or manager (email)."
    ),
    persistence: int = typer.Option(None, "--persistence", help="1-5."),
    assertiveness: int = typer.Option(None, "--assertiveness", help="1-5."),
    money_talk: int = typer.Option(None, "--money-talk", help="1-5."),
    objection_handling: int = typer.Option(None, "--objection-handling", help="1-5."),
    prospecting_drive: int = typer.Option(None, "--prospecting-drive", help="1-5."),
    on: str = typer.Option(None, "--on", help="The interview day, YYYY-MM-DD (default: today)."),
    note: list[str] = typer.Option(None, "--note", help='Evidence "TRAIT=TEXT", repeatable.'),
) -> None:
    """Record an interviewer's scorecard: every trait rated 1-5; one per interviewer, candidate and day."""
    try:
        day = date.fromisoformat(on.strip()) if on else None
    except ValueError as exc:
        raise fail(f"--on: {on!r} is not a date; write it as YYYY-MM-DD", code=EXIT_USAGE) from exc
    ratings = {
        "persistence": persistence,
        "assertiveness": assertiveness,
        "money_talk": money_talk,
        "objection_handling": objection_handling,
        "prospecting_drive": prospecting_drive,
    }
    try:
        made = hiring_scorecards.record_scorecard(
            open_database(),
            actor=None,
            candidate_id=candidate_id,
            ratings=ratings,
            notes=_notes(note or []),
            interviewed_on=day,
            interviewer_email=interviewer,
        )
    except HiringInvalid as exc:
        raise _rejected(exc) from exc
    except hiring.CandidateNotFound as exc:
        raise fail(f"CANDIDATE_ID: {exc}") from exc
    console.print(f"recorded scorecard {made.id} for candidate {candidate_id} by {made.interviewer_email}")


@app.command("compare")
def compare(
    status_: list[str] = typer.Option(None, "--status", help="Only these statuses (repeatable)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or csv."),
) -> None:
    """Candidates ranked by weighted score. JSON: {"weights": {trait: w}, "candidates": [{"id", "name",
    "email", "role", "source", "status", "created_at", "scorecards", "score", "trait_averages", "red_flags",
    "needs_interview", "recommendation"}]}"""
    try:
        found = hiring.compare(open_database(), actor=None, statuses=status_ or [])
    except HiringInvalid as exc:
        raise _rejected(exc) from exc
    if fmt is OutputFormat.json:
        write_json(found.as_dict())
        return
    rows = []
    for rank, c in enumerate(found.candidates, 1):
        a = c.assessment
        averages = [a.trait_averages.get(t, "") for t in TRAITS]
        flags = " ".join(a.red_flags)
        score_ = "" if a.score is None else a.score
        head = [rank, c.id, c.name, c.role, c.status, a.scorecards, score_]
        rows.append([*head, *averages, flags, a.needs_interview, a.recommendation or ""])
    if fmt is OutputFormat.csv:
        write_csv(CSV_HEADER, rows)
        return
    table = Table(title="Candidates by weighted score")
    for col in ("#", "id", "name", "status", "cards", "score", *TRAITS, "red flags", "recommendation"):
        table.add_column(col)
    for r in rows:
        rank, cid, name, _role, state, cards, value, *averages, flags, needs, rec = r
        extra = " (needs another interview)" if needs else ""
        cells = [rank, cid, name, state, cards, value, *averages, flags]
        table.add_row(*(str(v) for v in cells), f"{rec or 'not scored'}{extra}")
    console.print(table)


@app.command("weights")
def weights(
    persistence: float = typer.Option(None, "--persistence"),
    assertiveness: float = typer.Option(None, "--assertiveness"),
    money_talk: float = typer.Option(None, "--money-talk"),
    objection_handling: float = typer.Option(None, "--objection-handling"),
    prospecting_drive: float = typer.Option(None, "--prospecting-drive"),
) -> None:
    """Show the trait weights, or set them all (each 0 or more, summing to 1; audited)."""
    given = [persistence, assertiveness, money_talk, objection_handling, prospecting_drive]
    db = open_database()
    if all(v is None for v in given):
        current = hiring_scorecards.get_weights(db, actor=None)
    else:
        try:
            current = hiring_scorecards.set_weights(
                db, actor=None, weights=dict(zip(TRAITS, given, strict=True))
            )
        except HiringInvalid as exc:
            raise _rejected(exc) from exc
    for trait, weight in current.items():
        console.print(f"{trait}: {weight:g}")
