"""Exporting activities as the RepFocus CSV (DESIGN.md, Interfaces) or the same objects as a JSON array.

An export is planned first (filters checked, the actor's rights applied: a bad filter is refused before a
byte is sent) and then streamed: rows are read `yield_per` at a time in one read-only transaction, so
memory stays flat whatever the size of the table. What it writes, `import activities --format csv` reads
back: the same reps, times, durations, kinds, subjects, categories, accounts and contacts.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from repfocus.domain.access import Actor, can_view_rep, can_view_team, sales_visibility
from repfocus.domain.period import FIRST_DAY, LAST_DAY, Period
from repfocus.domain.taxonomy import UNCLASSIFIED
from repfocus.importers.repfocus_csv import COLUMNS
from repfocus.store.activities import org_zone
from repfocus.store.db import Database
from repfocus.store.models import Account, Activity, Contact, Team, User

FORMATS: Final = ("csv", "json")
YIELD_PER: Final = 2_000  # rows fetched from the database at a time
CHUNK_ROWS: Final = 500  # rows per piece of text handed to the writer
EXTERNAL_ID_MAX: Final = 80  # activities.external_id: the importer keeps no more

Row = dict[str, Any]


class ExportFilterInvalid(ValueError):
    """A filter of the export names nothing the actor may see, or is out of range; `field` says which."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class ActivityExport:
    """A checked export: the conditions that select its activities. Iterate `rows()` to stream them."""

    db: Database
    conditions: tuple[ColumnElement[bool], ...]
    period: Period | None

    def file_name(self, fmt: str) -> str:
        """Return the file name: repfocus-activities-<from>-<to>.<fmt> (-all without a period)."""
        span = f"{self.period.start}-{self.period.end}" if self.period else "all"
        return f"repfocus-activities-{span}.{fmt}"

    def statement(self) -> Select[*tuple[Any, ...]]:
        """Return the query: activities with their rep, account and contact, by rep and then time."""
        stmt: Select[*tuple[Any, ...]] = (
            select(
                Activity.id,
                Activity.source,
                Activity.external_id,
                User.email,
                Activity.started_at,
                Activity.duration_minutes,
                Activity.kind,
                Activity.subject,
                Activity.direction,
                Activity.outcome,
                Account.name,
                Account.domain,
                Account.status,
                Contact.email,
                Contact.name,
                Contact.title,
                Activity.category,
            )
            .join(User, User.id == Activity.rep_id)
            .outerjoin(Account, Account.id == Activity.account_id)
            .outerjoin(Contact, Contact.id == Activity.contact_id)
            .where(*self.conditions)
            # (rep_id, started_at) is an index: SQLite streams in this order without sorting
            .order_by(Activity.rep_id, Activity.started_at, Activity.id)
        )
        return stmt

    def rows(self) -> Iterator[Row]:
        """Yield one RepFocus CSV row (COLUMNS -> value, None when missing) per activity, streamed."""
        with self.db.read_session() as session:
            result = session.execute(self.statement().execution_options(yield_per=YIELD_PER))
            for partition in result.partitions():
                for values in partition:
                    yield _row(tuple(values))


def _row(values: tuple[Any, ...]) -> Row:
    """Return the row of one result: (id, source, external_id, then the columns after external_id)."""
    row_id, source, external_id = values[:3]
    row: Row = {"external_id": export_id(source, external_id, row_id)}
    row.update(zip(COLUMNS[1:], values[3:], strict=True))
    row["started_at"] = utc_text(row["started_at"])
    row["subject"] = row["subject"] or None
    if not (row["account_name"] or row["account_domain"]):
        row["account_status"] = None
    if row["category"] == UNCLASSIFIED:
        row["category"] = None  # not a category a file may give: the importing database's rules decide
    return row


