"""The one write path for activities: every insert, update and delete keeps the daily rollups in step.

Services (import, API, edits, re-classification, tier changes) call these functions inside their
own transaction, so an activity and its rollup contribution commit or roll back together.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, cast, delete, extract, func, insert, select
from sqlalchemy.orm import Session

from repfocus.domain.local_days import QUARTER, LocalDays
from repfocus.domain.taxonomy import UNCLASSIFIED
from repfocus.store.db import ROLLUP_LOCK, writer_lock
from repfocus.store.models import Account, Activity, ActivityRollup, Contact, Organization
from repfocus.store.upsert import add_to
from repfocus.store.weekly import add_weekly_rows, apply_weekly_deltas, rebuild_weekly

RollupKey = tuple[int, date, str, str, str, str]  # rep_id, day, category, persona, tier, account_status
Deltas = dict[RollupKey, list[int]]  # key -> [minutes, count]

_ACTIVITY_COLUMNS = {c.name for c in Activity.__table__.columns} - {"id"}


def org_zone(session: Session) -> ZoneInfo:
    """Return the organization's time zone (UTC when no organization exists yet)."""
    name = session.scalar(select(Organization.time_zone).limit(1))
    return ZoneInfo(name or "UTC")


def link_context(
    session: Session, contact_ids: Iterable[int | None], account_ids: Iterable[int | None]
) -> tuple[dict[int, str], dict[int, tuple[str, str]]]:
    """Return the personas of the contacts and the (tier, status) of the accounts with these ids."""
    cids, aids = set(contact_ids), set(account_ids)
    cids.discard(None)
    aids.discard(None)
    personas = dict(_by_ids(session, _PERSONAS, sorted(cids)))
    accounts = {r[0]: (r[1], r[2]) for r in _by_ids(session, _ACCOUNTS, sorted(aids))}
    return personas, accounts


# (SQLite, PostgreSQL): the ids go in one bind, a JSON array or an array
_PERSONAS = (
    "SELECT id, persona FROM contacts WHERE id IN (SELECT value FROM json_each(?))",
    "SELECT id, persona FROM contacts WHERE id = ANY(%s)",
)
_ACCOUNTS = (
    "SELECT id, tier, status FROM accounts WHERE id IN (SELECT value FROM json_each(?))",
    "SELECT id, tier, status FROM accounts WHERE id = ANY(%s)",
)


def _by_ids(session: Session, sql: tuple[str, str], ids: Sequence[int]) -> list[Any]:
    """Run the query for the rows whose id is in `ids`, one bind per 50,000 ids, fetching plain tuples
    from the driver's cursor (SQLAlchemy's Row objects cost 3 us each, more than the lookup)."""
    if not ids:
        return []
    conn = session.connection()
    sqlite_db = conn.dialect.name == "sqlite"
    stmt = sql[0] if sqlite_db else sql[1]
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    out: list[Any] = []
    try:
        for i in range(0, len(ids), 50_000):
            chunk = list(ids[i : i + 50_000])
            cursor.execute(stmt, (json.dumps(chunk) if sqlite_db else chunk,))
            out.extend(cursor.fetchall())
    finally:
        cursor.close()
    return out


def deltas_for(
    rows: Iterable[Mapping[str, Any]],
    *,
    zone: ZoneInfo,
    personas: Mapping[int, str],
    accounts: Mapping[int, tuple[str, str]],
    sign: int = 1,
) -> Deltas:
    """Return the rollup change that adding (sign=1) or removing (sign=-1) `rows` makes (each row has
    rep_id, started_at, duration_minutes, category, account_id and contact_id)."""
    out: Deltas = {}
    no_account = ("", "")
    for row in rows:
        account, contact, minutes = row["account_id"], row["contact_id"], row["duration_minutes"]
        tier, status = accounts.get(account, no_account) if account else no_account
        key = (row["rep_id"], row["started_at"].astimezone(zone).date(), row["category"] or UNCLASSIFIED,
               personas.get(contact, "") if contact else "", tier, status)  # fmt: skip
        if type(minutes) is not int:
            minutes = int(minutes)
        acc = out.get(key)
        if acc is None:
            out[key] = [sign * minutes, sign]
        else:
            acc[0] += sign * minutes
            acc[1] += sign
    return out


