"""The one write path for activities: every insert, update and delete keeps the daily rollups in step.

Services (import, API, edits, re-classification, tier changes) call these functions inside their
own transaction, so an activity and its rollup contribution commit or roll back together.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from repfocus.domain.taxonomy import UNCLASSIFIED
from repfocus.store.models import Account, Activity, ActivityRollup, Contact, Organization
from repfocus.store.upsert import add_to
from repfocus.store.weekly import apply_weekly_deltas, rebuild_weekly

ROLLUP_LOCK = 0x52_46_52_4F_4C_4C  # "RFROLL": the PostgreSQL advisory lock held by rollup writers
RollupKey = tuple[int, date, str, str, str, str]  # rep_id, day, category, persona, tier, account_status
Deltas = dict[RollupKey, list[int]]  # key -> [minutes, count]

_ACTIVITY_COLUMNS = {c.name for c in Activity.__table__.columns} - {"id"}


def org_zone(session: Session) -> ZoneInfo:
    """Return the organization's time zone (UTC when no organization exists yet)."""
    name = session.scalar(select(Organization.time_zone).limit(1))
    return ZoneInfo(name or "UTC")


def local_day(started_at: datetime, zone: ZoneInfo) -> date:
    """Return the calendar day in `zone` on which an activity starting at `started_at` falls."""
    return started_at.astimezone(zone).date()


def _context(
    session: Session, contact_ids: Iterable[int | None], account_ids: Iterable[int | None]
) -> tuple[dict[int, str], dict[int, tuple[str, str]]]:
    cids = {c for c in contact_ids if c is not None}
    aids = {a for a in account_ids if a is not None}
    personas: dict[int, str] = {}
    accounts: dict[int, tuple[str, str]] = {}
    ids = sorted(cids)
    for i in range(0, len(ids), 5000):
        rows = session.execute(select(Contact.id, Contact.persona).where(Contact.id.in_(ids[i : i + 5000])))
        personas.update({cid: persona for cid, persona in rows})
    ids = sorted(aids)
    for i in range(0, len(ids), 5000):
        rows = session.execute(
            select(Account.id, Account.tier, Account.status).where(Account.id.in_(ids[i : i + 5000]))
        )
        accounts.update({aid: (tier, status) for aid, tier, status in rows})
    return personas, accounts


def deltas_for(
    rows: Iterable[Mapping[str, Any]],
    *,
    zone: ZoneInfo,
    personas: Mapping[int, str],
    accounts: Mapping[int, tuple[str, str]],
    sign: int = 1,
) -> Deltas:
    """Return the rollup change that adding (sign=1) or removing (sign=-1) `rows` makes."""
    out: Deltas = defaultdict(lambda: [0, 0])
    for row in rows:
        tier, status = accounts.get(row.get("account_id") or 0, ("", ""))
        key = (
            row["rep_id"],
            local_day(row["started_at"], zone),
            row.get("category") or UNCLASSIFIED,
            personas.get(row.get("contact_id") or 0, ""),
            tier,
            status,
        )
        acc = out[key]
        acc[0] += sign * int(row["duration_minutes"])
        acc[1] += sign
    return out


def apply_deltas(session: Session, deltas: Mapping[RollupKey, Sequence[int]]) -> None:
    """Add `deltas` to the daily and weekly rollups (upsert), then drop rows that fell to zero."""
    # in key order: two writers upserting overlapping keys lock them in the same order (no deadlock)
    rows = [(*k, v[0], v[1]) for k, v in sorted(deltas.items()) if v[0] or v[1]]
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        # One rollup writer at a time until commit: two imports writing their files in chunks would
        # otherwise lock the same rollup rows in opposite orders and one would die in a deadlock.
        # (SQLite already serializes writers: write transactions BEGIN IMMEDIATE.)
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ROLLUP_LOCK})
    keys = ("rep_id", "day", "category", "persona", "tier", "account_status")
    add_to(session, "activity_rollups", keys, ("minutes", "count"), rows)
    if any(v[1] < 0 for v in deltas.values()):
        session.execute(delete(ActivityRollup).where(ActivityRollup.count <= 0))
    apply_weekly_deltas(session, deltas)


