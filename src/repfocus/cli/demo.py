"""`repfocus demo`: load a generated IT staffing firm to explore RepFocus with."""

from __future__ import annotations

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from repfocus.cli.context import EXIT_USAGE, console, fail, open_database
from repfocus.services import demo as demo_service


def demo(
    seed: int = typer.Option(7, "--seed", help="Random seed: the same seed gives the same organization."),
    reps: int = typer.Option(24, "--reps", help="Number of reps (one in eight per root cause)."),
    weeks: int = typer.Option(13, "--weeks", help="Weeks of work, ending with the current week."),
    teams: int = typer.Option(
        3, "--teams", help="Number of teams; the last one (the direction reps) has no targets set."
    ),
    noise: float = typer.Option(0.0, "--noise", help="0..1: how far planted profiles blur towards others."),
    if_new: bool = typer.Option(False, "--if-new", help="Load only when the database has no organization."),
) -> None:
    """Load the demo organization: an IT staffing firm with teams, reps, accounts and weeks of activity."""
    db = open_database()
    if demo_service.has_organization(db):
        if if_new:
            console.print("demo skipped: the database already holds an organization")
            return
        raise fail(
            "the database already holds an organization; the demo loads only into a new database "
            "(set REPFOCUS_DATABASE_URL to another file, or pass --if-new to skip quietly)"
        )
    columns = (TextColumn("[bold]generating demo"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("reps", total=reps)
            summary = demo_service.load_demo(
                db,
                seed=seed,
                reps=reps,
                weeks=weeks,
                teams=teams,
                noise=noise,
                progress=lambda done, _total: bar.update(task, completed=done),
            )
    except demo_service.DemoConfigInvalid as exc:
        raise fail(f"bad demo option: {exc}", code=EXIT_USAGE) from exc
    except demo_service.OrganizationExists as exc:
        raise fail(str(exc)) from exc
    console.print(
        f"[green]demo loaded:[/green] {summary.organization}, {summary.teams} teams, {summary.reps} reps, "
        f"{summary.first_day} – {summary.last_day}\n"
        f"  {summary.accounts:,} accounts, {summary.contacts:,} contacts, {summary.activities:,} activities\n"
        f"  {summary.job_orders:,} job orders, {summary.submittals:,} submittals, "
        f"{summary.interviews:,} interviews, {summary.placements:,} placements  ({summary.seconds:.1f} s)"
    )
