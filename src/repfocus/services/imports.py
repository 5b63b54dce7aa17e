"""Importing activities: resolve who and with whom, classify, and write in batches, atomically by default.

Parsers (importers/<source>.py) yield ActivityRecord | RowError | Skipped; this service owns the rest.
One transaction per import: a rejected row (unless partial), a dry run, an exception or a killed process
all leave the database exactly as it was.
"""

from __future__ import annotations

import gc
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import IO, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, can_edit_rep_data, can_import, is_leader, require
from repfocus.domain.classification import SOURCE_RULE
from repfocus.domain.taxonomy import ACCOUNT_STATUSES, CATEGORIES, DIRECTIONS, KINDS, SOURCES, UNCLASSIFIED
from repfocus.importers.formats import CHOICES, FORMATS, detect
from repfocus.importers.mapping import ColumnMapping, load_mapping, load_users_csv
from repfocus.importers.records import ActivityRecord, HeaderError, ImportFileInvalid, RowError, Skipped
from repfocus.services import audit
from repfocus.services.classification import rule_table
from repfocus.services.identities import Identities, Pending, resolve
from repfocus.store.activities import Deltas, apply_deltas, org_zone
from repfocus.store.bulk_load import (
    BATCH_COLUMNS,
    Context,
    defer_link_indexes,
    existing_external_ids,
    insert_activity_batch,
    rebuild_indexes,
)
from repfocus.store.db import IMPORT_LOCK, Database, writer_lock
from repfocus.store.models import Activity, Organization, User

BATCH_ROWS = 10_000
BULK_ROWS = 100_000  # an import expected to add at least this many rows (and the table's size) is a bulk load
ROLLUP_KEYS = 120_000  # rollup changes held in memory before they are written (about 40 MB)
DURATIONS_KEY = "duration_defaults"
DEFAULT_DURATIONS: dict[str, int] = {"call": 5, "meeting": 30, "email": 5, "task": 15, "note": 5}
MAX_MINUTES = 24 * 60
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)

Progress = Callable[[int], None]
Estimate = Callable[[int], int]  # rows read so far -> rows the whole file is expected to hold
_MINUTES, _ESTIMATED, _CATEGORY, _ACCOUNT, _CONTACT = (
    BATCH_COLUMNS.index(c)
    for c in ("duration_minutes", "duration_estimated", "category", "account_id", "contact_id")
)
__all__ = [
    "CHOICES",
    "ImportFileInvalid",
    "ImportReport",
    "import_activities",
    "import_file",
    "load_mapping",
    "load_users_csv",
]


@dataclass
class ImportReport:
    """What an import did (or, for a dry run or a rejected atomic import, would have done)."""

    format: str
    dry_run: bool = False
    partial: bool = False
    committed: bool = False
    rows_read: int = 0
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    estimated_durations: int = 0
    unclassified: int = 0
    created_accounts: int = 0
    created_contacts: int = 0
    created_reps: int = 0
    rejected: list[RowError] = field(default_factory=list)
    by_category: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no row was rejected."""
        return not self.rejected

    def as_dict(self) -> dict[str, Any]:
        """Return the stable JSON shape of `repfocus import activities --json` (issue 4, item 5)."""
        return {
            "format": self.format,
            "rows_read": self.rows_read,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "estimated_durations": self.estimated_durations,
            "unclassified": self.unclassified,
            "created": {"accounts": self.created_accounts, "contacts": self.created_contacts},
            "rejected": [e.as_dict() for e in self.rejected],
            "by_category": dict(sorted(self.by_category.items())),
        }


def duration_defaults(session: Session) -> dict[str, int]:
    """Return the organization's minutes per kind used when a source gives no duration."""
    settings = session.scalar(select(Organization.settings).limit(1)) or {}
    out = dict(DEFAULT_DURATIONS)
    out.update({k: int(v) for k, v in (settings.get(DURATIONS_KEY) or {}).items() if k in KINDS})
    return out


class DurationsInvalid(ValueError):
    """A duration default names an unknown kind or is not a whole number of minutes from 0 to 1440."""


def get_duration_defaults(db: Database) -> dict[str, int]:
    """Return the minutes per kind that imports use when a source gives no duration."""
    with db.session() as session:
        return duration_defaults(session)


