"""Imports from the web upload page and the API: any activity format or a calendar, with a preview.

The preview reads the first rows, resolves who they are about and classifies them exactly as the
import will, inside a transaction that is rolled back, then dry-runs those rows for the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from repfocus.domain.access import Actor, can_edit_rep_data, can_import, require
from repfocus.domain.classification import SOURCE_RULE, Facts, RuleTable
from repfocus.domain.period import Period
from repfocus.importers.formats import FORMATS, detect
from repfocus.importers.records import ActivityRecord, ImportFileInvalid, RowError, Skipped
from repfocus.importers.repfocus_json import parse_objects
from repfocus.services import calendar_imports, pipeline_imports
from repfocus.services.classification import rule_table
from repfocus.services.durations import duration_defaults
from repfocus.services.identities import Identities
from repfocus.services.import_writer import Progress
from repfocus.services.imports import estimate_rows, import_activities
from repfocus.store.activities import org_zone
from repfocus.store.db import Database
from repfocus.store.models import User

FUNNEL = "bullhorn_funnel"  # Bullhorn JobOrder ... Placement exports: the staffing funnel, not activities
UPLOAD_FORMATS = ("auto", "csv", "salesforce", "hubspot", "bullhorn", "pipedrive", "ics", FUNNEL)
Item = ActivityRecord | RowError | Skipped
__all__ = [
    "UPLOAD_FORMATS",
    "ImportFileInvalid",
    "UploadOptions",
    "import_objects",
    "preview_upload",
    "run_upload",
]


@dataclass(frozen=True, slots=True)
class UploadOptions:
    """What the uploader chose; rep_email and period apply to calendars (format ics) only."""

    format_name: str = "auto"
    partial: bool = False
    create_reps: bool = False
    team: str | None = None
    rep_email: str | None = None  # calendars: whose; funnel: the rep owning unmapped job orders
    period: Period | None = None
    entity: str | None = None  # funnel only: joborder | submission | history | sendout | placement


@dataclass(frozen=True, slots=True)
class UploadResult:
    """The import report in its JSON shape, and whether it was written."""

    report: dict[str, Any]
    ok: bool
    committed: bool


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One row as the import would see it: who, when, with whom, and the rule that classifies it."""

    line: int
    when: str = ""
    rep: str = ""
    kind: str = ""
    subject: str = ""
    minutes: str = ""
    account: str = ""
    contact: str = ""
    category: str = ""
    rule: str = ""
    problem: str = ""  # why the row would be rejected or skipped


@dataclass
class ImportPreview:
    """The first rows of a file and the dry-run report of those rows."""

    format: str
    rows: list[PreviewRow] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)
    more: bool = False  # the file has rows beyond the preview


def _items(
    db: Database, stream: IO[bytes], options: UploadOptions, actor: Actor | None
) -> tuple[str, str, Iterator[Item], calendar_imports.CalendarImportReport | None]:
    """Return (format, source, items, calendar report) for an upload; raise ImportFileInvalid."""
    reps = _check_actor(db, actor, options)
    name = options.format_name
    if name not in UPLOAD_FORMATS:
        raise ImportFileInvalid(f"unknown format {name!r}; choose one of {', '.join(UPLOAD_FORMATS)}")
    if name == "auto":
        head = stream.read(64)
        stream.seek(0)
        name = "ics" if b"BEGIN:VCALENDAR" in head.upper() else detect(stream)
    if name == "ics":
        if not options.rep_email:
            raise ImportFileInvalid("a calendar belongs to one rep: give the rep's email")
        if actor is not None:
            rep = reps.get(options.rep_email.strip().lower())
            require(rep is None or can_edit_rep_data(actor, *rep), "you may import only your own calendar")
        items, result = calendar_imports.calendar_items(
            db, data=stream.read(), rep_email=options.rep_email, period=options.period
        )
        return "ics", "ics", items, result
    fmt = FORMATS[name]
    return name, fmt.source, fmt.parse(stream, None), None


def _check_actor(
    db: Database, actor: Actor | None, options: UploadOptions
) -> dict[str, tuple[int, int | None]]:
    """Raise AccessDenied unless the actor may import; return the reps as email -> (id, team id).

    Rows of reps the actor may not edit are rejected one by one by services/imports.py.
    """
    if actor is None:  # the command line: whoever runs it owns the database
        return {}
    require(can_import(actor), "your role does not import activity")
    require(not options.create_reps or actor.role == "leader", "only a leader may create reps by importing")
    with db.session() as session:
        rows = session.execute(select(User.email, User.id, User.team_id))
        return {email.lower(): (uid, team) for email, uid, team in rows}


