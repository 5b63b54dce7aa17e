"""The `repfocus` command: one Typer sub-app per noun, registered here."""

from __future__ import annotations

import typer

from repfocus.cli import bench, bullseye, db, demo, diagnose, report, serve, targets

app = typer.Typer(
    name="repfocus",
    help="RepFocus: measure where each rep's time goes, diagnose why it drifts, and hand the leader the fix.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(db.app, name="db")
app.add_typer(report.app, name="report")
app.add_typer(bullseye.app, name="bullseye")
app.add_typer(targets.app, name="targets")
app.add_typer(bench.app, name="bench")
app.command("serve")(serve.serve)
app.command("diagnose")(diagnose.diagnose)
app.command("demo")(demo.demo)
