"""`repfocus users`: add, list, disable users and reset passwords (passwords never on the command line)."""

from __future__ import annotations

import sys

import typer
from rich.table import Table

from repfocus.cli.context import EXIT_USAGE, OutputFormat, console, fail, open_database, write_csv, write_json
from repfocus.domain.access import ROLES, password_problems
from repfocus.services import users

app = typer.Typer(
    help="People who sign in: leaders, managers, reps and delivery leads.", no_args_is_help=True
)


def read_password(email: str) -> str:
    """Return a new password: prompted twice on a terminal, else the first line of stdin."""
    if sys.stdin.isatty():
        password = typer.prompt(f"Password for {email}", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    problems = password_problems(password, email=email)
    if problems:
        raise fail("password " + "; ".join(problems))
    return str(password)


@app.command("add")
def add(
    email: str = typer.Argument(..., help="Sign-in email."),
    role: str = typer.Option(..., "--role", help=f"One of {', '.join(ROLES)}."),
    team: str = typer.Option(
        None, "--team", help="Team name (made if new): a rep's team, or the team a manager leads."
    ),
    name: str = typer.Option(None, "--name", help="Display name (default: the email's name part)."),
) -> None:
    """Add a user; the password is read from a prompt, or from stdin when piped (never an argument)."""
    if role not in ROLES:
        raise fail(f"--role must be one of {', '.join(ROLES)}, got {role!r}", code=EXIT_USAGE)
    db = open_database()
    password = read_password(email)
    try:
        row = users.add_user(db, email=email, role=role, password=password, name=name, team=team)
    except users.UserInvalid as exc:
        raise fail(str(exc)) from exc
    console.print(f"added {row.role} {row.email}" + (f" (team {team})" if team else ""))


@app.command("list")
def list_(
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or csv."),
) -> None:
    """List users. JSON: [{"id", "email", "name", "role", "team", "is_active", "has_password"}]"""
    rows = users.list_users(open_database())
    if fmt is OutputFormat.json:
        write_json([r.as_dict() for r in rows])
    elif fmt is OutputFormat.csv:
        header = ["id", "email", "name", "role", "team", "is_active", "has_password"]
        write_csv(header, [[r.as_dict()[h] for h in header] for r in rows])
    else:
        table = Table(title="Users")
        for col in ("email", "name", "role", "team", "active", "can sign in"):
            table.add_column(col)
        for r in rows:
            table.add_row(
                r.email,
                r.name,
                r.role,
                r.team or "",
                "yes" if r.is_active else "no",
                "yes" if r.has_password else "no",
            )
        console.print(table)


@app.command("disable")
def disable(email: str = typer.Argument(..., help="The user's email.")) -> None:
    """Disable a user: no sign-in, sessions end, API tokens stop working."""
    try:
        users.disable_user(open_database(), email=email)
    except users.UserInvalid as exc:
        raise fail(str(exc)) from exc
    console.print(f"disabled {email}")


@app.command("reset-password")
def reset_password(email: str = typer.Argument(..., help="The user's email.")) -> None:
    """Set a new password (prompt or stdin); the user's sessions end."""
    db = open_database()
    password = read_password(email)
    try:
        users.reset_password(db, email=email, password=password)
    except users.UserInvalid as exc:
        raise fail(str(exc)) from exc
    console.print(f"password reset for {email}")


@app.command("set-role")
def set_role(
    email: str = typer.Argument(..., help="The user's email."),
    role: str = typer.Option(..., "--role", help=f"One of {', '.join(ROLES)}."),
) -> None:
    """Change a user's role (recorded in the audit log)."""
    try:
        users.change_role(open_database(), email=email, role=role)
    except users.UserInvalid as exc:
        raise fail(str(exc)) from exc
    console.print(f"{email} is now a {role}")
