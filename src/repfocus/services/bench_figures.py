"""The org-wide dashboard's figures computed three ways, in one comparable shape: by the analytics the
dashboard page, the CLI and the API run (over the rollups), by GROUP BY over the raw activities, and by
pandas over a CSV export.

A rep's figures: (minutes per category, count per category, on-target selling minutes, new-logo selling
minutes, existing-account selling minutes, cadence counts per week {category: count}); reps without
activity in the period are left out.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, and_, case, cast, func, literal, literal_column, select
from sqlalchemy.orm import Session

from repfocus.analytics.dashboard import dashboard_for
from repfocus.analytics.measures import SELLING
from repfocus.analytics.scope import rep_refs
from repfocus.domain.bullseye import DEFAULT_TARGET_PERSONAS, ON_TARGET_TIERS
from repfocus.domain.period import Period
from repfocus.services.bench_data import CADENCE
from repfocus.store.models import Account, Activity, Contact

Figure = tuple[dict[str, int], dict[str, int], int, int, int, list[dict[str, int]]]
Figures = dict[int, Figure]


class BenchUnavailable(RuntimeError):
    """The benchmark cannot run here (database not empty, pandas missing)."""


def rollup_figures(session: Session, period: Period, ids: list[int]) -> Figures:
    """The figures as the team dashboard page computes them (dashboard_for, over the rollups)."""
    wanted = set(ids)
    reps = [r for r in rep_refs(session) if r.rep_id in wanted]
    measures, cadences = dashboard_for(session, period=period, reps=reps, personas=False)
    out: Figures = {}
    for rep_id, m in measures.items():
        weekly = cadences[rep_id].weekly
        if m.minutes_by_category or any(weekly):
            out[rep_id] = (
                m.minutes_by_category,
                m.count_by_category,
                m.on_target_minutes,
                m.new_logo_minutes,
                m.existing_account_minutes,
                weekly,
            )
    return out


class _Accumulator:
    """Collects the raw GROUP BY and pandas results per rep into the figures' shape."""

    def __init__(self, weeks: int) -> None:
        self.weeks = weeks
        self.reps: dict[int, tuple[dict[str, int], dict[str, int], list[int], list[dict[str, int]]]] = {}

    def _rep(self, rep: int) -> tuple[dict[str, int], dict[str, int], list[int], list[dict[str, int]]]:
        got = self.reps.get(rep)
        if got is None:
            got = self.reps[rep] = ({}, {}, [0, 0, 0], [{} for _ in range(self.weeks)])
        return got

    def category(self, rep: int, category: str, minutes: int, count: int) -> None:
        minutes_by, count_by, _, _ = self._rep(rep)
        minutes_by[category] = minutes
        count_by[category] = count

    def selling(self, rep: int, hit: bool, status: str, minutes: int) -> None:
        split = self._rep(rep)[2]
        split[0] += minutes if hit else 0
        if status == "prospect":
            split[1] += minutes
        elif status:
            split[2] += minutes

    def cadence(self, rep: int, week: int, category: str, count: int) -> None:
        if count:
            self._rep(rep)[3][week][category] = count

    def figures(self) -> Figures:
        return {r: (m, n, *split, weekly) for r, (m, n, split, weekly) in self.reps.items()}  # type: ignore[misc]


def _week_sql(session: Session, monday: Any) -> Any:
    if session.get_bind().dialect.name == "sqlite":
        days = f"julianday(date(activities.started_at)) - julianday('{monday.isoformat()}')"
        return literal_column(f"CAST(({days}) / 7 AS INTEGER)")
    return (cast(Activity.started_at, Date) - literal(monday)) // 7


def raw_figures(session: Session, period: Period, ids: list[int]) -> Figures:
    """The figures straight from activities with GROUP BY (and joins for persona and tier)."""
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
    for rep_id, _persona, is_hit, st, minutes, _count in session.execute(q2):
        acc.selling(rep_id, bool(is_hit), st, int(minutes))
    for rep_id, w, category, count in session.execute(q3):
        acc.cadence(rep_id, int(w), category, int(count))
    return acc.figures()


def export_csv(session: Session, path: Path) -> None:
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


def pandas_figures(path: Path, period: Period) -> Callable[[], Any]:
    """Return a function computing the figures' group-bys with pandas, reading the export each time."""
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


def figures_of_pandas(result: Any, weeks: int) -> Figures:
    """Return the figures of pandas' group-bys (`pandas_figures`' result)."""
    q1, q2, q3 = result
    acc = _Accumulator(weeks)
    for (rep, category), row in q1.iterrows():
        acc.category(int(rep), category, int(row["sum"]), int(row["count"]))
    for (rep, _persona, hit, status), row in q2.iterrows():
        acc.selling(int(rep), bool(hit), status, int(row["sum"]))
    for (rep, week, category), n in q3.items():
        acc.cadence(int(rep), int(week), category, int(n))
    return acc.figures()
