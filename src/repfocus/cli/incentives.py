"""`repfocus incentives`: list the plans, add one from a TOML file, and the payouts of a period."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

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
from repfocus.domain.incentives import IncentiveInvalid, describe
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.services import incentives

app = typer.Typer(
    help="Incentive plans that pay for the wanted behaviour, and their payouts.", no_args_is_help=True
)

CSV_HEADER = [
    "rep_email",
    "rep_name",
    "team",
    "plan",
    "rule",
    "category",
    "count",
    "rate",
    "gross",
    "amount",
    "capped",
    "currency",
]
_FIELD = re.compile(r"^rules\[(\d+)\]\.(\w+)|^(\w+)")


def _line_of(text: str, field: str) -> int | None:
    """Return the line of the TOML file that holds `field` (its key in the right [[rules]] table)."""
    found = _FIELD.match(field)
    if found is None:
        return None
    lines = text.splitlines()
    start, key = 0, found[3]
    if found[1] is not None:
        headers = [i for i, line in enumerate(lines) if re.match(r"^\s*\[\[\s*rules\s*\]\]", line)]
        if int(found[1]) >= len(headers):
            return None
        start, key = headers[int(found[1])], found[2]
    for i in range(start, len(lines)):
        if i > start and re.match(r"^\s*\[", lines[i]) and found[1] is not None:
            break
        if re.match(rf"^\s*{re.escape(key)}\s*=", lines[i]):
            return i + 1
    return start + 1 if found[1] is not None else None


@app.command("add-plan")
def add_plan(file: Path = typer.Argument(..., help="A TOML plan file (see docs/incentives.md).")) -> None:
    """Check a plan file and store the plan (audited); a bad file exits 1 naming the line and field."""
    try:
        text = file.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise fail(f"{file}: no such file", code=EXIT_USAGE) from exc
    except UnicodeDecodeError as exc:
        raise fail(f"{file}: not UTF-8 text: {exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise fail(f"{file}: not valid TOML: {exc}") from exc
    try:
        made = incentives.create_plan(open_database(), actor=None, definition=data)
    except IncentiveInvalid as exc:
        line = _line_of(text, exc.field)
        raise fail(f"{file}:{f' line {line}:' if line else ''} {exc.field}: {exc.reason}") from exc
    teams = ", ".join(made.teams) or "every rep"
    console.print(
        f"added plan {made.id} {made.plan.name!r} ({made.plan.valid_from} to {made.plan.valid_to}, "
        f"{len(made.plan.rules)} rule(s), {teams})"
    )


@app.command("plans")
def plans(
    inactive: bool = typer.Option(False, "--inactive", help="Also the deactivated plans."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table or json."),
) -> None:
    """The plans, newest window first. JSON: [{"id", "name", "valid_from", "valid_to", "currency", "teams",
    "active", "rules": [{"name", "category", "per_event", "tiers"?, "accelerator"?, "cap"?}]}]"""
    if fmt is OutputFormat.csv:
        raise fail("--format: plans are written as table or json", code=EXIT_USAGE)
    found = incentives.list_plans(open_database(), actor=None, include_inactive=inactive)
    if fmt is OutputFormat.json:
        write_json([p.as_dict() for p in found])
        return
    table = Table(title="Incentive plans")
    for col in ("id", "name", "window", "teams", "active", "rules"):
        table.add_column(col)
    for p in found:
        rules = "\n".join(f"{r.name}: {describe(r)}" for r in p.plan.rules)
        window = f"{p.plan.valid_from} to {p.plan.valid_to}"
        table.add_row(
            str(p.id), p.plan.name, window, ", ".join(p.teams) or "everyone", str(p.is_active), rules
        )
    console.print(table)


@app.command("deactivate")
def deactivate(
    plan_id: int = typer.Argument(..., help="The plan's id (see `repfocus incentives plans`)."),
) -> None:
    """Take a plan out of force: it pays nothing any more and stays listed with --inactive (audited)."""
    try:
        view = incentives.deactivate_plan(open_database(), actor=None, plan_id=plan_id)
    except incentives.IncentiveNotFound as exc:
        raise fail(str(exc)) from exc
    console.print(f"plan {view.id} {view.plan.name!r} deactivated")


@app.command("payouts")
def payouts(
    date_from: str = typer.Option(
        None, "--from", help="First day, YYYY-MM-DD (default: this month's first)."
    ),
    date_to: str = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (default: this month's last)."),
    team: str = typer.Option(None, "--team", help="Only the reps of this team."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or csv."),
) -> None:
    """Payout line items per rep, plan and rule, with totals. JSON: {"period", "lines": [{"rep_email",
    "plan", "rule", "category", "count", "rate", "gross", "amount", "capped", "currency", ...}], "totals":
    [{"rep_email", "currency", "amount"}]}"""
    start, end = parse_day("--from", date_from), parse_day("--to", date_to)
    db = open_database()
    default = incentives.default_period(db)
    try:
        period = Period(start or default.start, end or default.end)
    except PeriodInvalid as exc:
        raise fail(f"--to: {exc}", code=EXIT_USAGE) from exc
    try:
        report = incentives.payouts(db, actor=None, period=period, team=team)
    except IncentiveInvalid as exc:
        raise fail(f"--{exc.field}: {exc.reason}") from exc
    if fmt is OutputFormat.json:
        write_json(report.as_dict())
        return
    rows = [[d[c] for c in CSV_HEADER] for d in (p.as_dict() for p in report.lines)]
    if fmt is OutputFormat.csv:
        write_csv(CSV_HEADER, rows)
        return
    table = Table(title=f"Payouts {period.start} to {period.end}")
    for col in ("rep", "plan", "rule", "count", "rate", "amount", "capped"):
        table.add_column(col)
    for r in rows:
        table.add_row(r[0], r[3], r[4], str(r[6]), r[7], f"{r[9]} {r[11]}", "capped" if r[10] else "")
    for email, per in report.totals().items():
        for currency, amount in per.items():
            table.add_row(email, "", "total", "", "", f"{amount} {currency}", "")
    console.print(table)
