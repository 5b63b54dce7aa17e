"""The ingest benchmark's naive baseline does the real import's work: same rows, categories, rollups."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from repfocus.services.bench_ingest import _fresh_db, _naive_rows_per_s, write_salesforce_events
from repfocus.services.imports import import_file
from repfocus.store.db import Database
from repfocus.store.models import Activity, ActivityRollup, WeeklyRollup


def _state(db: Database) -> tuple[list[tuple[object, ...]], ...]:
    with db.session() as s:
        return (
            sorted(tuple(r) for r in s.execute(select(ActivityRollup.__table__))),
            sorted(tuple(r) for r in s.execute(select(WeeklyRollup.__table__))),
            sorted(
                tuple(r) for r in s.execute(select(Activity.external_id, Activity.category, Activity.kind))
            ),
        )


def test_the_naive_baseline_writes_what_the_bulk_import_writes(tmp_path: Path) -> None:
    data = tmp_path / "Event.csv"
    write_salesforce_events(data, 300)
    fast, users = _fresh_db(tmp_path / "fast.db")
    with data.open("rb") as stream:
        report = import_file(
            fast, stream=stream, file_name="Event.csv", format_name="salesforce", user_map=users
        )
    assert report.committed and report.imported == 300
    naive, naive_users = _fresh_db(tmp_path / "naive.db")
    assert _naive_rows_per_s(data, naive, naive_users, 300) > 0
    daily, weekly, activities = _state(naive)
    assert (daily, weekly, activities) == _state(fast)
    assert len(activities) == 300 and len(daily) > 50 and weekly
    fast.dispose()
    naive.dispose()