def insert_activities(
    session: Session, rows: Sequence[Mapping[str, Any]], *, zone: ZoneInfo | None = None
) -> int:
    """Insert activity rows (dicts of Activity columns) and their rollup contribution; return the count."""
    if not rows:
        return 0
    zone = zone or org_zone(session)
    personas, accounts = _context(
        session, (r.get("contact_id") for r in rows), (r.get("account_id") for r in rows)
    )
    now = datetime.now(UTC)
    clean = [_complete(r, now) for r in rows]
    session.execute(insert(Activity.__table__), clean)  # Core executemany: the ORM bulk path is 5x slower
    apply_deltas(session, deltas_for(clean, zone=zone, personas=personas, accounts=accounts))
    return len(clean)


def _complete(row: Mapping[str, Any], now: datetime) -> dict[str, Any]:
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
    if len(row) == len(_ACTIVITY_COLUMNS) and isinstance(row, dict):  # already complete: no copy
        return row
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
    personas, accounts = _context(session, (r["contact_id"] for r in rows), (r["account_id"] for r in rows))
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


def rebuild_rollups(session: Session, *, batch: int = 50_000) -> int:
    """Recompute every rollup from the raw activities; return the number of activities read."""
    zone = org_zone(session)
    session.execute(delete(ActivityRollup))
    personas = {c: p for c, p in session.execute(select(Contact.id, Contact.persona))}
    accounts = {a: (t, s) for a, t, s in session.execute(select(Account.id, Account.tier, Account.status))}
    cols = [
        Activity.rep_id,
        Activity.started_at,
        Activity.duration_minutes,
        Activity.category,
        Activity.contact_id,
        Activity.account_id,
    ]
    total: Deltas = {}
    read = 0
    result = session.execute(select(*cols).execution_options(yield_per=batch))
    for part in result.mappings().partitions():
        read += len(part)
        _merge(total, deltas_for(part, zone=zone, personas=personas, accounts=accounts))
    apply_deltas(session, total)
    rebuild_weekly(session)  # refold from scratch: drops weekly rows whose activities are gone
    return read


def rollup_totals(session: Session) -> tuple[int, int]:
    """Return (minutes, count) summed over the whole rollup table: a cheap consistency probe."""
    row = session.execute(
        select(
            func.coalesce(func.sum(ActivityRollup.minutes), 0),
            func.coalesce(func.sum(ActivityRollup.count), 0),
        )
    ).one()
    return int(row[0]), int(row[1])


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
    "source",
    "external_id",
    "created_at",
)


Context = tuple[dict[int, str], dict[int, tuple[str, str]]]  # contact personas, account (tier, status)