def rollup_day(session: Session) -> Callable[[date], Any]:
    """Return how the driver stores a rollup day: ISO text on SQLite (as the Date type writes it, and it
    sorts the same), the date itself elsewhere."""
    return date.isoformat if session.get_bind().dialect.name == "sqlite" else _same_day


def _same_day(day: date) -> date:
    return day


def daily_rows(
    deltas: Mapping[RollupKey, Sequence[int]], stored_day: Callable[[date], Any]
) -> list[tuple[Any, ...]]:
    """Return `deltas` as driver rows for add_rollup_rows: the key (the day as `stored_day` gives it),
    minutes, count; in key order (b-tree pages in turn, and concurrent writers lock keys in the same
    order); changes of nothing left out."""
    rows = [
        (k[0], stored_day(k[1]), k[2], k[3], k[4], k[5], v[0], v[1])
        for k, v in deltas.items()
        if v[0] or v[1]
    ]
    rows.sort()
    return rows


def add_rollup_rows(
    session: Session, daily: Sequence[Sequence[Any]], weekly: Sequence[Sequence[Any]] = ()
) -> None:
    """Add changes given as driver rows (daily_rows, weekly.weekly_rows) to the daily and weekly rollups,
    one driver-level upsert each."""
    if not (daily or weekly):
        return
    # One rollup writer at a time until commit (PostgreSQL): two imports writing their files in chunks
    # would otherwise lock the same rollup rows in opposite orders and one would die in a deadlock.
    writer_lock(session, ROLLUP_LOCK)
    keys = ("rep_id", "day", "category", "persona", "tier", "account_status")
    add_to(session, "activity_rollups", keys, ("minutes", "count"), daily)
    add_weekly_rows(session, weekly)


def apply_deltas(session: Session, deltas: Mapping[RollupKey, Sequence[int]]) -> None:
    """Add `deltas` to the daily and weekly rollups (one driver-level upsert each), then drop rows that fell
    to zero."""
    daily = daily_rows(deltas, rollup_day(session))
    if not daily:
        return
    add_rollup_rows(session, daily)
    if any(v[1] < 0 for v in deltas.values()):
        session.connection().exec_driver_sql("DELETE FROM activity_rollups WHERE count <= 0")
    apply_weekly_deltas(session, deltas)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector during a batch write: the write path makes no reference cycles, and
    each collection would walk every row, rollup key and cache held (10-15% of an import's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def insert_activities(
    session: Session, rows: Sequence[Mapping[str, Any]], *, zone: ZoneInfo | None = None
) -> int:
    """Insert activity rows (dicts of Activity columns) and their rollup contribution; return the count."""
    if not rows:
        return 0
    zone = zone or org_zone(session)
    with collector_paused():
        personas, accounts = link_context(
            session, {r.get("contact_id") for r in rows}, {r.get("account_id") for r in rows}
        )
        now = datetime.now(UTC)
        clean = [_complete(r, now) for r in rows]
        session.execute(insert(Activity.__table__), clean)  # Core executemany: ORM bulk is 5x slower
        apply_deltas(session, deltas_for(clean, zone=zone, personas=personas, accounts=accounts))
    return len(clean)


