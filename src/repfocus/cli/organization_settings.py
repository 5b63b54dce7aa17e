"""`repfocus settings`: show and change the organization settings (audited as the command line)."""

from __future__ import annotations

import typer
from rich.table import Table

from repfocus.cli.context import OutputFormat, console, fail, open_database, write_json
from repfocus.domain.org_settings import KEYS
from repfocus.services import organization_settings as service

KEY_HELP = "\n\n".join(f"[bold]{key}[/bold]: {what}" for key, what in KEYS.items())

app = typer.Typer(
    help="The organization settings: time zone, currency, working week, default durations, all-day events.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


@app.command("show")
def show(
    output: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table or json."),
) -> None:
    """Print every setting with its value and what it does. JSON: {"name", "time_zone", "currency",
    "working_days": [...], "working_hours": {"start", "end"}, "durations": {kind: minutes},
    "count_all_day", "all_day_hours"}."""
    if output == OutputFormat.csv:
        raise fail("--format: write table or json", code=2)
    settings = service.read_settings(open_database(), actor=None)
    if output == OutputFormat.json:
        write_json(settings.as_dict())
        return
    table = Table("key", "value", "what it does")
    for key, value in settings.flat().items():
        shown = ("yes" if value else "no") if isinstance(value, bool) else str(value)
        table.add_row(key, shown, KEYS[key])
    console.print(table)


@app.command(
    "set",
    help="Change one setting (audited); a new time zone rebuilds every rollup.\n\nThe keys:\n\n" + KEY_HELP,
)
def set_(
    key: str = typer.Argument(..., help="The setting, e.g. time_zone, currency or duration.call."),
    value: str = typer.Argument(..., help="Its new value, e.g. Europe/Berlin, EUR, 10, mon,tue,wed,thu,fri."),
) -> None:
    try:
        done = service.change_settings(open_database(), actor=None, changes={key.strip(): value})
    except service.SettingsInvalid as exc:
        raise fail("; ".join(f"{k}: {why}" for k, why in exc.problems.items())) from exc
    if not done.changes:
        console.print(f"{key} is already {value}: nothing changed")
        return
    for name, change in done.changes.items():
        console.print(f"{name}: {change['before']} -> {change['after']}")
    if done.rollups_rebuilt:
        console.print(f"rollups rebuilt in {done.settings.time_zone} ({done.activities_reread} activities)")
