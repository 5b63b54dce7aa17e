"""Preparing an import: each parsed record checked, resolved, classified and turned into the row it will be.

ImportRun reads the parser's items and yields what to write, in order: Batch (new reps, teams, accounts
and contacts, then activity rows ready for the driver), Rollups (the rollup change of the rows handed over
so far) and, last, Finished (the report of what was read). After its constructor has read what it needs
it writes nothing and, on SQLite, reads nothing (on PostgreSQL it reserves ids for new rows from their
sequences), so services/import_worker.py can run it in a second process while services/import_writer.py
writes, in the import's transaction, what it yields.
"""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, can_edit_rep_data, is_leader
from repfocus.domain.classification import SOURCE_RULE
from repfocus.domain.local_days import EPOCH, MICROSECOND, QUARTER, LocalDays, micros
from repfocus.domain.taxonomy import ACCOUNT_STATUSES, CATEGORIES, DIRECTIONS, KINDS, UNCLASSIFIED
from repfocus.importers.records import ActivityRecord, HeaderError, RowError, Skipped
from repfocus.services.classification import rule_table
from repfocus.services.durations import MAX_MINUTES, duration_defaults
from repfocus.services.identities import Identities, NewRows
from repfocus.services.import_report import ImportReport
from repfocus.store.activities import Deltas, daily_rows, org_zone, rollup_day
from repfocus.store.bulk_load import flag_values, stores_micros
from repfocus.store.bullseye import current_bullseye
from repfocus.store.models import User
from repfocus.store.weekly import WeekKey, fold, weekly_rows

BATCH_ROWS = 10_000
# The first batch is smaller: a big import prepares it before its worker starts (services/imports.py), so it
# is the import's serial start.
FIRST_BATCH_ROWS = 2_000
# Rollup changes held before they are handed over (about 35 MB). Each one handed over is an upsert for the
# writer, so the more are held the fewer times a key that comes back (the same rep, day and category later
# in the file) is written: a million generated rows make 195,000 keys, upserted 660,000 times with 100,000
# held, once each with 200,000.
ROLLUP_KEYS = 200_000
ROLLUP_CHUNK = 20_000  # rollup changes handed over at a time
_COUNT_SPAN = 1 << 32  # a held change is minutes * _COUNT_SPAN + count: one int, not a two-item list
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_EARLIEST_US = micros(EARLIEST)

Item = ActivityRecord | RowError | Skipped
# A held rollup change's key within its local day: rep id, context (ImportRun.contexts).
HeldKey = tuple[int, int]
Held = dict[HeldKey, int]  # one local day's held changes: key -> minutes * _COUNT_SPAN + count


@dataclass(slots=True)
class Batch:
    """New people and companies (insert first), then activity rows as driver tuples (BATCH_COLUMNS)."""

    new: NewRows
    rows: list[tuple[Any, ...]]
    rows_read: int  # by the end of this batch, for progress


@dataclass(slots=True)
class Rollups:
    """Part of the rollup change of the activity rows handed over since the last change was handed over, as
    driver rows (store.activities.daily_rows, store.weekly.weekly_rows): the writer only adds them."""

    daily: list[tuple[Any, ...]]
    weekly: list[tuple[Any, ...]]


@dataclass(slots=True)
class Finished:
    """The last message: what was read, rejected, created; and the sums over the rows handed over."""

    report: ImportReport


Message = Batch | Rollups | Finished


def stable_id(rec: ActivityRecord, rep: str) -> str:
    """Return an id for a row that has none, the same every time the same row is imported."""
    key = f"{rep}|{rec.started_at.isoformat()}|{rec.kind}|{rec.subject}|{rec.duration_minutes}"
    return "h-" + hashlib.sha256(key.encode()).hexdigest()[:40]


