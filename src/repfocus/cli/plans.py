"""`repfocus plans`: mutual action plans from the command line (the server's owner: every plan)."""

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
from repfocus.domain.plans import SIDES, STATUSES, PlanInvalid
from repfocus.services import plan_edits, plan_milestones, plan_shares, plans

app = typer.Typer(
    help="Mutual action plans: what sales, delivery and the customer agree to do by when, for an account "
    "(and job order); milestones; share links the customer opens without an account.",
    no_args_is_help=True,
)
OPTIONS = {
    "account": "--account",
    "title": "--title",
    "goal": "--goal",
    "target_date": "--target-date",
    "owner": "--owner",
    "status": "--status",
    "side": "--side",
    "due": "--due",
    "owner_name": "--owner-name",
    "owner_email": "--owner-email",
    "note": "--note",
    "expires": "--expires",
    "milestones": "PLAN_ID",
    "job_order": "--job-order",
}


def _rejected(exc: PlanInvalid) -> typer.Exit:
    return fail(f"{OPTIONS.get(exc.field, exc.field)}: {exc.reason}")


@app.command("add")
def add(
    account: str = typer.Option(..., "--account", help="The account's exact name (case does not matter)."),
    title: str = typer.Option(..., "--title", help="What the plan is for (at most 200 characters)."),
    goal: str = typer.Option(
        None, "--goal", help='The outcome, e.g. "First 3 Java contractors start by 15 March".'
    ),
    target_date: str = typer.Option(None, "--target-date", help="When the goal is reached, YYYY-MM-DD."),
    owner: str = typer.Option(
        None,
        "--owner",
        help="Email of the rep, manager or leader who owns it (default: the account's owner).",
    ),
    job_order: int = typer.Option(None, "--job-order", help="Id of one of the account's job orders.", min=1),
    status: str = typer.Option("draft", "--status", help=f"One of {', '.join(STATUSES)}."),
) -> None:
    """Create a plan for an account (audited); prints its id."""
    target = parse_day("--target-date", target_date)
    try:
        made = plan_edits.create_plan(
            open_database(),
            actor=None,
            title=title,
            account_name=account,
            job_order_id=job_order,
            goal=goal,
            target_on=target,
            status=status,
            owner_email=owner,
        )
    except PlanInvalid as exc:
        raise _rejected(exc) from exc
    console.print(
        f"created plan {made.id}: {made.title} for {made.account_name}, owned by {made.owner_email}"
    )


@app.command("list")
def list_(
    status: str = typer.Option(None, "--status", help=f"Only plans in this status: {', '.join(STATUSES)}."),
    overdue: bool = typer.Option(False, "--overdue", help="Only plans with an overdue milestone."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or csv."),
) -> None:
    """List plans, newest first, with their progress. JSON: [{"id", "title", "goal", "target_date", "status",
    "account_id", "account_name", "job_order_id", "job_order_title", "owner_email", "owner_name",
    "created_at", "progress": {"done", "total", "overdue", "next_milestone_id", "next_milestone",
    "next_due"}}]"""
    if status and status not in STATUSES:
        raise fail(
            f"--status: {status!r} is not a plan status; use one of {', '.join(STATUSES)}", code=EXIT_USAGE
        )
    found = plans.list_plans(open_database(), actor=None, status=status, overdue_only=overdue)
    if fmt is OutputFormat.json:
        write_json([p.as_dict() for p in found])
        return
    rows = [p.as_row() for p in found]
    if fmt is OutputFormat.csv:
        write_csv(plans.CSV_HEADER, rows)
        return
    table = Table(title="Mutual action plans")
    for col in ("id", "title", "account", "owner", "status", "target", "done", "overdue", "next milestone"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r[0]), r[1], r[2], r[4], r[5], str(r[6]), f"{r[7]}/{r[8]}", str(r[9]), str(r[10]))
    console.print(table)


@app.command("milestone")
def milestone(
    plan_id: int = typer.Argument(..., help="The plan's id (see `repfocus plans list`).", min=1),
    title: str = typer.Option(..., "--title", help="What is done (at most 200 characters)."),
    side: str = typer.Option(..., "--side", help=f"Who owns it: {', '.join(SIDES)}."),
    due: str = typer.Option(..., "--due", help="The day it is due, YYYY-MM-DD."),
    owner_name: str = typer.Option(
        None, "--owner-name", help="The person who does it (e.g. at the customer)."
    ),
    owner_email: str = typer.Option(None, "--owner-email", help="Or the RepFocus user who does it."),
    note: str = typer.Option(None, "--note", help="A note (at most 2,000 characters)."),
    internal: bool = typer.Option(False, "--internal", help="Hide the note from the customer's share page."),
) -> None:
    """Add a milestone at the end of a plan (audited)."""
    due_on = parse_day("--due", due)
    try:
        made = plan_milestones.add_milestone(
            open_database(),
            actor=None,
            plan_id=plan_id,
            title=title,
            side=side,
            due_on=due_on,
            owner_name=owner_name,
            owner_email=owner_email,
            note=note,
            note_internal=internal,
        )
    except PlanInvalid as exc:
        raise _rejected(exc) from exc
    except plans.PlanNotFound as exc:
        raise fail(f"PLAN_ID: {exc}") from exc
    console.print(
        f"added milestone {made.id} (#{made.position}) to plan {plan_id}: {made.title}, due {made.due_on}"
    )


@app.command("share")
def share(
    plan_id: int = typer.Argument(..., help="The plan's id.", min=1),
    expires: str = typer.Option(
        None, "--expires", help="The last day the link works, YYYY-MM-DD (default: until revoked)."
    ),
) -> None:
    """Create a share link for the customer and print its path once (only its hash is stored); append it to
    the server's address. Revoke it with `repfocus plans revoke-share SHARE_ID`."""
    expires_on = parse_day("--expires", expires)
    try:
        made = plan_shares.create_share(open_database(), actor=None, plan_id=plan_id, expires_on=expires_on)
    except PlanInvalid as exc:
        raise _rejected(exc) from exc
    except plans.PlanNotFound as exc:
        raise fail(f"PLAN_ID: {exc}") from exc
    until = f", expires {expires_on}" if expires_on else ", until revoked"
    console.print(f"share link {made.id} for plan {plan_id}{until}; shown only this once:")
    typer.echo(made.path)


@app.command("revoke-share")
def revoke_share(share_id: int = typer.Argument(..., help="The share link's id.", min=1)) -> None:
    """Revoke a share link at once (audited); its page answers 404 from now on."""
    try:
        plan_shares.revoke_share(open_database(), actor=None, share_id=share_id)
    except plans.PlanNotFound as exc:
        raise fail(f"SHARE_ID: {exc}") from exc
    console.print(f"revoked share link {share_id}")