def export_id(source: str, external_id: str | None, row_id: int) -> str:
    """Return `<source>:<external_id>`, so ids of different sources never collide; a row without an
    external id (entered by hand) gets `<source>:#<row id>`, unique in this database. One longer than the
    column the importer stores it in becomes `<source>:sha256:<48 hex digits>` (stable, and unique where
    cutting it would not be: calendar ids differ in their last characters, the day of a recurrence)."""
    exported = f"{source}:{external_id}" if external_id else f"{source}:#{row_id}"
    if len(exported) <= EXTERNAL_ID_MAX:
        return exported
    return f"{source}:sha256:{hashlib.sha256(exported.encode()).hexdigest()[:48]}"


def utc_text(moment: datetime) -> str:
    """Return the moment as ISO 8601 in UTC with a Z (seconds; microseconds only when there are some)."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def plan_export(
    db: Database,
    *,
    actor: Actor | None,
    period: Period | None = None,
    rep_email: str | None = None,
    team: str | None = None,
) -> ActivityExport:
    """Return the export of the activities `actor` may see (rep: own; manager: own team and own; leader and
    the command line, actor None: all), in `period` (local days of the organization), of one rep and/or team.

    A rep or team that does not exist, or that the actor may not see, is ExportFilterInvalid (the same
    message either way, so the export never tells who exists); delivery users are AccessDenied.
    """
    mode, ids = sales_visibility(actor, "the activity export")
    conditions: list[ColumnElement[bool]] = []
    if actor is not None and mode == "teams":
        conditions.append(or_(User.team_id.in_(sorted(ids)), Activity.rep_id == actor.user_id))
    elif actor is not None and mode != "all":
        conditions.append(Activity.rep_id == actor.user_id)
    with db.read_session() as session:
        if rep_email is not None:
            rep = session.execute(
                select(User.id, User.team_id).where(func.lower(User.email) == rep_email.strip().lower())
            ).first()
            if rep is None or not (actor is None or can_view_rep(actor, rep.id, rep.team_id)):
                raise ExportFilterInvalid("rep", f"no rep with email {rep_email!r} that you may see")
            conditions.append(Activity.rep_id == rep.id)
        if team is not None:
            team_id = session.scalar(select(Team.id).where(Team.name == team))
            own_team = actor is not None and actor.role == "rep" and team_id in actor.team_ids
            if team_id is None or not (actor is None or own_team or can_view_team(actor, team_id)):
                raise ExportFilterInvalid("team", f"no team named {team!r} that you may see")
            conditions.append(User.team_id == team_id)
        if period is not None:
            conditions.extend(_period_conditions(period, org_zone(session)))
    return ActivityExport(db=db, conditions=tuple(conditions), period=period)


def _period_conditions(period: Period, zone: ZoneInfo) -> list[ColumnElement[bool]]:
    for field, day in (("from", period.start), ("to", period.end)):
        if not FIRST_DAY <= day <= LAST_DAY:
            raise ExportFilterInvalid(field, f"{day} is outside the years {FIRST_DAY.year}–{LAST_DAY.year}")
    start = datetime.combine(period.start, time(), zone).astimezone(UTC)
    end = datetime.combine(period.end + timedelta(days=1), time(), zone).astimezone(UTC)
    return [Activity.started_at >= start, Activity.started_at < end]


def csv_chunks(rows: Iterable[Row]) -> Iterator[str]:
    """Yield the RepFocus CSV of `rows` (header first, empty cells for missing values) in pieces."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for count, row in enumerate(rows, 1):
        writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(rows: Iterable[Row]) -> Iterator[str]:
    """Yield a JSON array of `rows` (objects keyed by COLUMNS, null when missing) in pieces."""
    pieces: list[str] = []
    first = True
    for row in rows:
        pieces.append(("[\n" if first else ",\n") + json.dumps(row, ensure_ascii=False))
        first = False
        if len(pieces) >= CHUNK_ROWS:
            yield "".join(pieces)
            pieces.clear()
    pieces.append("[]\n" if first else "\n]\n")
    yield "".join(pieces)


def chunks(export: ActivityExport, fmt: str) -> Iterator[str]:
    """Yield the export as text in `fmt` (csv or json)."""
    if fmt not in FORMATS:
        raise ExportFilterInvalid("format", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    return (csv_chunks if fmt == "csv" else json_chunks)(export.rows())
