"""The bulk path for activities: batches of tuples straight to the driver, and the indexes a big load defers.

Imports write here; everything else uses store/activities.py. Both keep the rollups equal to the raw
activities inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from repfocus.domain.taxonomy import UNCLASSIFIED
from repfocus.store.activities import Deltas, apply_deltas, link_context

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
# Indexes a big load drops and builds again before commit: one sort beats a million random b-tree inserts.
LINK_INDEXES = ("ix_activities_account_id", "ix_activities_contact_id")
_DROP = {
    "ix_activities_account_id": "DROP INDEX ix_activities_account_id",
    "ix_activities_contact_id": "DROP INDEX ix_activities_contact_id",
}

Context = tuple[dict[int, str], dict[int, tuple[str, str]]]  # contact personas, account (tier, status)
_NO_ACCOUNT = ("", "")


def insert_activity_batch(
    session: Session,
    rows: Sequence[Sequence[Any]],
    *,
    zone: ZoneInfo,
    pending: Deltas | None = None,
    context: Context | None = None,
) -> int:
    """Insert activities given as tuples in BATCH_COLUMNS order, and their rollup contribution.

    One DBAPI executemany through the session's connection, no per-row SQLAlchemy bind processing
    (datetimes are converted here exactly as UTCDateTime stores them). With `pending`, the rollup change is
    added to it instead of written: the caller must apply_deltas(pending) in the same transaction
    (imports do so once per many batches, since rollup keys repeat across batches). `context` caches
    contact personas and account tiers across the batches of one transaction.
    """
    if not rows:
        return 0
    conn = session.connection()
    as_text = conn.dialect.name == "sqlite"
    personas, accounts = context if context is not None else ({}, {})
    _load_context(session, rows, personas, accounts)
    deltas: Deltas = pending if pending is not None else {}
    stamps: dict[datetime, Any] = {}
    days: dict[date, str] = {}  # the date part of the stored text, per day
    out: list[tuple[Any, ...]] = []
    for row in rows:
        rep, started, minutes, estimated, kind, category, rule, subject, direction, outcome, account, \
            contact, source, external_id, created = row  # fmt: skip
        if started.tzinfo is not UTC:
            started = started.astimezone(UTC)
        tier, status = accounts.get(account, _NO_ACCOUNT) if account else _NO_ACCOUNT
        key = (rep, started.astimezone(zone).date(), category or UNCLASSIFIED,
               personas.get(contact, "") if contact else "", tier, status)  # fmt: skip
        total = deltas.get(key)
        if total is None:
            deltas[key] = [minutes, 1]
        else:
            total[0] += minutes
            total[1] += 1
        stamp = stamps.get(created)
        if stamp is None:
            stamp = stamps[created] = _stored(created.astimezone(UTC), as_text)
        # stored as naive UTC; on SQLite in SQLAlchemy's DATETIME text, so raw and ORM rows compare alike
        if as_text:
            day = started.date()
            head = days.get(day)
            if head is None:
                head = days[day] = day.isoformat() + " "
            at: Any = head + started.time().isoformat("microseconds")
        else:
            at = started.replace(tzinfo=None)
        out.append((rep, at, minutes, estimated, kind, category, rule, subject,
                    direction, outcome, account, contact, source, external_id, stamp))  # fmt: skip
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO activities ({', '.join(BATCH_COLUMNS)}) "
        f"VALUES ({', '.join([marker] * len(BATCH_COLUMNS))})"
    )
    conn.exec_driver_sql(sql, out)  # type: ignore[arg-type]
    if pending is None:
        apply_deltas(session, deltas)
    return len(rows)


def _load_context(
    session: Session, rows: Sequence[Sequence[Any]], personas: dict[int, str], accounts: dict[int, Any]
) -> None:
    """Add to the caches the personas and account tiers the rows refer to that they do not hold yet."""
    new_contacts = {r[11] for r in rows} - personas.keys()
    new_accounts = {r[10] for r in rows} - accounts.keys()
    if new_contacts or new_accounts:
        found_personas, found_accounts = link_context(session, new_contacts, new_accounts)
        personas.update(found_personas)
        accounts.update(found_accounts)


def _stored(utc: datetime, as_text: bool) -> Any:
    if not as_text:
        return utc.replace(tzinfo=None)
    return utc.isoformat(" ", "microseconds")[:26]  # "YYYY-MM-DD HH:MM:SS.ffffff" of "...+00:00"


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