def _check(rec: ActivityRecord, us: int, latest: int) -> RowError | None:
    """Return why the record (starting at `us`, microseconds since the epoch) cannot be imported, if so."""
    if rec.kind not in KINDS:
        return RowError(rec.line, "kind", f"{rec.kind!r} is not one of {', '.join(KINDS)}")
    if us < _EARLIEST_US:
        return RowError(
            rec.line,
            "started_at",
            f"{rec.started_at:%Y-%m-%d} is before 1990: epoch seconds where milliseconds were expected?",
        )
    if us > latest:
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
    """The preparing side of one import: caches, the open batch, the rollup change and the report."""

    def __init__(self, session: Session, report: ImportReport, source: str, **options: Any) -> None:
        self.report, self.source = report, source
        self.partial: bool = options["partial"]
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
        self.times_as_micros = stores_micros(session)
        self.local_days = LocalDays(self.zone)
        self.stored_day = rollup_day(session)
        self.target_personas = current_bullseye(session).target_personas
        self.flags = flag_values(session)
        self.now = datetime.now(UTC)
        self.created = micros(self.now) if self.times_as_micros else self.now.replace(tzinfo=None)
        self.latest = micros(self.now + timedelta(days=731))
        self.batch: dict[str, tuple[Any, ...]] = {}
        # The rollup change held, per local day: a day's few hundred keys stay in the CPU's caches while
        # the rows of that day come (a file's rows crowd in time), where one dict of every key would not.
        self.held: dict[date, Held] = {}
        self.held_at: dict[int, Held] = {}  # UTC quarter hour (inside one local day) -> that day's Held
        # What a row's facts decide, cached: (category, rule id, rollup context id), the first two as a
        # prepared row holds them ('' for none); the facts are the rule table's, the account tier and a
        # category given by the source. Held rollup keys name their context (category, persona, tier,
        # status) by id: a shorter key to hash twice a row.
        self.decided: dict[tuple[Any, ...], tuple[str, str, int]] = {}
        self.context_ids: dict[tuple[str, str, str, str], int] = {}
        self.contexts: list[tuple[str, str, str, str]] = []
        self.allowed = _writable_reps(session, options["actor"])

    @property
    def writing(self) -> bool:
        return self.partial or not self.report.rejected

    def messages(self, records: Iterable[Item]) -> Generator[Message]:
        """Read `records` and yield the batches, rollup changes and, last, the report."""
        take, batch = self.take, self.batch
        limit = min(FIRST_BATCH_ROWS, BATCH_ROWS)
        for item in records:
            take(item)
            if len(batch) >= limit:
                yield from self._flush()
                limit = BATCH_ROWS
        yield from self._flush(final=True)
        self.report.created_accounts = self.ids.created_accounts
        self.report.created_contacts = self.ids.created_contacts
        self.report.created_reps = self.ids.created_reps
        yield Finished(self.report)

    def _flush(self, *, final: bool = False) -> Generator[Message]:
        if self.writing and (self.batch or final):
            yield Batch(self.ids.take_new(), list(self.batch.values()), self.report.rows_read)
        self.batch.clear()
        if self.held and (final or sum(map(len, self.held.values())) >= ROLLUP_KEYS):
            held, self.held = self.held, {}
            self.held_at.clear()
            # The rows are made here, while the writer still writes the last batches (in a worker), and
            # handed over in pieces: the writer holds one at a time, and this side frees as it goes.
            weekly: dict[WeekKey, list[int]] = {}
            while held:
                piece: list[tuple[date, Held]] = []
                size = 0
                while held and size < ROLLUP_CHUNK:
                    piece.append(held.popitem())
                    size += len(piece[-1][1])
                chunk = self._count(piece)
                fold(chunk, self.target_personas, into=weekly)
                yield Rollups(daily_rows(chunk, self.stored_day), [])
            yield Rollups([], weekly_rows(weekly, self.stored_day))

    def _count(self, days: list[tuple[date, Held]]) -> Deltas:
        """Return held changes as Deltas, adding their rows and minutes to the report (summed here rather than
        row by row)."""
        report, by_category = self.report, self.report.by_category
        deltas: Deltas = {}
        contexts = self.contexts
        for day, held in days:
            for (rep_id, context), total in held.items():
                minutes, count = divmod(total, _COUNT_SPAN)
                category, persona, tier, status = contexts[context]
                deltas[(rep_id, day, category, persona, tier, status)] = [minutes, count]
                by_category[category] = by_category.get(category, 0) + minutes
                report.imported += count
                if category == UNCLASSIFIED:
                    report.unclassified += count
        return deltas

    def _decide(self, facts: tuple[Any, ...]) -> tuple[str, str, int]:
        kind, subject, direction, persona, status, tier, given = facts
        category: str | None
        rule: str | None
        if given is not None:
            category, rule = given, SOURCE_RULE
        else:
            category, rule = self.table.classify_values(kind, subject, direction, persona, status)
        context = (category or UNCLASSIFIED, persona or "", tier, status or "")
        number = self.context_ids.get(context)
        if number is None:
            number = self.context_ids[context] = len(self.contexts)
            self.contexts.append(context)
        if len(self.decided) >= 200_000:  # subjects are free text: keep memory bounded
            self.decided.clear()
        self.decided[facts] = decided = (category or "", rule or "", number)
        return decided

    def _held_for(self, us: int) -> Held:
        """Return the held changes of the local day of the instant `us`, remembered for its quarter hour
        when that lies inside one local day (LocalDays)."""
        local_days = self.local_days
        day = local_days.day(us)
        held = self.held.get(day)
        if held is None:
            held = self.held[day] = {}
        if local_days.by_quarter.get(us // QUARTER) is day:
            if len(self.held_at) >= local_days.limit:
                self.held_at.clear()
            self.held_at[us // QUARTER] = held
        return held

    def reject(self, error: RowError) -> None:
        self.report.rejected.append(error)
        if not self.partial:
            self.batch.clear()
            self.held.clear()
            self.held_at.clear()

    def take(self, item: Item) -> None:
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
        ids = self.ids
        started = item.started_at
        if started.tzinfo is None:
            self.reject(RowError(item.line, "started_at", "time has no UTC offset"))
            return
        us = (started - EPOCH) // MICROSECOND
        error = _check(item, us, self.latest)
        rep_id, rep_error = ids.rep(item) if error is None else (None, None)
        error = error or rep_error
        if error is not None or rep_id is None:
            self.reject(error or RowError(item.line, "rep_email", "no rep"))
            return
        if self.allowed is not None and rep_id not in self.allowed:
            who = item.rep_email or item.rep_source_id or str(rep_id)
            self.reject(RowError(item.line, "rep_email", f"you may not import activities for {who}"))
            return
        if report.rejected and not self.partial:
            return  # atomic import already failed: keep validating, create and write nothing
        account_id, status, tier = ids.account(item)
        contact_id, persona = ids.contact(item, account_id)
        facts = (item.kind, item.subject, item.direction, persona, status, tier, item.category)
        decided = self.decided.get(facts)
        if decided is None:
            decided = self._decide(facts)
        category, rule, context = decided
        minutes = item.duration_minutes
        estimated = minutes is None
        if minutes is None:
            minutes = self.durations[item.kind]
        external_id = (item.external_id or stable_id(item, str(rep_id)))[:80]
        batch = self.batch
        if external_id in batch:
            report.duplicates += 1  # the same row twice in one file
            return
        if estimated:
            report.estimated_durations += 1
        held = self.held_at.get(us // QUARTER)
        if held is None:
            held = self._held_for(us)
        key = (rep_id, context)
        held[key] = held.get(key, 0) + minutes * _COUNT_SPAN + 1
        # in store.bulk_load.BATCH_COLUMNS order, "none" as its NONE_AS says
        batch[external_id] = (
            rep_id,
            us if self.times_as_micros else started.astimezone(UTC).replace(tzinfo=None),
            minutes,
            self.flags[estimated],
            item.kind,
            category,
            rule,
            item.subject[:500],
            item.direction or "",
            item.outcome[:80] if item.outcome else "",
            account_id or 0,
            contact_id or 0,
            external_id,
        )


def _writable_reps(session: Session, actor: Actor | None) -> frozenset[int] | None:
    """Return the rep ids `actor` may import for; None when unrestricted (command line, leaders)."""
    if actor is None or is_leader(actor):
        return None
    rows = session.execute(select(User.id, User.team_id).where(User.role == "rep"))
    return frozenset(rid for rid, team_id in rows if can_edit_rep_data(actor, rid, team_id))
