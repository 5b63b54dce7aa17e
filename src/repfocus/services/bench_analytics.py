"""`bench analytics`: the org-wide 13-week dashboard from rollups, against raw GROUP BY and pandas.

Builds the data (ingest with and without rollup upkeep, interleaved batch by batch, to price the upkeep),
then times the median of 5 runs of each way of computing the same figures and checks they agree.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, insert, select, text

from repfocus.domain.period import Period
from repfocus.services.bench_data import BenchWorld, activity_batches, build_world
from repfocus.services.bench_figures import (
    BenchUnavailable,
    export_csv,
    figures_of_pandas,
    pandas_figures,
    raw_figures,
    rollup_figures,
)
from repfocus.store.activities import apply_deltas, collector_paused, deltas_for, insert_activities
from repfocus.store.db import Database
from repfocus.store.models import Account, Activity, Contact

__all__ = ["BenchUnavailable", "run_analytics_bench"]

RUNS = 5
# the best index for the raw GROUP BY: the period's rows, with every column the queries read
COVER_INDEX = (
    "CREATE INDEX ix_bench_activities_cover ON activities "
    "(started_at, rep_id, category, duration_minutes, contact_id, account_id)"
)
ACTIVITIES: Table = Activity.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class AnalyticsBench:
    activities: int
    reps: int
    dashboard_ms: float
    raw_groupby_ms: float
    pandas_ms: float | None
    ingest_overhead_pct: float

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON the command prints."""

        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 1)

        return {
            "activities": self.activities,
            "reps": self.reps,
            "dashboard_ms": r(self.dashboard_ms),
            "raw_groupby_ms": r(self.raw_groupby_ms),
            "pandas_ms": r(self.pandas_ms),
            "ratio_vs_raw": r(self.raw_groupby_ms / self.dashboard_ms),
            "ratio_vs_pandas": r(self.pandas_ms / self.dashboard_ms) if self.pandas_ms else None,
            "ingest_overhead_pct": r(self.ingest_overhead_pct),
        }


def _median_ms(fn: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _ingest(db: Database, world: BenchWorld, activities: int, batch: int) -> float:
    """Load the activities, odd batches through the rollup write path, even ones as bare inserts
    (their rollups applied afterwards, untimed); return the throughput lost to rollup upkeep, in %."""
    with db.session() as s:
        personas = {c: p for c, p in s.execute(select(Contact.id, Contact.persona))}
        accounts = {a: (t, st) for a, t, st in s.execute(select(Account.id, Account.tier, Account.status))}
    timed = {True: [0.0, 0], False: [0.0, 0]}
    for n, rows in enumerate(activity_batches(world, activities=activities, batch=batch)):
        with_rollups = n % 2 == 0
        with db.session() as s:
            start = time.perf_counter()
            if with_rollups:
                insert_activities(s, rows, zone=UTC)  # type: ignore[arg-type]
            else:
                with collector_paused():  # as insert_activities does: the same footing for both
                    s.execute(insert(ACTIVITIES), rows)
            s.commit()
            timed[with_rollups][0] += time.perf_counter() - start
            timed[with_rollups][1] += len(rows)
            if not with_rollups:
                apply_deltas(s, deltas_for(rows, zone=UTC, personas=personas, accounts=accounts))  # type: ignore[arg-type]
                s.commit()
    if not timed[False][1] or not timed[True][1]:
        return 0.0
    with_rate = timed[True][1] / timed[True][0]
    bare_rate = timed[False][1] / timed[False][0]
    return max(0.0, (1 - with_rate / bare_rate) * 100)


def run_analytics_bench(
    *,
    activities: int,
    reps: int,
    database_url: str | None = None,
    batch: int = 20_000,
    progress: Callable[[str], None] = lambda _m: None,
) -> AnalyticsBench:
    """Build the data, then time the 13-week org dashboard from rollups, raw GROUP BY and pandas."""
    with tempfile.TemporaryDirectory(prefix="repfocus-bench.") as tmp:
        db = Database(database_url or f"sqlite:///{tmp}/bench.db")
        try:
            db.upgrade()
            with db.session() as s:
                if s.scalar(select(func.count()).select_from(Activity)):
                    raise BenchUnavailable(
                        "the benchmark database already holds activities; give an empty one"
                    )
                world = build_world(s, reps=reps, activities=activities)
                s.commit()
            progress(f"ingesting {activities:,} activities for {reps} reps over {world.weeks} weeks")
            overhead = _ingest(db, world, activities, batch)
            progress("indexing for the raw GROUP BY and exporting the CSV for pandas")
            with db.session() as s:
                s.execute(text(COVER_INDEX))
                s.execute(text("ANALYZE"))
                s.commit()
                csv_path = Path(tmp) / "activities.csv"
                export_csv(s, csv_path)
            period = Period.last_weeks(13, today=world.last_day)
            ids = world.rep_ids
            progress("timing: rollups, raw GROUP BY, pandas (median of 5 each)")
            with db.session() as s:
                dashboard_ms, from_rollups = _median_ms(lambda: rollup_figures(s, period, ids))
                raw_ms, from_raw = _median_ms(lambda: raw_figures(s, period, ids))
            if from_rollups != from_raw:
                raise RuntimeError(
                    "the rollups and the raw activities disagree: run `repfocus db rebuild-rollups`"
                )
            pandas_ms, frames = _median_ms(pandas_figures(csv_path, period))
            if figures_of_pandas(frames, len(period.weeks())) != from_rollups:
                raise RuntimeError("pandas over the export disagrees with the rollups")
            return AnalyticsBench(activities, reps, dashboard_ms, raw_ms, pandas_ms, overhead)
        finally:
            db.dispose()