def set_duration_defaults(db: Database, *, minutes: Mapping[str, int]) -> dict[str, int]:
    """Change some of the organization's per-kind duration defaults; return them all. Activities already
    imported keep their estimate (re-import does not rewrite them)."""
    for kind, value in minutes.items():
        if kind not in KINDS:
            raise DurationsInvalid(f"{kind!r} is not one of {', '.join(KINDS)}")
        if not 0 <= value <= MAX_MINUTES:
            raise DurationsInvalid(f"{kind}: {value} is not between 0 and {MAX_MINUTES} minutes")
    with db.session() as session:
        org = session.scalar(select(Organization).limit(1))
        if org is None:
            org = Organization(name="My organization", settings={})
            session.add(org)
        settings = dict(org.settings or {})
        settings[DURATIONS_KEY] = {**(settings.get(DURATIONS_KEY) or {}), **minutes}
        org.settings = settings
        session.commit()
        return duration_defaults(session)


def stable_id(rec: ActivityRecord, rep: str) -> str:
    """Return an id for a row that has none, the same every time the same row is imported."""
    key = f"{rep}|{rec.started_at.isoformat()}|{rec.kind}|{rec.subject}|{rec.duration_minutes}"
    return "h-" + hashlib.sha256(key.encode()).hexdigest()[:40]


def _check(rec: ActivityRecord, latest: datetime) -> RowError | None:
    if rec.kind not in KINDS:
        return RowError(rec.line, "kind", f"{rec.kind!r} is not one of {', '.join(KINDS)}")
    if rec.started_at.tzinfo is None:
        return RowError(rec.line, "started_at", "time has no UTC offset")
    if rec.started_at < EARLIEST:
        return RowError(
            rec.line,
            "started_at",
            f"{rec.started_at:%Y-%m-%d} is before 1990: epoch seconds where milliseconds were expected?",
        )
    if rec.started_at > latest:
        return RowError(rec.line, "started_at", f"{rec.started_at:%Y-%m-%d} is more than two years ahead")
    d = rec.duration_minutes
    if d is not None and not 0 <= d <= MAX_MINUTES:
        return RowError(
            rec.line, "duration_minutes", f"{d} minutes is not between 0 and {MAX_MINUTES} (one day)"
        )
    if rec.direction is not None and rec.direction not in DIRECTIONS:
        return RowError(rec.line, "direction", f"{rec.direction!r} is not inbound or outbound")
    if rec.category is not None and rec.category not in CATEGORIES:
        return RowError(rec.line, "category", f"{rec.category!r} is not a category of the taxonomy")
    if rec.account_status is not None and rec.account_status not in ACCOUNT_STATUSES:
        return RowError(
            rec.line, "account_status", f"{rec.account_status!r} is not one of {', '.join(ACCOUNT_STATUSES)}"
        )
    return None


