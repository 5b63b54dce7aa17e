"""`repfocus classify`: explain why an activity has its category; change the rules; re-classify."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from repfocus.cli.context import EXIT_USAGE, console, fail, open_database, write_json
from repfocus.services import classification


def classify(
    explain: int | None = typer.Option(
        None, "--explain", metavar="ACTIVITY_ID", help="Show the matching rule."
    ),
    rules: Path | None = typer.Option(
        None, "--rules", exists=True, dir_okay=False, help="Store this TOML rule table for the organization."
    ),
    reset: bool = typer.Option(False, "--reset-rules", help="Go back to the rules shipped with RepFocus."),
    reclassify: bool = typer.Option(
        False, "--reclassify", help="Apply the current rules to every activity (and the reports)."
    ),
    show_defaults: bool = typer.Option(False, "--show-defaults", help="Print the shipped rule table (TOML)."),
    set_persona: str | None = typer.Option(
        None,
        "--set-persona",
        metavar="CONTACT_ID=PERSONA",
        help="Override a contact's persona ('=title' resets).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Explain, change and re-apply the classification rules.

    JSON of --explain: {"activity_id", "category", "classified_by", "facts": {...}, "rules_tried":
    [{"id", "category", "conditions", "failed"}], "stale"}; of --reclassify: {"examined", "changed"}.
    """
    if not any((explain is not None, rules, reset, reclassify, show_defaults, set_persona)):
        raise fail(
            "give --explain ID, --rules FILE, --reset-rules, --reclassify, --set-persona or --show-defaults",
            code=EXIT_USAGE,
        )
    if show_defaults:
        console.print(classification.default_rules_text(), markup=False, highlight=False)
        return
    db = open_database()
    if set_persona:
        contact, _, persona = set_persona.partition("=")
        if not contact.strip().isdecimal() or not persona:
            raise fail("--set-persona takes CONTACT_ID=PERSONA, e.g. 12=it_hiring_manager", code=EXIT_USAGE)
        try:
            now = classification.override_persona(
                db, contact_id=int(contact), persona=None if persona == "title" else persona
            )
        except classification.PersonaInvalid as exc:
            raise fail(str(exc)) from exc
        console.print(f"contact {contact.strip()} is now {now}")
    if rules or reset:
        try:
            count = classification.set_rules(db, text=rules.read_text(encoding="utf-8") if rules else None)
        except (classification.RulesInvalid, UnicodeDecodeError) as exc:
            raise fail(f"{rules}: {exc}; the rules were not changed") from exc
        console.print(f"{count} rules stored{'' if reclassify else '; run --reclassify to apply them'}")
    if reclassify:
        result = classification.reclassify_all(db)
        if as_json:
            write_json(result)
        else:
            console.print(f"{result['changed']} of {result['examined']} activities changed category")
    if explain is not None:
        try:
            explanation = classification.explain_activity(db, activity_id=explain)
        except classification.ActivityNotFound as exc:
            raise fail(str(exc)) from exc
        if as_json:
            write_json(explanation.as_dict())
            return
        _print(explanation)


def _print(e: classification.Explanation) -> None:
    f = e.facts
    console.print(
        f"activity {e.activity_id}: [bold]{e.category or 'unclassified'}[/bold] "
        f"(classified_by: {e.classified_by})"
    )
    console.print(
        f"facts: kind={f.kind} subject={f.subject!r} direction={f.direction} persona={f.persona} "
        f"account_status={f.account_status}",
        markup=False,
    )
    if e.classified_by == "source":
        console.print("the imported file gave this category; rules were not applied")
        return
    matched = e.trail[-1][0] if e.trail and e.trail[-1][1] is None else None
    if matched is None:
        console.print("no rule matches: the activity is unclassified")
    else:
        console.print(f"matching rule: [bold]{matched.id}[/bold] → {matched.category}: {matched.explain()}")
    table = Table("earlier rule", "category", "why it did not match")
    for rule, failed in e.trail:
        if failed is not None:
            table.add_row(rule.id, rule.category, failed)
    console.print(table)
    if e.stale:
        console.print("[yellow]the stored category differs from the current rules: run --reclassify[/yellow]")