def run_upload(
    db: Database,
    *,
    stream: IO[bytes],
    file_name: str,
    options: UploadOptions,
    dry_run: bool = False,
    progress: Progress | None = None,
    actor: Actor | None = None,
) -> UploadResult:
    """Import an uploaded file of any supported format; atomic unless options.partial.

    With an actor, rows of reps they may not change are rejected; AccessDenied if their role may not import.
    """
    if options.format_name == FUNNEL:
        return _funnel(db, stream, file_name, options, dry_run, actor)
    estimate = estimate_rows(stream)  # before the parser moves the stream on
    name, source, items, calendar = _items(db, stream, options, actor)
    report = import_activities(
        db,
        records=items,
        source=source,
        file_name=file_name,
        format_name=name,
        partial=options.partial,
        dry_run=dry_run,
        create_reps=options.create_reps,
        team=options.team,
        actor=actor,
        progress=progress,
        estimate=estimate,  # a big upload is a bulk load and is prepared in a worker, as from the CLI
    )
    if calendar is not None:
        calendar.report = report
        return UploadResult(calendar.as_dict(), report.ok, report.committed)
    return UploadResult(report.as_dict(), report.ok, report.committed)


def import_objects(
    db: Database, *, objects: Any, options: UploadOptions, dry_run: bool = False, actor: Actor | None = None
) -> UploadResult:
    """Import a JSON array of RepFocus-CSV-shaped objects (source 'api'); atomic unless options.partial."""
    _check_actor(db, actor, options)
    report = import_activities(
        db,
        records=parse_objects(objects),
        source="api",
        file_name="request body",
        format_name="json",
        partial=options.partial,
        dry_run=dry_run,
        create_reps=options.create_reps,
        team=options.team,
        actor=actor,
    )
    return UploadResult(report.as_dict(), report.ok, report.committed)


def preview_upload(
    db: Database,
    *,
    stream: IO[bytes],
    file_name: str,
    options: UploadOptions,
    limit: int = 20,
    actor: Actor | None = None,
) -> ImportPreview:
    """Return the first `limit` rows classified as the import would, and the dry-run report of them.

    A funnel file gets no rows, only the dry-run report of the whole file.
    """
    if options.format_name == FUNNEL:
        checked = _funnel(db, stream, file_name, options, True, actor)
        return ImportPreview(format=str(checked.report["format"]), report=checked.report)
    name, source, items, calendar = _items(db, stream, options, actor)
    first: list[Item] = []
    records = 0
    for item in items:
        first.append(item)
        records += isinstance(item, ActivityRecord)
        if records >= limit or len(first) >= limit * 5:
            break
    preview = ImportPreview(format=name, more=next(items, None) is not None)
    with db.session() as session:  # rolled back: resolving may create accounts, contacts or reps
        ids = Identities(
            session, source=source, user_map={}, create_reps=options.create_reps, team=options.team
        )
        table, durations, zone = rule_table(session), duration_defaults(session), org_zone(session)
        for item in first:
            if isinstance(item, RowError):
                preview.rows.append(PreviewRow(line=item.line, problem=f"{item.field}: {item.reason}"))
            elif isinstance(item, Skipped):
                preview.rows.append(PreviewRow(line=item.line, problem=f"skipped: {item.reason}"))
            else:
                preview.rows.append(_row(item, ids, table, durations, zone))
    dry = import_activities(
        db,
        records=iter(first),
        source=source,
        file_name=file_name,
        format_name=name,
        partial=True,  # show what each row would do, not only that one row fails the whole import
        dry_run=True,
        create_reps=options.create_reps,
        team=options.team,
        actor=actor,
    )
    if calendar is not None:
        calendar.report = dry
        preview.report = calendar.as_dict()
    else:
        preview.report = dry.as_dict()
    return preview


def _funnel(
    db: Database,
    stream: IO[bytes],
    file_name: str,
    options: UploadOptions,
    dry_run: bool,
    actor: Actor | None,
) -> UploadResult:
    report = pipeline_imports.import_funnel(
        db,
        data=stream.read(),
        file_name=file_name,
        entity=options.entity,
        default_rep=options.rep_email,
        partial=options.partial,
        dry_run=dry_run,
        actor=actor,
    )
    return UploadResult(report.as_dict(), report.ok, report.committed)


def _row(
    rec: ActivityRecord, ids: Identities, table: RuleTable, durations: dict[str, int], zone: ZoneInfo
) -> PreviewRow:
    rep_id, error = ids.rep(rec)
    account_id, status, _ = ids.account(rec)
    contact_id, persona = ids.contact(rec, account_id)
    if rec.category is not None:
        category, rule = rec.category, SOURCE_RULE
    else:
        decision = table.classify(Facts(rec.kind, rec.subject, rec.direction, persona, status))
        category, rule = decision.category or "unclassified", decision.rule_id or "no rule matched"
    minutes = f"{durations.get(rec.kind, 0)} (est.)"
    if rec.duration_minutes is not None:
        minutes = str(rec.duration_minutes)
    who = rec.contact_name or rec.contact_email or ""
    return PreviewRow(
        line=rec.line,
        when=_local(rec.started_at, zone),
        rep=rec.rep_email or rec.rep_source_id or "",
        kind=rec.kind,
        subject=rec.subject[:120],
        minutes=minutes,
        account=f"{rec.account_name or rec.account_domain or ''} ({status})" if account_id else "",
        contact=f"{who} ({persona})" if contact_id else "",
        category=category,
        rule=rule,
        problem=f"{error.field}: {error.reason}" if error is not None and rep_id is None else "",
    )


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")
