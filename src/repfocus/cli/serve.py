"""`repfocus serve`: the web app and API."""

from __future__ import annotations

import typer
import uvicorn

from repfocus.cli.context import console, open_database
from repfocus.config import get_settings
from repfocus.services import users


def serve(
    host: str = typer.Option(None, help="Interface to bind (default REPFOCUS_HOST or 127.0.0.1)."),
    port: int = typer.Option(None, envvar="PORT", help="Port (default $PORT, REPFOCUS_PORT or 8000)."),
) -> None:
    """Upgrade the schema, then serve the dashboard and the API."""
    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    db = open_database()
    demo = users.ensure_demo_sign_in(db)
    db.dispose()
    console.print(f"RepFocus at [bold]http://{host}:{port}/[/bold]  (API docs: /api/docs)")
    if demo is not None:
        console.print(
            f"Demo data: sign in as [bold]{demo[0]}[/bold] with password [bold]{demo[1]}[/bold]",
            soft_wrap=True,
        )
    else:
        console.print("Sign in with an account made by `repfocus users add EMAIL --role leader`.")
    uvicorn.run("repfocus.app:create_app", factory=True, host=host, port=port, log_level="info")