class _Run:
    """The state of one import: caches, the open batch and the counts."""

    def __init__(self, session: Session, report: ImportReport, source: str, **options: Any) -> None:
        self.session, self.report, self.source = session, report, source
        self.partial: bool = options["partial"]
        self.progress: Progress | None = options["progress"]
        self.estimate: Estimate | None = options["estimate"]
        self.deferred: list[str] | None = None  # index statements to run before commit, once decided
        self.ids = Identities(
            session,
            source=source,
            user_map=options["user_map"],
            create_reps=options["create_reps"],
            team=options["team"],
        )
        self.table = rule_table(session)
        self.durations = duration_defaults(session)
        self.zone = org_zone(session)
        self.now = datetime.now(UTC)
        self.latest = self.now + timedelta(days=731)
        self.batch: dict[str, list[Any]] = {}
        self.deltas: Deltas = {}
        self.context: Context = ({}, {})
        if session.get_bind().dialect.name == "sqlite":
            # a 32 MB page cache keeps the hot index pages in memory during a bulk import
            session.connection().exec_driver_sql("PRAGMA cache_size=-32768")
        self.allowed = _writable_reps(session, options["actor"])

    @property
    def writing(self) -> bool:
        return self.partial or not self.report.rejected

    def reject(self, error: RowError) -> None:
        self.report.rejected.append(error)
        if not self.partial:
            self.batch.clear()

    def take(self, item: ActivityRecord | RowError | Skipped) -> None:
        report = self.report
        if type(item) is not ActivityRecord:
            if not isinstance(item, HeaderError):
                report.rows_read += 1
            if isinstance(item, RowError):
                self.reject(item)
            elif isinstance(item, Skipped):
                report.skipped += 1
            return
        report.rows_read += 1
        error = _check(item, self.latest)
        rep_id, rep_error = self.ids.rep(item) if error is None else (None, None)
        error = error or rep_error
        if error is not None or rep_id is None:
            self.reject(error or RowError(item.line, "rep_email", "no rep"))
            return
        if self.allowed is not None and rep_id not in self.allowed:
            who = item.rep_email or item.rep_source_id or str(rep_id)
            self.reject(RowError(item.line, "rep_email", f"you may not import activities for {who}"))
            return
        if not self.writing:
            return  # atomic import already failed: keep validating, create and write nothing
        account_id, status = self.ids.account(item)
        contact_id, persona = self.ids.contact(item, account_id)
        category: str | None
        rule: str | None
        if item.category is not None:
            category, rule = item.category, SOURCE_RULE
        else:
            category, rule = self.table.classify_values(
                item.kind, item.subject, item.direction, persona, status
            )
        minutes, estimated = item.duration_minutes, False
        if minutes is None:
            minutes, estimated = self.durations[item.kind], True
        external_id = (item.external_id or stable_id(item, str(rep_id)))[:80]
        if external_id in self.batch:
            report.duplicates += 1  # the same row twice in one file
            return
        # in store.activities.BATCH_COLUMNS order
        self.batch[external_id] = [
            rep_id,
            item.started_at,
            minutes,
            estimated,
            item.kind,
            category,
            rule,
            item.subject[:500],
            item.direction,
            item.outcome[:80] if item.outcome else None,
            account_id,
            contact_id,
            self.source,
            external_id,
            self.now,
        ]
        if len(self.batch) >= BATCH_ROWS:
            self.flush()

    def flush(self, *, final: bool = False) -> None:
        rows, self.batch = self.batch, {}
        if self.progress is not None:
            self.progress(self.report.rows_read)
        if rows:
            self._write(rows)
        if final or len(self.deltas) >= ROLLUP_KEYS:
            apply_deltas(self.session, self.deltas)
            self.deltas = {}
        if final and self.deferred:
            rebuild_indexes(self.session, self.deferred)
            self.deferred = []

    def _write(self, rows: dict[str, list[Any]]) -> None:
        if self.deferred is None:
            self.deferred = self._defer_indexes()
        self.ids.write_new()
        if self.ids.created_accounts or self.ids.created_contacts:  # rows may hold Pending references
            for row in rows.values():
                if type(row[_ACCOUNT]) is Pending:
                    row[_ACCOUNT] = resolve(row[_ACCOUNT])
                if type(row[_CONTACT]) is Pending:
                    row[_CONTACT] = resolve(row[_CONTACT])
        existing = existing_external_ids(self.session, self.source, list(rows))
        fresh = [row for key, row in rows.items() if key not in existing] if existing else list(rows.values())
        report = self.report
        report.duplicates += len(existing)
        insert_activity_batch(self.session, fresh, zone=self.zone, pending=self.deltas, context=self.context)
        report.imported += len(fresh)
        by_category = report.by_category
        for row in fresh:
            category = row[_CATEGORY]
            if category is None:
                category = UNCLASSIFIED
                report.unclassified += 1
            by_category[category] = by_category.get(category, 0) + row[_MINUTES]
            if row[_ESTIMATED]:
                report.estimated_durations += 1

    def _defer_indexes(self) -> list[str]:
        """A bulk load (many rows, at least as many as the table holds) builds the account and contact
        indexes once at the end rather than row by row: about 4 us a row less on SQLite."""
        if self.estimate is None:
            return []
        expected = self.estimate(self.report.rows_read)
        held = self.session.scalar(select(func.max(Activity.id))) or 0
        if expected < max(BULK_ROWS, held):
            return []
        return defer_link_indexes(self.session)