def _complete(row: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    if len(row) == len(_ACTIVITY_COLUMNS) and type(row) is dict and _ACTIVITY_COLUMNS.issuperset(row):
        return row  # already complete: no copy
    unknown = row.keys() - _ACTIVITY_COLUMNS
    if unknown:
        raise ValueError(f"not activity columns: {sorted(unknown)}")
    out = {
        "duration_estimated": False,
        "category": None,
        "classified_by": None,
        "subject": "",
        "direction": None,
        "outcome": None,
        "notes": None,
        "account_id": None,
        "contact_id": None,
        "source": "manual",
        "external_id": None,
        "created_at": now,
    }
    out.update(row)
    return out


def _snapshot(session: Session, where: Any) -> list[dict[str, Any]]:
    cols = [
        Activity.rep_id,
        Activity.started_at,
        Activity.duration_minutes,
        Activity.category,
        Activity.contact_id,
        Activity.account_id,
    ]
    return [dict(r._mapping) for r in session.execute(select(*cols).where(where))]


def _rollup_change(session: Session, where: Any, sign: int, zone: ZoneInfo) -> Deltas:
    rows = _snapshot(session, where)
    personas, accounts = link_context(
        session, (r["contact_id"] for r in rows), (r["account_id"] for r in rows)
    )
    return deltas_for(rows, zone=zone, personas=personas, accounts=accounts, sign=sign)


def _merge(a: Deltas, b: Deltas) -> Deltas:
    for k, v in b.items():
        acc = a.setdefault(k, [0, 0])
        acc[0] += v[0]
        acc[1] += v[1]
    return a


def delete_activities(session: Session, where: Any) -> int:
    """Delete the activities matching the SQL condition `where` and their rollup contribution."""
    zone = org_zone(session)
    deltas = _rollup_change(session, where, -1, zone)
    result = session.execute(delete(Activity).where(where))
    apply_deltas(session, deltas)
    return int(getattr(result, "rowcount", 0) or 0)


def recompute_rollups_for(session: Session, where: Any, change: Any) -> None:
    """Run `change()` (an update of activities, contacts or accounts) and move the rollups of the
    activities matching `where` from their old key to their new one."""
    zone = org_zone(session)
    before = _rollup_change(session, where, -1, zone)
    change()
    session.flush()
    after = _rollup_change(session, where, 1, zone)
    apply_deltas(session, _merge(before, after))


# Rollup keys a rebuild holds before it adds them to the emptied table (about 250 bytes each).
REBUILD_KEYS = 200_000


def rebuild_rollups(session: Session, *, batch: int = 50_000, held_keys: int | None = None) -> int:
    """Recompute every rollup from the raw activities; return the number of activities read.

    One pass over the activities as plain rows, the start time as whole seconds from SQL (the local day
    needs no more) and its day from a memory per quarter hour (LocalDays). At most REBUILD_KEYS keys are
    held: beyond, they are added to the emptied daily table and forgotten, so memory stays flat whatever
    the table's size. The weekly table is refolded from the daily one at the end."""
    limit = held_keys or REBUILD_KEYS
    days = LocalDays(org_zone(session))
    stored_day = rollup_day(session)
    session.execute(delete(ActivityRollup))
    personas = {c: p for c, p in session.execute(select(Contact.id, Contact.persona))}
    accounts = {a: (t, s) for a, t, s in session.execute(select(Account.id, Account.tier, Account.status))}
    no_account = ("", "")
    rows = select(
        Activity.rep_id,
        _epoch_seconds(session, Activity.started_at),
        Activity.duration_minutes,
        Activity.category,
        Activity.contact_id,
        Activity.account_id,
    )
    held: Deltas = {}
    read = 0
    result = session.connection().execute(rows.execution_options(yield_per=batch))
    for part in result.partitions():
        read += len(part)
        for rep_id, seconds, minutes, category, contact_id, account_id in part:
            us = int(seconds) * 1_000_000
            day = days.by_quarter.get(us // QUARTER) or days.day(us)
            tier, status = accounts.get(account_id, no_account) if account_id else no_account
            persona = personas.get(contact_id, "") if contact_id else ""
            key = (rep_id, day, category or UNCLASSIFIED, persona, tier, status)
            acc = held.get(key)
            if acc is None:
                held[key] = [minutes, 1]
            else:
                acc[0] += minutes
                acc[1] += 1
        if len(held) >= limit:
            add_rollup_rows(session, daily_rows(held, stored_day))
            held = {}
    add_rollup_rows(session, daily_rows(held, stored_day))
    rebuild_weekly(session)  # refold from scratch: drops weekly rows whose activities are gone
    return read


def _epoch_seconds(session: Session, column: Any) -> Any:
    """Return a SQL expression for a stored UTC time as whole seconds since the epoch (rounded down)."""
    if session.get_bind().dialect.name == "sqlite":
        # the text's whole seconds only: SQLite reads fractions to the millisecond, rounding 59.9996 up
        return cast(func.strftime("%s", func.substr(column, 1, 19)), BigInteger)
    return cast(func.floor(extract("epoch", column)), BigInteger)


def rollup_totals(session: Session) -> tuple[int, int]:
    """Return (minutes, count) summed over the whole rollup table: a cheap consistency probe."""
    row = session.execute(
        select(
            func.coalesce(func.sum(ActivityRollup.minutes), 0),
            func.coalesce(func.sum(ActivityRollup.count), 0),
        )
    ).one()
    return int(row[0]), int(row[1])
