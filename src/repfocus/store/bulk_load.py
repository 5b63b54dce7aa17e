"""The bulk path for activities: rows prepared as driver tuples, inserted in batches; the indexes a big load
defers.

Imports write here (services/import_writer.py); everything else uses store/activities.py. The caller keeps
the rollups equal to the raw activities inside its transaction: the preparer sums the rollup change of
every row it hands over, and rollup_keys() gives the keys of the rows that turned out to be there already.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.orm import Session

from repfocus.domain.local_days import EPOCH, MICROSECOND
from repfocus.domain.taxonomy import UNCLASSIFIED
from repfocus.store.activities import RollupKey, link_context
from repfocus.store.models import Base

BATCH_COLUMNS = (
    "rep_id",
    "started_at",
    "duration_minutes",
    "duration_estimated",
    "kind",
    "category",
    "classified_by",
    "subject",
    "direction",
    "outcome",
    "account_id",
    "contact_id",
    "external_id",
)
# The same for every row of an import: written into the statement (insert_prepared), not into each row.
IMPORT_COLUMNS = ("source", "created_at")
# A prepared row says "none" with these values, stored as NULL: binding None costs the sqlite3 module an
# adapter lookup per value (about 0.7 us a row), NULLIF in the statement nothing measurable.
NONE_AS = {
    "category": "",
    "classified_by": "",
    "direction": "",
    "outcome": "",
    "account_id": 0,
    "contact_id": 0,
}
# Indexes a big load drops and builds again before commit: one sort beats a million random b-tree inserts.
LINK_INDEXES = ("ix_activities_account_id", "ix_activities_contact_id")
_DROP = {
    "ix_activities_account_id": "DROP INDEX ix_activities_account_id",
    "ix_activities_contact_id": "DROP INDEX ix_activities_contact_id",
}
# Formatting a time's text in SQLite, in the writing process, costs the preparing side (which sets an
# import's pace for most of the run) 0.3 us a row less than Python formatting it.
_TIMES = ("started_at",)
_SQLITE_TIME = "datetime({0} / 1000000, 'unixepoch') || printf('.%06d', {0} % 1000000)"
_INSERT = (
    f"INSERT INTO activities ({', '.join(BATCH_COLUMNS + IMPORT_COLUMNS)}) VALUES ({{}}) "
    "ON CONFLICT (source, external_id) DO NOTHING"
)

_FOUND = (  # (SQLite, PostgreSQL): which of a batch's external ids were there before it
    "SELECT external_id FROM activities WHERE source = ? AND id <= ? "
    "AND external_id IN (SELECT value FROM json_each(?))",
    "SELECT external_id FROM activities WHERE source = %s AND id <= %s AND external_id = ANY(%s)",
)


def flag_values(session: Session) -> tuple[Any, Any]:
    """Return (false, true) as the driver stores them: 0 and 1 on SQLite, where binding a bool costs the
    sqlite3 module an adapter lookup per value; bools elsewhere."""
    return (0, 1) if session.get_bind().dialect.name == "sqlite" else (False, True)


def stores_micros(session: Session) -> bool:
    """True when a prepared row holds its times as whole microseconds since the epoch (SQLite:
    insert_prepared's statement writes them as the text SQLAlchemy's DateTime stores, "YYYY-MM-DD
    HH:MM:SS.ffffff", so raw and ORM rows compare alike); False when it holds naive UTC datetimes."""
    return session.get_bind().dialect.name == "sqlite"


def stored_time_value(value: Any) -> datetime:
    """Return the aware UTC datetime of a prepared row's time (microseconds or a naive UTC datetime)."""
    if isinstance(value, int):
        return EPOCH + value * MICROSECOND
    return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]