def import_activities(
    db: Database,
    *,
    records: Iterable[ActivityRecord | RowError | Skipped],
    source: str,
    file_name: str,
    format_name: str | None = None,
    partial: bool = False,
    dry_run: bool = False,
    create_reps: bool = False,
    team: str | None = None,
    user_map: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    actor: Actor | None = None,
    estimate: Estimate | None = None,
) -> ImportReport:
    """Import parsed records in one transaction: all or nothing unless `partial`; nothing when `dry_run`.

    An actor (web or API) may write only the activities of reps they may edit, and only a leader may
    create reps; actor None is the command line (the server's owner). A written import is audited.

    Re-importing adds nothing (source + external_id is unique; rows without an id get a stable hash id).
    Raises ImportFileInvalid (from the parser) when the file as a whole cannot be read; nothing is written.
    `file_name` is used in messages and the audit log entry (with the counts).
    """
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    if actor is not None:
        require(can_import(actor), "imports are for leaders, managers and reps")
        require(is_leader(actor) or not create_reps, "only a leader may create reps during an import")
    report = ImportReport(format=format_name or source, dry_run=dry_run, partial=partial)
    with _collector_paused(), db.session() as session:
        # Imports take turns (PostgreSQL; SQLite serializes writers anyway): two imports naming the
        # same new account at once would otherwise each create it.
        writer_lock(session, IMPORT_LOCK)
        run = _Run(
            session,
            report,
            source,
            partial=partial,
            progress=progress,
            user_map=dict(user_map or {}),
            create_reps=create_reps,
            team=team,
            actor=actor,
            estimate=estimate,
        )
        for item in records:
            run.take(item)
        if run.writing:
            run.flush(final=True)
        elif progress is not None:
            progress(report.rows_read)
        report.created_accounts, report.created_contacts = run.ids.created_accounts, run.ids.created_contacts
        report.created_reps = run.ids.created_reps
        if not run.writing:
            report.imported = report.duplicates = report.estimated_durations = report.unclassified = 0
            report.created_accounts = report.created_contacts = report.created_reps = 0
            report.by_category = {}
            session.rollback()
        elif dry_run:
            session.rollback()
        else:
            audit.record(
                session,
                actor_id=actor.user_id if actor else None,
                action="import.run",
                target=f"file:{file_name}",
                details={
                    "file_name": file_name,
                    "format": report.format,
                    "rows_read": report.rows_read,
                    "imported": report.imported,
                    "duplicates": report.duplicates,
                    "rejected": len(report.rejected),
                    "partial": partial,
                },
            )
            session.commit()
            report.committed = True
    return report


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while an import runs: it makes no reference cycles, and every
    collection would walk the batch, the rollup changes and the identity caches (10-15% of the time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _writable_reps(session: Session, actor: Actor | None) -> frozenset[int] | None:
    """Return the rep ids `actor` may import for; None when unrestricted (command line, leaders)."""
    if actor is None or is_leader(actor):
        return None
    rows = session.execute(select(User.id, User.team_id).where(User.role == "rep"))
    return frozenset(rid for rid, team_id in rows if can_edit_rep_data(actor, rid, team_id))


def import_file(
    db: Database,
    *,
    stream: IO[bytes],
    file_name: str,
    format_name: str = "auto",
    mapping: ColumnMapping | None = None,
    user_map: dict[str, str] | None = None,
    partial: bool = False,
    dry_run: bool = False,
    create_reps: bool = False,
    team: str | None = None,
    progress: Progress | None = None,
    on_format: Callable[[str], None] | None = None,
    actor: Actor | None = None,
) -> ImportReport:
    """Recognise (format 'auto') or take the file's format, parse it as a stream and import it.

    A mapping with [columns] makes any CSV importable; its [users] table maps source user ids to emails.
    Raises ImportFileInvalid when the file as a whole cannot be read; nothing is written then.
    """
    if format_name == "auto":
        format_name = "mapped" if mapping is not None and mapping.columns else detect(stream)
    elif format_name == "csv" and mapping is not None and mapping.columns:
        format_name = "mapped"
    if format_name not in FORMATS:
        raise ImportFileInvalid(f"unknown format {format_name!r}; choose one of {', '.join(CHOICES)}")
    if on_format is not None:
        on_format(format_name)
    fmt = FORMATS[format_name]
    users = {**(mapping.users if mapping else {}), **(user_map or {})}
    return import_activities(
        db,
        records=fmt.parse(stream, mapping),
        source=fmt.source,
        file_name=file_name,
        format_name=format_name,
        partial=partial,
        dry_run=dry_run,
        create_reps=create_reps,
        team=team,
        user_map=users,
        progress=progress,
        actor=actor,
        estimate=_estimate_rows(stream),
    )


def _estimate_rows(stream: IO[bytes]) -> Estimate | None:
    """Return a guess of the file's rows from the share of its bytes read so far (None if not seekable)."""
    try:
        start = stream.tell()
        size = stream.seek(0, io.SEEK_END) - start
        stream.seek(start)
    except (OSError, ValueError):
        return None

    def estimate(rows_read: int) -> int:
        done = stream.tell() - start if not stream.closed else size
        return rows_read * size // max(done, 1)

    return estimate
