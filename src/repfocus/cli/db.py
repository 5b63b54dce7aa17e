"""`repfocus db`: schema upgrades and rollup rebuilds."""

from __future__ import annotations

import typer

from repfocus.cli.context import console, open_database
from repfocus.services import maintenance

app = typer.Typer(help="Database schema and maintenance.", no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Create the database if needed and apply every pending migration."""
    db = open_database()
    console.print(f"schema up to date: {db.engine.url.render_as_string(hide_password=True)}")


@app.command("rebuild-rollups")
def rebuild_rollups() -> None:
    """Recompute the daily and weekly rollups from the raw activities (after a bulk repair or restore): one
    pass with flat memory, about 5 s a million activities."""
    db = open_database()
    read = maintenance.rebuild_rollups(db)
    console.print(f"rollups rebuilt from {read:,} activities")
