"""A big import prepares its rows in a forked worker process: same result as in one process, errors and
deaths of the worker surface in the importing process, and nothing is written then."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from repfocus.importers.records import ImportFileInvalid
from repfocus.services import import_run, import_worker, import_writer
from repfocus.services.bench_ingest import _fresh_db, write_salesforce_events
from repfocus.services.import_report import ImportReport
from repfocus.services.imports import import_file
from repfocus.store.activities import rebuild_rollups
from repfocus.store.db import Database
from repfocus.store.models import Activity, User
from repfocus.store.numbering import IdNumbers

ROWS = 3_000


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_run, "BATCH_ROWS", 500)


def _forked(monkeypatch: pytest.MonkeyPatch, on: bool) -> list[int]:
    """Make every import (not) use a worker; return the list the worker starts are counted in."""
    started: list[int] = []
    real = import_worker.in_worker

    def counted(messages: Any) -> Any:
        started.append(os.getpid())
        return real(messages)

    monkeypatch.setattr(import_worker, "WORKER_ROWS", 1 if on else 10**12)
    monkeypatch.setattr(import_worker, "in_worker", counted)
    return started


def _import(db: Database, path: Path, users: dict[str, str] | None = None, **options: Any) -> ImportReport:
    with path.open("rb") as stream:
        return import_file(
            db, stream=stream, file_name=path.name, format_name="salesforce", user_map=users or {}, **options
        )


def _content(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Everything an import writes, in a comparable form (created_at is the import's own clock)."""
    queries = {
        "activities": "SELECT rep_id, started_at, duration_minutes, duration_estimated, kind, category, "
        "classified_by, subject, direction, outcome, account_id, contact_id, source, external_id "
        "FROM activities ORDER BY external_id",
        "accounts": "SELECT id, name, status, tier, source, external_id FROM accounts ORDER BY id",
        "contacts": "SELECT id, account_id, name, persona, source, external_id FROM contacts ORDER BY id",
        "users": "SELECT id, email, role, team_id FROM users ORDER BY id",
        "teams": "SELECT id, name FROM teams ORDER BY id",
        "daily": "SELECT * FROM activity_rollups "
        "ORDER BY rep_id, day, category, persona, tier, account_status",
        "weekly": "SELECT * FROM activity_rollups_weekly ORDER BY rep_id, week",
    }
    with db.read_session() as s:
        return {name: [tuple(r) for r in s.execute(text(sql))] for name, sql in queries.items()}


