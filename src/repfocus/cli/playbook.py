"""`repfocus playbook`: search, show, render templates, next best content, import/export, usage."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from repfocus.cli.context import (
    EXIT_REJECTED,
    OutputFormat,
    console,
    err_console,
    fail,
    open_database,
    write_json,
)
from repfocus.cli.report import parse_period
from repfocus.domain.playbook import ITEM_KINDS, STAGES, PlaybookInvalid
from repfocus.domain.playbook_files import split_front_matter
from repfocus.domain.taxonomy import PERSONAS
from repfocus.services import email_templates, playbook_files, playbook_items, playbook_search, playbook_usage
from repfocus.services.template_sandbox import TemplateRejected

app = typer.Typer(
    help="The playbook: content and email templates by buyer stage and persona.", no_args_is_help=True
)

FORMAT = typer.Option(OutputFormat.table, "--format", help="table or json (stable shape).")


def _check(value: str | None, allowed: tuple[str, ...], option: str) -> list[str]:
    if value is None:
        return []
    if value not in allowed:
        raise fail(f"{option} {value!r} is not one of: {', '.join(allowed)}", code=2)
    return [value]


@app.command("search")
def search(
    query: str = typer.Argument("", help="Words to find; \"a phrase\", -exclude and 'or' work."),
    persona: str = typer.Option(
        None, "--persona", help=f"Only items for this persona ({', '.join(PERSONAS)})."
    ),
    stage: str = typer.Option(None, "--stage", help=f"Only items for this stage ({', '.join(STAGES)})."),
    kind: str = typer.Option(None, "--kind", help=f"Only this kind ({', '.join(ITEM_KINDS)})."),
    limit: int = typer.Option(20, "--limit", min=1, max=200),
    fmt: OutputFormat = FORMAT,
) -> None:
    """Find playbook items, best match first.

    JSON: {"query", "results": [{"slug", "kind", "title", "summary", "stages", "personas", "rank",
    "title_html", "snippet_html", "snippet"}]}
    """
    personas, stages = _check(persona, PERSONAS, "--persona"), _check(stage, STAGES, "--stage")
    _check(kind, ITEM_KINDS, "--kind")
    db = open_database()
    hits = playbook_search.search_items(
        db, query=query, personas=personas, stages=stages, kind=kind, limit=limit
    )
    if fmt is OutputFormat.json:
        write_json({"query": query, "results": [h.as_dict() for h in hits]})
        return
    if not hits:
        console.print("no playbook items match; try fewer words or drop a filter")
        return
    table = Table(title=f"Playbook: {query or 'all items'}")
    for col in ("slug", "kind", "title", "match"):
        table.add_column(col)
    for h in hits:
        table.add_row(h.slug, h.kind, h.title, h.snippet[:80].replace("\n", " "))
    console.print(table)


@app.command("show")
def show(slug: str, fmt: OutputFormat = FORMAT) -> None:
    """Show one item with its tags and its revisions (who changed what)."""
    db = open_database()
    try:
        item = playbook_items.get_item(db, slug=slug)
    except playbook_items.PlaybookItemNotFound as exc:
        raise fail(f"{exc}; find slugs with `repfocus playbook search`") from exc
    if fmt is OutputFormat.json:
        write_json(item.as_dict())
        return
    d = item.draft
    console.print(f"[bold]{d.title}[/bold]  ({d.kind}, version {item.version})", markup=True, highlight=False)
    for label, values in (
        ("stages", d.stages),
        ("personas", d.personas),
        ("industries", d.industries),
        ("service lines", d.service_lines),
    ):
        if values:
            console.print(f"{label}: {', '.join(values)}", markup=False)
    if d.subject:
        console.print(f"subject: {d.subject}", markup=False)
    console.print("\n" + d.body + "\n", markup=False, highlight=False)
    for r in item.revisions:
        console.print(
            f"v{r.version} {r.changed_at:%Y-%m-%d %H:%M} by {r.changed_by}: {', '.join(r.changes)}",
            markup=False,
        )


def _details(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise fail(f"--set {pair!r}: write it as name=value", code=2)
        out[key.strip()] = value
    return out


@app.command("render")
def render(
    slug: str = typer.Argument(None, help="The email template's slug."),
    template_file: Path = typer.Option(
        None, "--template-file", help="Render this file instead (body, or front matter + body)."
    ),
    contact: str = typer.Option(..., "--contact", help="The contact's email."),
    rep: str = typer.Option(None, "--rep", help="Sign as this user (email); default: the account owner."),
    details: list[str] = typer.Option([], "--set", help="A details.* field, as name=value (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help='Print {"subject", "body", "missing"}.'),
) -> None:
    """Preview an email template for a contact in the sandbox. Exit 1 when the template is unsafe or
    a merge field has no value."""
    if (slug is None) == (template_file is None):
        raise fail("give a template slug or --template-file, not both", code=2)
    source, subject = None, ""
    if template_file is not None:
        try:
            text = template_file.read_text(encoding="utf-8")
            if text.lstrip().startswith("+++"):
                front, source = split_front_matter(text)
                subject = str(front.get("subject", ""))
            else:
                source = text
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(f"cannot read {template_file}: {exc}") from exc
        except PlaybookInvalid as exc:
            raise fail(f"{template_file}: {exc}") from exc
    db = open_database()
    try:
        rendered = email_templates.preview(
            db,
            contact_email=contact,
            slug=slug,
            source=source,
            subject=subject,
            rep_email=rep,
            details=_details(details),
        )
    except TemplateRejected as exc:
        raise fail(f"template rejected: {exc}") from exc
    except (
        playbook_items.PlaybookItemNotFound,
        email_templates.ContactNotFound,
        email_templates.RepNotFound,
    ) as exc:
        raise fail(str(exc)) from exc
    if as_json:
        write_json(rendered.as_dict())
    else:
        console.print(f"Subject: {rendered.subject}\n\n{rendered.body}", markup=False, highlight=False)
    if rendered.missing:
        err_console.print(
            f"[red]error:[/red] missing merge fields: {', '.join(rendered.missing)} "
            "(add them to the contact, or pass details.* with --set name=value)"
        )
        raise typer.Exit(EXIT_REJECTED)


@app.command("next")
def next_best(
    contact: str = typer.Option(..., "--contact", help="The contact's email."), fmt: OutputFormat = FORMAT
) -> None:
    """The next best content for a contact: the top items and the email template, with reasons."""
    db = open_database()
    try:
        result = email_templates.next_best(db, contact_email=contact)
    except email_templates.ContactNotFound as exc:
        raise fail(str(exc)) from exc
    if fmt is OutputFormat.json:
        write_json(result.as_dict())
        return
    console.print(
        f"{result.contact}: {result.persona}, stage {result.stage} ({result.stage_reason})", markup=False
    )
    for rec in ([result.template] if result.template else []) + result.items:
        console.print(f"- {rec.slug} [{rec.kind}]: {rec.reason}", markup=False)


@app.command("import")
def import_(folder: Path, as_json: bool = typer.Option(False, "--json")) -> None:
    """Import a folder of Markdown files (all or nothing); every invalid file is reported."""
    db = open_database()
    report = playbook_files.import_playbook(db, folder=folder, actor_name=f"import from {folder.name}")
    if as_json:
        write_json(report.as_dict())
    if report.errors:
        for error in report.errors:
            for field, reason in error.problems:
                err_console.print(f"{error.path}: {field}: {reason}", markup=False, highlight=False)
        raise fail(f"{len(report.errors)} of {report.files} files rejected; nothing was imported")
    if not as_json:
        console.print(
            f"{report.files} files: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.personas} personas saved"
        )


@app.command("export")
def export(folder: Path) -> None:
    """Write the playbook as Markdown files with TOML front matter (items/, personas/)."""
    db = open_database()
    count = playbook_files.export_playbook(db, folder=folder)
    console.print(f"{count} files written to {folder}", markup=False)


@app.command("load-starter")
def load_starter() -> None:
    """Load the IT-staffing starter playbook shipped with RepFocus (safe to run again)."""
    report = playbook_files.load_starter_playbook(open_database())
    console.print(
        f"starter playbook: {report.created} created, {report.updated} updated, {report.unchanged} unchanged"
    )


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


@app.command("usage")
def usage(
    team: str = typer.Option(None, "--team"),
    start: str = typer.Option(None, "--from", help="First day, YYYY-MM-DD (default: 13 weeks before --to)."),
    end: str = typer.Option(None, "--to", help="Last day, YYYY-MM-DD."),
    fmt: OutputFormat = FORMAT,
) -> None:
    """Playbook use by rep, team and item, and each rep's content-time share before/after adopting it."""
    db = open_database()
    report = playbook_usage.usage_report(db, actor=None, period=parse_period(db, start, end), team=team)
    if fmt is OutputFormat.json:
        write_json(report.as_dict())
        return
    table = Table(title="Playbook usage")
    for col in (
        "rep",
        "team",
        "items",
        "templates",
        "emails",
        "first use",
        "content before",
        "content after",
    ):
        table.add_column(col)
    for u in report.reps:
        table.add_row(
            u.name, u.team or "", str(u.item_uses), str(u.template_uses), str(u.emails_sent),
            str(u.first_use or "—"), _pct(u.content_share_before), _pct(u.content_share_after),
        )  # fmt: skip
    console.print(table)
