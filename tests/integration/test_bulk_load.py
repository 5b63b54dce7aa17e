"""A big import builds the account and contact indexes once at the end, and leaves them as they were."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from repfocus.domain.local_days import micros
from repfocus.services import import_run, import_writer, imports
from repfocus.services.bench_ingest import _fresh_db, write_salesforce_events
from repfocus.services.import_report import ImportReport
from repfocus.services.imports import import_file
from repfocus.store.activities import rebuild_rollups, rollup_totals
from repfocus.store.bulk_load import (
    LINK_INDEXES,
    defer_link_indexes,
    flag_values,
    insert_prepared,
    rebuild_indexes,
    stores_micros,
)
from repfocus.store.db import Database
from repfocus.store.models import Activity
from tests.factories import make_user


def _indexes(db: Database) -> dict[str, str]:
    with db.session() as s:
        rows = s.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activities'")
        )
        return {name: sql for name, sql in rows if sql}


def _plan(db: Database, where: str) -> str:
    with db.session() as s:
        return " ".join(
            str(r[-1]) for r in s.execute(text(f"EXPLAIN QUERY PLAN SELECT id FROM activities WHERE {where}"))
        )


def _import(db: Database, path: Path, users: dict[str, str], **options: object) -> ImportReport:
    with path.open("rb") as stream:
        return import_file(
            db, stream=stream, file_name=path.name, format_name="salesforce", user_map=users, **options
        )  # type: ignore[arg-type]


@pytest.fixture
def bulk_threshold(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(import_writer, "BULK_ROWS", 1_000)
    monkeypatch.setattr(import_run, "BATCH_ROWS", 500)
    return 1_000


def test_a_bulk_import_drops_the_link_indexes_while_loading_and_builds_them_before_commit(
    tmp_path: Path, bulk_threshold: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "Event.csv"
    write_salesforce_events(data, 3 * bulk_threshold)
    db, users = _fresh_db(tmp_path / "bulk.db")
    before = _indexes(db)
    assert set(LINK_INDEXES) <= before.keys()
    seen: list[list[str]] = []
    real = import_writer.rebuild_indexes

    def spy(session: object, statements: list[str]) -> None:
        seen.append(list(statements))
        real(session, statements)  # type: ignore[arg-type]

    monkeypatch.setattr(import_writer, "rebuild_indexes", spy)
    report = _import(db, data, users)
    assert report.committed and report.imported == 3 * bulk_threshold
    assert seen and sorted(seen[0]) == sorted(before[n] for n in LINK_INDEXES)  # it did defer them
    assert _indexes(db) == before
    assert "ix_activities_account_id" in _plan(db, "account_id = 7")
    assert "ix_activities_contact_id" in _plan(db, "contact_id = 7")
    totals = rollup_totals_of(db)
    with db.session() as s:
        rebuild_rollups(s)
        s.commit()
    assert rollup_totals_of(db) == totals  # the rollups kept by the bulk path equal a recomputation
    db.dispose()


def rollup_totals_of(db: Database) -> tuple[int, int]:
    with db.session() as s:
        return rollup_totals(s)


def test_a_small_import_into_a_big_table_keeps_its_indexes_live(
    tmp_path: Path, bulk_threshold: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    big, small = tmp_path / "big.csv", tmp_path / "small.csv"
    write_salesforce_events(big, 3 * bulk_threshold)
    db, users = _fresh_db(tmp_path / "x.db")
    assert _import(db, big, users).committed
    # the same shape, other ids: 1,200 rows into a table of 3,000 is not a bulk load
    with big.open(newline="") as fh:
        rows = list(csv.reader(fh))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(rows[0])
    for row in rows[1 : 1 + 1_200]:
        writer.writerow([row[0].replace("00U", "00V", 1), *row[1:]])
    small.write_text(out.getvalue())
    calls: list[int] = []
    original = import_writer.defer_link_indexes
    monkeypatch.setattr(import_writer, "defer_link_indexes", lambda s: calls.append(1) or original(s))
    report = _import(db, small, users)
    assert report.committed and report.imported == 1_200
    assert calls == []
    db.dispose()


def test_a_rejected_bulk_import_leaves_table_and_indexes_as_they_were(
    tmp_path: Path, bulk_threshold: int
) -> None:
    data = tmp_path / "Event.csv"
    write_salesforce_events(data, 3 * bulk_threshold)
    lines = data.read_text().splitlines()
    bad = next(csv.reader([lines[2_500]]))
    bad[8] = "not a time"  # ActivityDateTime of one row near the end
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL).writerow(bad)
    lines[2_500] = out.getvalue().rstrip("\r\n")
    data.write_text("\n".join(lines) + "\n")
    db, users = _fresh_db(tmp_path / "x.db")
    before = _indexes(db)
    report = _import(db, data, users)
    assert not report.committed and [e.line for e in report.rejected] == [2_501]
    assert _indexes(db) == before
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 0
    db.dispose()


def test_deferring_the_link_indexes_is_undone_by_a_rollback(tmp_path: Path) -> None:
    db, _ = _fresh_db(tmp_path / "x.db")
    before = _indexes(db)
    with db.session() as s:
        statements = defer_link_indexes(s)
        assert len(statements) == len(LINK_INDEXES)
        assert not set(LINK_INDEXES) & set(
            n for (n,) in s.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))
        )
        s.rollback()
    assert _indexes(db) == before
    with db.session() as s:
        rebuild_indexes(s, defer_link_indexes(s))
        s.commit()
    assert _indexes(db) == before
    db.dispose()


def test_the_row_estimate_follows_the_share_of_bytes_read() -> None:
    stream = io.BytesIO(b"x" * 10_000)
    estimate = imports.estimate_rows(stream)
    assert estimate is not None
    stream.read(2_500)
    assert estimate(100) == 400
    stream.read(7_500)
    assert estimate(900) == 900


def test_only_sqlite_defers_indexes_since_postgresql_would_lock_readers_out(any_db: Database) -> None:
    with any_db.session() as s:
        statements = defer_link_indexes(s)
        s.rollback()
    assert len(statements) == (len(LINK_INDEXES) if any_db.url.startswith("sqlite") else 0)


def test_prepared_rows_take_the_source_and_creation_time_of_their_import(any_db: Database) -> None:
    now = datetime(2026, 11, 30, 15, 4, 5, 654321, tzinfo=UTC)
    with any_db.session() as s:
        as_stored = micros if stores_micros(s) else (lambda at: at.replace(tzinfo=None))
        rep = make_user(s)
        row = (rep.id, as_stored(now), 30, flag_values(s)[0], "call", "", "", "Intro", "", "", 0, 0, "X-1")
        assert insert_prepared(s, [row], source="o'hare", created=as_stored(now)) == []
        assert insert_prepared(s, [row], source="o'hare", created=as_stored(now)) == [row]  # there already
        got = s.execute(select(Activity.source, Activity.created_at, Activity.category)).one()
        same_text = s.scalar(select(func.count()).where(Activity.created_at == now))  # as the ORM writes it
        s.rollback()
    assert got.source == "o'hare" and got.created_at.replace(tzinfo=UTC) == now and got.category is None
    assert same_text == 1
