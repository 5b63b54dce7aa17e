"""`repfocus competencies`: rate a rep's competency (1-5, kept as history) and show a rep's grid."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from repfocus.cli.context import OutputFormat, console, fail, open_database, parse_day, write_csv, write_json
from repfocus.domain.competencies import COMPETENCIES, COMPETENCY_LABELS, CompetencyInvalid, CompetencyLine
from repfocus.services import competencies

app = typer.Typer(help="Competency ratings per rep over time.", no_args_is_help=True)

CSV_HEADER = ["competency", "score", "rated_on", "change_90_days", "needs_training", "history", "evidence"]
OPTIONS = {"rated_on": "--on", "evidence": "--note", "score": "SCORE", "competency": "COMPETENCY"}


@app.command("rate")
def rate(
    rep_email: str = typer.Argument(..., metavar="REP_EMAIL", help="The rep rated (email)."),
    competency: str = typer.Argument(..., metavar="COMPETENCY", help=f"One of {', '.join(COMPETENCIES)}."),
    score: int = typer.Argument(..., metavar="SCORE", help="1 (weak) to 5 (strong)."),
    on: str = typer.Option(None, "--on", help="The day of the rating, YYYY-MM-DD (default: today)."),
    note: str = typer.Option(None, "--note", help="The evidence (at most 500 characters)."),
) -> None:
    """Add a rating to the rep's history (an earlier rating is kept; audited)."""
    rated_on = parse_day("--on", on)
    try:
        made = competencies.rate(
            open_database(),
            actor=None,
            rep_email=rep_email,
            competency=competency,
            score=score,
            rated_on=rated_on,
            evidence=note,
        )
    except CompetencyInvalid as exc:  # the rating is rejected: exit 1
        raise fail(f"{OPTIONS.get(exc.field, exc.field)}: {exc.reason}") from exc
    except competencies.CompetencyNotFound as exc:
        raise fail(f"REP_EMAIL: {exc}") from exc
    console.print(
        f"rated {made.rep_email}: {made.competency} {made.score}/5 on {made.rated_on} (rating {made.id})"
    )


def _row(line: CompetencyLine) -> dict[str, Any]:
    r = line.current
    return {
        "competency": line.competency,
        "score": r.score if r else None,
        "rated_on": r.rated_on.isoformat() if r else None,
        "change_90_days": line.change,
        "needs_training": line.needs_training,
        "history": list(line.history),
        "evidence": line.evidence.evidence if line.evidence else None,
    }


@app.command("show")
def show(
    rep_email: str = typer.Argument(..., metavar="REP_EMAIL", help="The rep (email)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or csv."),
) -> None:
    """Show a rep's grid: per competency the current score, its day, the change over 90 days, the
    needs-training flag, the last scores and the last evidence. JSON: {"rep_email", "rep_name",
    "competencies": [{"competency", "score", "rated_on", "change_90_days", "needs_training", "history",
    "evidence"}]}"""
    try:
        view = competencies.rep_grid(open_database(), actor=None, rep_email=rep_email)
    except competencies.CompetencyNotFound as exc:
        raise fail(f"REP_EMAIL: {exc}") from exc
    rows = [_row(line) for line in view.lines]
    if fmt is OutputFormat.json:
        write_json({"rep_email": view.email, "rep_name": view.name, "competencies": rows})
        return
    if fmt is OutputFormat.csv:
        write_csv(
            CSV_HEADER,
            [
                [*(r[k] for k in CSV_HEADER[:5]), " ".join(map(str, r["history"])), r["evidence"]]
                for r in rows
            ],
        )
        return
    table = Table(title=f"Competencies of {view.name} ({view.email})")
    for col in ("competency", "score", "rated on", "90 days", "trend", "evidence"):
        table.add_column(col)
    for r in rows:
        change = r["change_90_days"]
        flag = " [red]needs training[/red]" if r["needs_training"] else ""
        table.add_row(
            COMPETENCY_LABELS[r["competency"]] + flag,
            "" if r["score"] is None else f"{r['score']}/5",
            r["rated_on"] or "",
            "" if change is None else f"{change:+d}",
            " → ".join(map(str, r["history"])),
            r["evidence"] or "",
        )
    console.print(table)
