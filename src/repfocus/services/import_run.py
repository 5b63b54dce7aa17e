"""One import under way: each parsed record checked, resolved, classified and batched, and each batch written.

services/imports.py opens the transaction and feeds records to an ImportRun; this module holds the per-row
rules and the write of a batch (through store/bulk_load.py, which keeps the rollups in step).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, can_edit_rep_data, is_leader
from repfocus.domain.classification import SOURCE_RULE
from repfocus.domain.taxonomy import ACCOUNT_STATUSES, CATEGORIES, DIRECTIONS, KINDS, UNCLASSIFIED
from repfocus.importers.records import ActivityRecord, HeaderError, RowError, Skipped
from repfocus.services.classification import rule_table
from repfocus.services.durations import MAX_MINUTES, duration_defaults
from repfocus.services.identities import Identities, Pending, resolve
from repfocus.services.import_report import ImportReport
from repfocus.store.activities import Deltas, apply_deltas, org_zone
from repfocus.store.bulk_load import (
    BATCH_COLUMNS,
    Context,
    defer_link_indexes,
    existing_external_ids,
    insert_activity_batch,
    rebuild_indexes,
)
from repfocus.store.models import Activity, User

BATCH_ROWS = 10_000
BULK_ROWS = 100_000  # an import expected to add at least this many rows (and the table's size) is a bulk load
ROLLUP_KEYS = 120_000  # rollup changes held in memory before they are written (about 40 MB)
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)

Progress = Callable[[int], None]
Estimate = Callable[[int], int]  # rows read so far -> rows the whole file is expected to hold
_MINUTES, _ESTIMATED, _CATEGORY, _ACCOUNT, _CONTACT = (
    BATCH_COLUMNS.index(c)
    for c in ("duration_minutes", "duration_estimated", "category", "account_id", "contact_id")
)


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


class ImportRun:
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


def _writable_reps(session: Session, actor: Actor | None) -> frozenset[int] | None:
    """Return the rep ids `actor` may import for; None when unrestricted (command line, leaders)."""
    if actor is None or is_leader(actor):
        return None
    rows = session.execute(select(User.id, User.team_id).where(User.role == "rep"))
    return frozenset(rid for rid, team_id in rows if can_edit_rep_data(actor, rid, team_id))