def insert_activity_batch(
    session: Session,
    rows: Sequence[Sequence[Any]],
    *,
    zone: ZoneInfo,
    pending: Deltas | None = None,
    context: Context | None = None,
) -> int:
    """Insert activities given as tuples in BATCH_COLUMNS order, and their rollup contribution.

    The bulk-import path: one DBAPI executemany through the session's connection, no per-row SQLAlchemy
    bind processing (datetimes are converted here exactly as UTCDateTime stores them). With `pending`,
    the rollup change is added to it instead of written: the caller must apply_deltas_raw(pending) in the
    same transaction (imports do so once per many batches, since rollup keys repeat across batches).
    `context` caches contact personas and account tiers across the batches of one transaction.
    """
    if not rows:
        return 0
    conn = session.connection()
    sqlite_db = conn.dialect.name == "sqlite"
    rep, start, mins, cat, acc, con, created = (
        BATCH_COLUMNS.index(n)
        for n in (
            "rep_id",
            "started_at",
            "duration_minutes",
            "category",
            "account_id",
            "contact_id",
            "created_at",
        )
    )
    personas, accounts = context if context is not None else ({}, {})
    new_personas, new_accounts = _context(
        session,
        {r[con] for r in rows if r[con] is not None} - personas.keys(),
        {r[acc] for r in rows if r[acc] is not None} - accounts.keys(),
    )
    personas.update(new_personas)
    accounts.update(new_accounts)
    deltas: Deltas = pending if pending is not None else {}
    out: list[tuple[Any, ...]] = []
    created_at: dict[datetime, Any] = {}
    no_account = ("", "")
    for row in rows:
        values = list(row)
        started = values[start]
        if started.tzinfo is not UTC:
            started = started.astimezone(UTC)
        tier, status = accounts.get(values[acc], no_account) if values[acc] else no_account
        key = (values[rep], started.astimezone(zone).date(), values[cat] or UNCLASSIFIED,
               personas.get(values[con], "") if values[con] else "", tier, status)  # fmt: skip
        total = deltas.get(key)
        if total is None:
            total = deltas[key] = [0, 0]
        total[0] += values[mins]
        total[1] += 1
        # stored as naive UTC; on SQLite in SQLAlchemy's DATETIME text, so raw and ORM rows compare alike
        values[start] = _naive(started, sqlite_db)
        stamp = values[created]
        if stamp not in created_at:
            created_at[stamp] = _naive(stamp.astimezone(UTC), sqlite_db)
        values[created] = created_at[stamp]
        out.append(tuple(values))
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO activities ({', '.join(BATCH_COLUMNS)}) "
        f"VALUES ({', '.join([marker] * len(BATCH_COLUMNS))})"
    )
    conn.exec_driver_sql(sql, out)  # type: ignore[arg-type]
    if pending is None:
        apply_deltas_raw(session, deltas)
    return len(rows)


def _naive(utc: datetime, as_text: bool) -> Any:
    if not as_text:
        return utc.replace(tzinfo=None)
    text = str(utc)  # "YYYY-MM-DD HH:MM:SS[.ffffff]+00:00", cheaper than replace() + isoformat()
    return text[:26] if utc.microsecond else text[:19] + ".000000"


def existing_external_ids(session: Session, source: str, external_ids: Sequence[str]) -> set[str]:
    """Return which of `external_ids` already exist for `source` (one query per 10,000 ids, one bind each)."""
    conn = session.connection()
    found: set[str] = set()
    for i in range(0, len(external_ids), 10_000):
        chunk = list(external_ids[i : i + 10_000])
        if conn.dialect.name == "sqlite":
            sql = (
                "SELECT external_id FROM activities WHERE source = ? "
                "AND external_id IN (SELECT value FROM json_each(?))"
            )
            rows = conn.exec_driver_sql(sql, (source, json.dumps(chunk)))
        else:
            sql = "SELECT external_id FROM activities WHERE source = %s AND external_id = ANY(%s)"
            rows = conn.exec_driver_sql(sql, (source, chunk))
        found.update(r[0] for r in rows)
    return found


def apply_deltas_raw(session: Session, deltas: Mapping[RollupKey, Sequence[int]]) -> None:
    """apply_deltas through one DBAPI executemany (the bulk path): upsert, then drop rows at zero."""
    conn = session.connection()
    sqlite_db = conn.dialect.name == "sqlite"
    values = [
        (k[0], k[1].isoformat() if sqlite_db else k[1], k[2], k[3], k[4], k[5], v[0], v[1])
        for k, v in deltas.items()
        if v[0] or v[1]
    ]
    if not values:
        return
    m = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    conn.exec_driver_sql(
        "INSERT INTO activity_rollups (rep_id, day, category, persona, tier, account_status, minutes, count) "
        f"VALUES ({', '.join([m] * 8)}) "
        "ON CONFLICT (rep_id, day, category, persona, tier, account_status) DO UPDATE SET "
        "minutes = activity_rollups.minutes + excluded.minutes, "
        "count = activity_rollups.count + excluded.count",
        values,  # type: ignore[arg-type]
    )
    if any(v[1] < 0 for v in deltas.values()):
        conn.exec_driver_sql("DELETE FROM activity_rollups WHERE count <= 0")
