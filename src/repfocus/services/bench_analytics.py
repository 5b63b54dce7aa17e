"""`bench analytics`: the org-wide 13-week dashboard from rollups, against raw GROUP BY and pandas.

Builds the data (ingest with and without rollup upkeep, interleaved batch by batch, to price the upkeep),
then times the median of 5 runs of each way of computing the same figures and checks they agree.
"""

from __future__ import annotations

import csv
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, Table, and_, case, cast, func, insert, literal, literal_column, select, text
from sqlalchemy.orm import Session

from repfocus.analytics.cadence import cadence_for
from repfocus.analytics.measures import SELLING, measures_for
from repfocus.analytics.scope import rep_refs
from repfocus.domain.bullseye import DEFAULT_TARGET_PERSONAS, ON_TARGET_TIERS
from repfocus.domain.period import Period
from repfocus.services.bench_data import CADENCE, BenchWorld, activity_batches, build_world
from repfocus.store.activities import apply_deltas, collector_paused, deltas_for, insert_activities
from repfocus.store.db import Database
from repfocus.store.models import Account, Activity, Contact

RUNS = 5
# the best index for the raw GROUP BY: the period's rows, with every column the queries read
COVER_INDEX = (
    "CREATE INDEX ix_bench_activities_cover ON activities "
    "(started_at, rep_id, category, duration_minutes, contact_id, account_id)"
)
ACTIVITIES: Table = Activity.__table__  # type: ignore[assignment]


class BenchUnavailable(RuntimeError):
    """The benchmark cannot run here (database not empty, pandas missing)."""


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


Figures = dict[int, tuple[Any, ...]]


def _week_sql(session: Session, monday: Any) -> Any:
    if session.get_bind().dialect.name == "sqlite":
        days = f"julianday(date(activities.started_at)) - julianday('{monday.isoformat()}')"
        return literal_column(f"CAST(({days}) / 7 AS INTEGER)")
    return (cast(Activity.started_at, Date) - literal(monday)) // 7


def _raw_figures(session: Session, period: Period, ids: list[int]) -> Figures:
    """The dashboard's figures straight from activities with GROUP BY (and joins for persona and tier)."""
    start = datetime.combine(period.start, dtime(0), UTC)
    end = datetime.combine(period.end + timedelta(days=1), dtime(0), UTC)
    a = Activity
    span = and_(a.started_at >= start, a.started_at < end, a.rep_id.in_(ids))
    cat = func.coalesce(a.category, "unclassified")
    q1 = select(a.rep_id, cat, func.sum(a.duration_minutes), func.count()).where(span).group_by(a.rep_id, cat)
    persona = func.coalesce(Contact.persona, "")
    hit = case((and_(Account.tier.in_(ON_TARGET_TIERS), persona.in_(DEFAULT_TARGET_PERSONAS)), 1), else_=0)
    status = func.coalesce(Account.status, "")
    q2 = (
        select(a.rep_id, persona, hit, status, func.sum(a.duration_minutes), func.count())
        .outerjoin(Contact, Contact.id == a.contact_id)
        .outerjoin(Account, Account.id == a.account_id)
        .where(span, a.category.in_(SELLING))
        .group_by(a.rep_id, persona, hit, status)
    )
    week = _week_sql(session, period.weeks()[0])
    q3 = (
        select(a.rep_id, week, a.category, func.count())
        .where(span, a.category.in_(list(CADENCE)))
        .group_by(a.rep_id, week, a.category)
    )
    acc = _Accumulator(len(period.weeks()))
    for rep_id, category, minutes, count in session.execute(q1):
        acc.category(rep_id, category, int(minutes), int(count))
    for rep_id, p, is_hit, st, minutes, count in session.execute(q2):
        acc.selling(rep_id, p, bool(is_hit), st, int(minutes), int(count))
    for rep_id, w, category, count in session.execute(q3):
        acc.cadence(rep_id, int(w), category, int(count))
    return acc.figures()


class _Accumulator:
    """Collects the dashboard figures per rep in one comparable shape, whatever computed them."""

    def __init__(self, weeks: int) -> None:
        self.weeks = weeks
        self.cats: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
        self.on: Counter[int] = Counter()
        self.logo: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        self.heat: dict[int, dict[tuple[int, str], int]] = defaultdict(dict)

    def category(self, rep: int, category: str, minutes: int, count: int) -> None:
        self.cats[rep][category] = (minutes, count)

    def selling(self, rep: int, persona: str, hit: bool, status: str, minutes: int, count: int) -> None:
        self.on[rep] += minutes if hit else 0
        if status == "prospect":
            self.logo[rep][0] += minutes
        elif status:
            self.logo[rep][1] += minutes

    def cadence(self, rep: int, week: int, category: str, count: int) -> None:
        if count:
            self.heat[rep][(week, category)] = count

    def figures(self) -> Figures:
        reps = set(self.cats) | set(self.heat)
        return {
            r: (
                dict(sorted(self.cats[r].items())),
                self.on[r],
                tuple(self.logo[r]),
                self.heat[r],
            )
            for r in reps
        }