def test_a_worker_writes_exactly_what_one_process_writes(
    tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "Event.csv"
    write_salesforce_events(data, ROWS)
    results = []
    for on in (False, True):
        started = _forked(monkeypatch, on)
        db, _ = _fresh_db(tmp_path / f"{on}.db")
        # owners unknown: the reps (and their team) are created as the rows name them, in the worker too
        report = _import(db, data, create_reps=True, team="Imported")
        assert report.committed and report.imported == ROWS and not report.rejected
        assert bool(started) is on
        results.append((report.as_dict(), _content(db)))
        db.dispose()
    (inline_report, inline), (worker_report, worker) = results
    assert worker_report == inline_report
    for table in inline:
        assert worker[table] == inline[table], table
    assert len(worker["activities"]) == ROWS and len(worker["users"]) > 50 and worker["teams"]


def test_rollups_and_report_stay_right_when_a_worker_meets_rows_imported_before(
    tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forked(monkeypatch, True)
    first, both = tmp_path / "first.csv", tmp_path / "both.csv"
    write_salesforce_events(first, ROWS // 2)
    write_salesforce_events(both, ROWS)  # the same generator: its first half is `first`
    db, users = _fresh_db(tmp_path / "x.db")
    assert _import(db, first, users).imported == ROWS // 2
    report = _import(db, both, users)
    assert (report.imported, report.duplicates) == (ROWS - ROWS // 2, ROWS // 2)
    again = _import(db, both, users)
    assert (again.imported, again.duplicates, again.by_category) == (0, ROWS, {})
    kept = _content(db)
    with db.session() as s:
        rebuild_rollups(s)
        s.commit()
    rebuilt = _content(db)
    assert kept["daily"] == rebuilt["daily"] and kept["weekly"] == rebuilt["weekly"]
    db2, users2 = _fresh_db(tmp_path / "one.db")
    one_pass = _import(db2, both, users2).by_category
    first_pass = _import(db2, first, users2)  # all there already
    assert first_pass.by_category == {} and first_pass.duplicates == ROWS // 2
    assert one_pass == _minutes(db, both)


def _minutes(db: Database, path: Path) -> dict[str, int]:
    """Return the minutes per category of the rows of `path` as stored in `db`."""
    with path.open(newline="") as fh:
        ids = [row[0] for row in csv.reader(fh)][1:]
    with db.read_session() as s:
        rows = s.execute(
            select(Activity.category, Activity.duration_minutes).where(Activity.external_id.in_(ids))
        ).all()
    out: dict[str, int] = {}
    for category, minutes in rows:
        out[category or "unclassified"] = out.get(category or "unclassified", 0) + minutes
    return out


def test_a_file_broken_halfway_fails_the_same_in_a_worker_and_writes_nothing(
    tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "Event.csv"
    write_salesforce_events(data, ROWS)
    with data.open("ab") as fh:
        fh.write(b'"00U\xff\xfe"\n')  # not UTF-8, far past the first batch
    messages = []
    for on in (False, True):
        started = _forked(monkeypatch, on)
        db, users = _fresh_db(tmp_path / f"{on}.db")
        with pytest.raises(ImportFileInvalid, match="not UTF-8") as caught:
            _import(db, data, users)
        assert bool(started) is on
        messages.append(str(caught.value))
        assert _content(db)["activities"] == [] and _content(db)["accounts"] == []
        db.dispose()
    assert messages[0] == messages[1]


def test_an_atomic_import_rejected_in_the_worker_writes_nothing_and_reports_the_row(
    tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = _forked(monkeypatch, True)
    data = tmp_path / "Event.csv"
    write_salesforce_events(data, ROWS)
    with data.open(newline="") as fh:
        rows = list(csv.reader(fh))
    for row in rows[2_001:2_011]:  # owners no rep stands for, far past the first batch
        row[rows[0].index("OwnerId")] = "005999999999999AAA"
    with data.open("w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    db, users = _fresh_db(tmp_path / "x.db")
    report = _import(db, data, users)
    assert started and not report.committed
    assert [e.line for e in report.rejected] == list(range(2_002, 2_012))
    assert {e.field for e in report.rejected} == {"owner"}
    assert report.imported == 0 and report.rows_read == ROWS
    assert _content(db)["activities"] == [] and _content(db)["daily"] == []
    partial = _import(db, data, users, partial=True)
    assert partial.committed and partial.imported == ROWS - 10 and len(partial.rejected) == 10


def test_a_worker_that_fails_or_dies_fails_the_import_and_writes_nothing(
    tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forked(monkeypatch, True)
    data = tmp_path / "Event.csv"
    write_salesforce_events(data, ROWS)
    db, users = _fresh_db(tmp_path / "x.db")
    real_take = import_run.ImportRun.take
    parent = os.getpid()

    def failing(self: import_run.ImportRun, item: Any) -> None:
        if os.getpid() != parent and getattr(item, "line", 0) > 2_000:
            raise ValueError("a bug in the worker")
        real_take(self, item)

    monkeypatch.setattr(import_run.ImportRun, "take", failing)
    with pytest.raises(RuntimeError, match=r"(?s)worker process failed.*ValueError: a bug in the worker"):
        _import(db, data, users)

    def dying(self: import_run.ImportRun, item: Any) -> None:
        if os.getpid() != parent and getattr(item, "line", 0) > 2_000:
            os._exit(3)
        real_take(self, item)

    monkeypatch.setattr(import_run.ImportRun, "take", dying)
    with pytest.raises(RuntimeError, match="ended without finishing"):
        _import(db, data, users)
    assert _content(db)["activities"] == [] and _content(db)["accounts"] == []
    monkeypatch.setattr(import_run.ImportRun, "take", real_take)
    assert _import(db, data, users).imported == ROWS  # and the next import works


def test_postgresql_imports_never_fork(
    any_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = _forked(monkeypatch, True)
    monkeypatch.setattr(import_run, "BATCH_ROWS", 100)
    data = tmp_path / "Event.csv"
    write_salesforce_events(data, 300)
    report = _import(any_db, data, create_reps=True)
    assert report.committed and report.imported == 300
    assert bool(started) is any_db.is_sqlite


def test_an_import_skips_foreign_key_lookups_yet_leaves_every_reference_valid(
    sqlite_db: Database, tmp_path: Path
) -> None:
    data = tmp_path / "Event.csv"
    write_salesforce_events(data, 500)
    assert _import(sqlite_db, data, create_reps=True).imported == 500
    with sqlite_db.session() as s:
        assert s.execute(text("PRAGMA foreign_key_check")).all() == []
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1  # back on for every other transaction
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            s.execute(
                text(
                    "INSERT INTO activities (rep_id, started_at, duration_minutes, duration_estimated, kind, "
                    "subject, source, created_at) VALUES (99999, '2026-01-05 14:00:00.000000', 5, 0, 'call', "
                    "'', 'manual', '2026-01-05 14:00:00.000000')"
                )
            )


def test_new_databases_use_16_kib_pages(sqlite_db: Database) -> None:
    with sqlite_db.session() as s:
        assert s.execute(text("PRAGMA page_size")).scalar() == 16_384


def test_ids_handed_out_for_new_rows_are_free_on_both_databases(any_db: Database) -> None:
    with any_db.session() as s:
        s.add(User(email="ann@acme.example", name="Ann", role="rep"))
        s.commit()
        top = s.scalar(select(User.id))
        numbers = IdNumbers(s, [User.__table__])
        ids = [numbers.next("users") for _ in range(250)]
        assert len(set(ids)) == 250 and min(ids) > (top or 0)
        s.execute(
            User.__table__.insert(),
            [{"id": i, "email": f"u{i}@x.example", "name": "u", "role": "rep"} for i in ids],
        )
        s.commit()
        s.add(User(email="later@x.example", name="Later", role="rep"))  # the sequence moved past them
        s.commit()
        assert s.scalar(select(User.id).where(User.email == "later@x.example")) not in ids


def test_with_a_worker_the_writer_keeps_the_link_indexes_live(
    tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_writer, "BULK_ROWS", 1_000)
    deferred: list[bool] = []
    real = import_writer.defer_link_indexes
    monkeypatch.setattr(import_writer, "defer_link_indexes", lambda s: deferred.append(True) or real(s))
    data = tmp_path / "Event.csv"
    write_salesforce_events(data, ROWS)
    for on in (False, True):
        _forked(monkeypatch, on)
        deferred.clear()
        db, users = _fresh_db(tmp_path / f"{on}.db")
        assert _import(db, data, users).imported == ROWS
        assert deferred == ([] if on else [True])  # a bulk load in one process builds them at the end
        db.dispose()


def test_an_import_runs_with_a_smaller_page_cache_and_leaves_the_default_to_others(
    sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    real = import_writer.ImportWriter.write

    def spy(self: import_writer.ImportWriter, message: Any) -> Any:
        seen.append(self.session.execute(text("PRAGMA cache_size")).scalar_one())
        return real(self, message)

    monkeypatch.setattr(import_writer.ImportWriter, "write", spy)
    data = tmp_path / "Event.csv"
    write_salesforce_events(data, 200)
    assert _import(sqlite_db, data, create_reps=True).imported == 200
    assert set(seen) == {-24_576}
    with sqlite_db.session() as s:
        assert s.execute(text("PRAGMA cache_size")).scalar_one() == -65_536


@pytest.mark.parametrize("worker", [False, True])
def test_rollup_changes_handed_over_in_pieces_midway_sum_to_the_same_rollups_and_report(
    tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch, worker: bool
) -> None:
    data = tmp_path / "Event.csv"
    write_salesforce_events(data, ROWS)
    _forked(monkeypatch, worker)
    held_db, users = _fresh_db(tmp_path / "held.db")
    held = _import(held_db, data, users)
    monkeypatch.setattr(import_run, "ROLLUP_KEYS", 40)  # the 3,000 rows make far more keys than that
    monkeypatch.setattr(import_run, "ROLLUP_CHUNK", 7)
    pieces_db, users = _fresh_db(tmp_path / "pieces.db")
    pieces = _import(pieces_db, data, users)
    assert pieces.as_dict() == held.as_dict() and pieces.imported == ROWS
    assert _content(pieces_db) == _content(held_db)
    with pieces_db.session() as s:
        rebuild_rollups(s)
        s.commit()
    assert _content(pieces_db) == _content(held_db)


def test_a_prepared_row_without_contact_direction_or_outcome_stores_null_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "Event.csv"
    write_salesforce_events(data, 400)  # every fourth row has no contact; none has a direction or outcome
    _forked(monkeypatch, True)
    db, users = _fresh_db(tmp_path / "x.db")
    assert _import(db, data, users).imported == 400
    with db.read_session() as s:
        nulls = s.execute(
            text(
                "SELECT count(*) - count(contact_id), count(direction), count(outcome), "
                "sum(contact_id = 0), sum(account_id = 0), sum(category = ''), sum(classified_by = '') "
                "FROM activities"
            )
        ).one()
    assert tuple(nulls) == (100, 0, 0, 0, 0, 0, 0)
