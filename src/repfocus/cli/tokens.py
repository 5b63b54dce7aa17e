"""`repfocus tokens`: API tokens (shown once, stored hashed, scoped, expiring, revocable)."""

from __future__ import annotations

import typer
from rich.table import Table

from repfocus.cli.context import EXIT_USAGE, OutputFormat, console, fail, open_database, write_csv, write_json
from repfocus.domain.access import SCOPES, NotFound
from repfocus.services import tokens, users

app = typer.Typer(help="API tokens for programs calling /api/v1.", no_args_is_help=True)


@app.command("create")
def create(
    email: str = typer.Argument(..., help="The user the token acts for."),
    scope: str = typer.Option(..., "--scope", help="read (GET only), write (read and change) or import."),
    expires: int = typer.Option(None, "--expires", help="Days until it expires (default: never)."),
    name: str = typer.Option("", "--name", help="A label, e.g. what uses it."),
    as_json: bool = typer.Option(False, "--json", help='Print {"token", "id", "scope", "expires_at"}.'),
) -> None:
    """Create a token and print it once; only its hash is kept."""
    if scope not in SCOPES:
        raise fail(f"--scope must be one of {', '.join(SCOPES)}, got {scope!r}", code=EXIT_USAGE)
    try:
        new = tokens.create_token(open_database(), email=email, scope=scope, expires_days=expires, name=name)
    except (tokens.TokenInvalid, users.UserInvalid) as exc:
        raise fail(str(exc)) from exc
    if as_json:
        write_json(new.as_dict())
        return
    console.print(f"token {new.id} ({new.scope}) for {email}; copy it now, it is not shown again:")
    console.print(new.token, markup=False, highlight=False)


@app.command("list")
def list_(
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or csv."),
) -> None:
    """List tokens (never the tokens themselves). JSON: [{"id", "email", "name", "prefix", "scope",
    "status", "created_at", "expires_at", "revoked_at", "last_used_at"}]"""
    rows = [t.as_dict() for t in tokens.list_tokens(open_database())]
    if fmt is OutputFormat.json:
        write_json(rows)
        return
    header = ["id", "email", "name", "prefix", "scope", "status", "created_at", "expires_at", "last_used_at"]
    if fmt is OutputFormat.csv:
        write_csv(header, [[r[h] for h in header] for r in rows])
        return
    table = Table(title="API tokens")
    for col in header:
        table.add_column(col)
    for r in rows:
        table.add_row(*(str(r[h] or "") for h in header))
    console.print(table)


@app.command("revoke")
def revoke(token_id: int = typer.Argument(..., help="The token's id (see `tokens list`).")) -> None:
    """Revoke a token at once."""
    try:
        tokens.revoke_token(open_database(), token_id=token_id)
    except NotFound as exc:
        raise fail(str(exc)) from exc
    console.print(f"token {token_id} revoked")