def _rollup_figures(session: Session, period: Period, ids: list[int]) -> Figures:
    """The same figures as the dashboard computes them: the analytics functions over the rollups."""
    reps = [r for r in rep_refs(session) if r.rep_id in set(ids)]
    measures = measures_for(session, period=period, reps=reps, personas=False)
    cadences = cadence_for(session, period=period, reps=reps)
    acc = _Accumulator(len(period.weeks()))
    for rep_id, m in measures.items():
        for category, minutes in m.minutes_by_category.items():
            acc.category(rep_id, category, minutes, m.count_by_category[category])
        acc.on[rep_id] += m.on_target_minutes
        acc.logo[rep_id] = [m.new_logo_minutes, m.existing_account_minutes]
    for rep_id, c in cadences.items():
        for w, counts in enumerate(c.weekly):
            for category, n in counts.items():
                acc.cadence(rep_id, w, category, n)
    return acc.figures()


def _export_csv(session: Session, path: Path) -> None:
    """Write the activities with their contact's persona and account's tier and status (the export)."""
    stmt = (
        select(
            Activity.rep_id,
            Activity.started_at,
            Activity.duration_minutes,
            Activity.category,
            func.coalesce(Contact.persona, ""),
            func.coalesce(Account.tier, ""),
            func.coalesce(Account.status, ""),
        )
        .outerjoin(Contact, Contact.id == Activity.contact_id)
        .outerjoin(Account, Account.id == Activity.account_id)
        .execution_options(yield_per=50_000)
    )
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(
            ["rep_id", "started_at", "duration_minutes", "category", "persona", "tier", "account_status"]
        )
        for part in session.execute(stmt).partitions():
            out.writerows((r[0], r[1].isoformat(), r[2], r[3], r[4], r[5], r[6]) for r in part)


def _pandas_figures(path: Path, period: Period) -> Callable[[], Any]:
    try:
        import pandas as pd
    except ImportError as exc:
        raise BenchUnavailable(
            "pandas is not installed; it is in the dev dependency group: run `make install` (uv sync)"
        ) from exc

    def run() -> tuple[Any, Any, Any]:
        df = pd.read_csv(
            path, keep_default_na=False, dtype={"persona": str, "tier": str, "account_status": str}
        )
        day = df["started_at"].str.slice(0, 10)
        sel = df[(day >= period.start.isoformat()) & (day <= period.end.isoformat())]
        q1 = sel.groupby(["rep_id", "category"])["duration_minutes"].agg(["sum", "count"])
        selling = sel[sel["category"].isin(SELLING)]
        hit = selling["tier"].isin(ON_TARGET_TIERS) & selling["persona"].isin(DEFAULT_TARGET_PERSONAS)
        q2 = selling.assign(hit=hit).groupby(["rep_id", "persona", "hit", "account_status"])[
            "duration_minutes"
        ]
        q2 = q2.agg(["sum", "count"])
        cad = sel[sel["category"].isin(list(CADENCE))]
        monday = pd.Timestamp(period.weeks()[0])
        week = ((pd.to_datetime(cad["started_at"].str.slice(0, 10)) - monday).dt.days // 7).rename("week")
        q3 = cad.groupby([cad["rep_id"], week, cad["category"]]).size()
        return q1, q2, q3

    return run


def _figures_of_pandas(result: Any, weeks: int) -> Figures:
    q1, q2, q3 = result
    acc = _Accumulator(weeks)
    for (rep, category), row in q1.iterrows():
        acc.category(int(rep), category, int(row["sum"]), int(row["count"]))
    for (rep, persona, hit, status), row in q2.iterrows():
        acc.selling(int(rep), persona, bool(hit), status, int(row["sum"]), int(row["count"]))
    for (rep, week, category), n in q3.items():
        acc.cadence(int(rep), int(week), category, int(n))
    return acc.figures()


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
                _export_csv(s, csv_path)
            period = Period.last_weeks(13, today=world.last_day)
            ids = world.rep_ids
            progress("timing: rollups, raw GROUP BY, pandas (median of 5 each)")
            with db.session() as s:
                dashboard_ms, from_rollups = _median_ms(lambda: _rollup_figures(s, period, ids))
                raw_ms, from_raw = _median_ms(lambda: _raw_figures(s, period, ids))
            if from_rollups != from_raw:
                raise RuntimeError(
                    "the rollups and the raw activities disagree: run `repfocus db rebuild-rollups`"
                )
            pandas_ms, frames = _median_ms(_pandas_figures(csv_path, period))
            if _figures_of_pandas(frames, len(period.weeks())) != from_rollups:
                raise RuntimeError("pandas over the export disagrees with the rollups")
            return AnalyticsBench(activities, reps, dashboard_ms, raw_ms, pandas_ms, overhead)
        finally:
            db.dispose()
