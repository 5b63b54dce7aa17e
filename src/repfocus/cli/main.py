"""The `repfocus` command: one Typer sub-app per noun, registered here."""

from __future__ import annotations

import typer

from repfocus.cli import (
    accounts,
    backup,
    bench,
    bullseye,
    classify,
    coaching,
    competencies,
    db,
    demo,
    diagnose,
    export,
    hiring,
    imports,
    incentives,
    organization_settings,
    plans,
    playbook,
    recognition,
    report,
    serve,
    targets,
    tokens,
    training,
    users,
)

app = typer.Typer(
    name="repfocus",
    help="RepFocus: measure where each rep's time goes, diagnose why it drifts, and hand the leader the fix.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(db.app, name="db")
app.add_typer(imports.app, name="import")
app.add_typer(export.app, name="export")
app.add_typer(bench.app, name="bench")
app.add_typer(report.app, name="report")
app.add_typer(bullseye.app, name="bullseye")
app.add_typer(targets.app, name="targets")
app.add_typer(users.app, name="users")
app.add_typer(tokens.app, name="tokens")
app.add_typer(playbook.app, name="playbook")
app.add_typer(coaching.app, name="coaching")
app.add_typer(competencies.app, name="competencies")
app.add_typer(training.app, name="training")
app.add_typer(incentives.app, name="incentives")
app.add_typer(recognition.app, name="recognition")
app.add_typer(hiring.app, name="hiring")
app.add_typer(organization_settings.app, name="settings")
app.add_typer(plans.app, name="plans")
app.add_typer(accounts.app, name="accounts")
app.command("classify")(classify.classify)
app.command("serve")(serve.serve)
app.command("diagnose")(diagnose.diagnose)
app.command("demo")(demo.demo)
app.command("backup")(backup.backup)
app.command("restore")(backup.restore)
