"""`repfocus accounts`: the account list and one account's page from the command line (the server's owner:
every rep's activity)."""

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
from repfocus.domain.taxonomy import ACCOUNT_STATUSES, TIERS
from repfocus.services import account_detail, account_views
from repfocus.services.account_views import AccountNotFound, AccountQueryInvalid

app = typer.Typer(
    help="Accounts: the time spent on each in a period, its contacts, plans and job orders.",
    no_args_is_help=True,
)
FROM = typer.Option(None, "--from", help="First day, YYYY-MM-DD (default: 90 days before --to).")
TO = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (default: today in the organization's time zone).")


@app.command("list")
def list_(
    search: str = typer.Option(
        "", "--search", help="Only accounts whose name or domain holds this (any case)."
    ),
    status: str = typer.Option(None, "--status", help=f"Only this status: {', '.join(ACCOUNT_STATUSES)}."),
    tier: str = typer.Option(None, "--tier", help=f"Only this tier: {', '.join(TIERS)}."),
    sort: str = typer.Option(
        "name",
        "--sort",
        help=f"{', '.join(account_views.SORTS)} (minutes and last touch: most recent first).",
    ),
    date_from: str = FROM,
    date_to: str = TO,
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or csv."),
) -> None:
    """List every matching account with its minutes and activities in the period, last touch and open plans.
    JSON, the shape of GET /api/v1/accounts with every match (limit null): {"items": [{"id", "name",
    "domain", "status", "tier", "minutes", "activities", "last_touch", "open_plans"}], "total", "limit",
    "offset", "period": {"from", "to"}, "activity_scope"}"""
    try:
        page = account_views.list_accounts(
            open_database(),
            actor=None,
            start=parse_day("--from", date_from),
            end=parse_day("--to", date_to),
            search=search,
            status=status,
            tier=tier,
            sort=sort,
            limit=None,
        )
    except AccountQueryInvalid as exc:
        raise fail(f"--{exc.field}: {exc.reason}", code=EXIT_USAGE) from exc
    if fmt is OutputFormat.json:
        write_json(page.as_dict())
        return
    if fmt is OutputFormat.csv:
        write_csv(account_views.CSV_HEADER, [r.as_row() for r in page.rows])
        return
    table = Table(title=f"Accounts, {page.period.start} to {page.period.end}")
    for col in ("id", "name", "status", "tier", "minutes", "activities", "last touch", "open plans"):
        table.add_column(col)
    for r in page.rows:
        touched = f"{r.last_touch:%Y-%m-%d}" if r.last_touch else "never"
        table.add_row(
            str(r.id), r.name, r.status, r.tier, str(r.minutes), str(r.activities), touched, str(r.open_plans)
        )
    console.print(table)


@app.command("show")
def show(
    account_id: int = typer.Argument(..., help="The account's id (see `repfocus accounts list`).", min=1),
    date_from: str = FROM,
    date_to: str = TO,
    json_out: bool = typer.Option(
        False, "--json", help="Print JSON (the shape of GET /api/v1/accounts/{id})."
    ),
) -> None:
    """Show one account: details, contacts, time by bucket and by rep in the period, plans and job orders."""
    try:
        found = account_detail.account_detail(
            open_database(),
            actor=None,
            account_id=account_id,
            start=parse_day("--from", date_from),
            end=parse_day("--to", date_to),
        )
    except AccountNotFound as exc:
        raise fail(str(exc)) from exc
    if json_out:
        write_json(found.as_dict())
        return
    console.print(
        f"[bold]{found.name}[/bold]  {found.domain or ''}  status {found.status}, tier {found.tier}"
    )
    console.print(f"{found.total_minutes} minutes from {found.period.start} to {found.period.end}")
    for bucket, minutes, _categories in found.bucket_rows():
        console.print(f"  {bucket}: {minutes} min")
    for rep in found.reps:
        console.print(f"  {rep.email}: {rep.minutes} min in {rep.activities} activities")
    for c in found.contacts:
        console.print(f"contact {c.name} ({c.title or 'no title'}): {c.persona or 'no persona'}")
    for p in found.plans:
        console.print(f"plan {p.id}: {p.title} ({p.status})")
    for j in found.job_orders:
        console.print(
            f"job order {j.id}: {j.title} ({j.status}), {j.submittals} submittals, {j.placements} placements"
        )