def _values(sqlite: bool, source: str, created: Any) -> str:
    """The VALUES list of the insert: NULLIF turns each column's "none" value into NULL; on SQLite times
    come as microseconds since the epoch (stores_micros) and SQLite writes their text; the IMPORT_COLUMNS
    as constants."""
    quoted_source = "'" + source.replace("'", "''") + "'"
    if not sqlite:
        values = [f"NULLIF(%s, {NONE_AS[c]!r})" if c in NONE_AS else "%s" for c in BATCH_COLUMNS]
        return ", ".join([*values, quoted_source, f"TIMESTAMP '{created.isoformat(sep=' ')}'"])
    values = []
    for i, column in enumerate(BATCH_COLUMNS, start=1):
        if column in NONE_AS:
            values.append(f"NULLIF(?{i}, {NONE_AS[column]!r})")
        elif column in _TIMES:
            values.append(_SQLITE_TIME.format(f"?{i}"))
        else:
            values.append(f"?{i}")
    # the creation time's text once, here, rather than SQLite formatting it again for every row (0.35 us)
    created_text = stored_time_value(created).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    return ", ".join([*values, quoted_source, f"'{created_text}'"])


def insert_new_rows(session: Session, new: dict[str, list[dict[str, Any]]]) -> None:
    """Insert rows that already carry their ids (store/numbering.py), table by table in the given order."""
    for table, rows in new.items():
        if rows:
            session.execute(insert(Base.metadata.tables[table]), rows)


def insert_prepared(
    session: Session, rows: Sequence[Sequence[Any]], *, source: str, created: Any
) -> list[Sequence[Any]]:
    """Insert activities given as driver tuples in BATCH_COLUMNS order (times as stores_micros says,
    "none" as NONE_AS says), all from `source` and created at `created` (a time as stores_micros says),
    in one DBAPI executemany; return the rows not inserted because their source and external id were there.

    The rollups are the caller's: add the change of the rows inserted (not of those returned)."""
    if not rows:
        return []
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    top = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM activities").scalar_one()
    sql = _INSERT.format(_values(sqlite, source, created))
    inserted = conn.exec_driver_sql(sql, list(rows)).rowcount  # type: ignore[arg-type]
    if inserted == len(rows):
        return []
    # Some were there: the rows this batch inserted have ids above `top`, the others do not.
    ids = [row[12] for row in rows]
    found: set[str] = set()
    for i in range(0, len(ids), 10_000):
        chunk = ids[i : i + 10_000]
        if sqlite:
            result = conn.exec_driver_sql(_FOUND[0], (source, top, json.dumps(chunk)))
        else:
            result = conn.exec_driver_sql(_FOUND[1], (source, top, chunk))
        found.update(r[0] for r in result)
    there = [row for row in rows if row[12] in found]
    if inserted + len(there) != len(rows):
        lost = len(rows) - inserted - len(there)
        raise RuntimeError(f"{lost} activity rows were neither inserted nor found")
    return there


def rollup_keys(session: Session, rows: Sequence[Sequence[Any]], zone: ZoneInfo) -> list[RollupKey]:
    """Return the rollup key of each row (driver tuples in BATCH_COLUMNS order)."""
    personas, accounts = link_context(session, {r[11] for r in rows}, {r[10] for r in rows})
    keys: list[RollupKey] = []
    for row in rows:
        at = stored_time_value(row[1])
        tier, status = accounts.get(row[10], ("", "")) if row[10] else ("", "")
        persona = personas.get(row[11], "") if row[11] else ""
        keys.append((row[0], at.astimezone(zone).date(), row[5] or UNCLASSIFIED, persona or "", tier, status))
    return keys


def defer_link_indexes(session: Session) -> list[str]:
    """Drop the account and contact indexes of `activities` for a big load and return the statements that
    build them again (run them with rebuild_indexes before commit; a rollback brings them back anyway).

    SQLite only (an empty list elsewhere): PostgreSQL would lock the table against readers until commit.
    """
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return []
    found = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activities' "
        "AND name IN (SELECT value FROM json_each(?))",
        (json.dumps(LINK_INDEXES),),
    ).all()
    for name, _ in found:
        conn.exec_driver_sql(_DROP[name])
    return [sql for _, sql in found]


def rebuild_indexes(session: Session, statements: Sequence[str]) -> None:
    """Build again the indexes defer_link_indexes dropped."""
    conn = session.connection()
    for sql in statements:
        conn.exec_driver_sql(sql)
