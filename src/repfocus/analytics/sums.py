"""Minutes and counts per rep and category (optionally per week) over any period, read from the weekly
rollups for the whole weeks inside the period and from the daily rollups for the days at its edges."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from repfocus.domain.bullseye import ON_TARGET_TIERS, Bullseye
from repfocus.domain.period import Period
from repfocus.domain.taxonomy import BUCKETS, CATEGORIES, UNCLASSIFIED
from repfocus.store.models import ActivityRollup, WeeklyRollup

Key = tuple[int, date | None, str]  # rep_id, Monday of the week (None when not by week), category
# value: [minutes, count, on_target_minutes, new_logo_minutes, existing_minutes]


def _split(period: Period) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """Return the whole weeks inside the period (first and last Monday) and the edge day ranges."""
    first = period.start + timedelta(days=(7 - period.start.weekday()) % 7)
    last = period.end - timedelta(days=(period.end.weekday() + 1) % 7) - timedelta(days=6)
    if first > last:
        return None, [(period.start, period.end)]
    edges = []
    if period.start < first:
        edges.append((period.start, first - timedelta(days=1)))
    if last + timedelta(days=6) < period.end:
        edges.append((last + timedelta(days=7), period.end))
    return (first, last), edges


def _known(categories: Sequence[str] | None) -> list[str]:
    """Every category a rollup row can hold (the taxonomy's, and unclassified), or the ones asked for.

    Naming them lets the weekly table be read as one key range per (rep, category) (its key is
    rep, category, week); write paths accept taxonomy categories only, so nothing is left out."""
    return sorted(set(categories if categories is not None else (*CATEGORIES, UNCLASSIFIED)))


def category_sums(
    session: Session,
    *,
    period: Period,
    rep_ids: Sequence[int],
    bullseye: Bullseye,
    by_week: bool = False,
    categories: Sequence[str] | None = None,
) -> dict[Key, list[int]]:
    """Return {(rep_id, Monday or None, category): [minutes, count, on_target, new_logo, existing]}."""
    out: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    if not rep_ids:
        return out
    weeks, edges = _split(period)
    if weeks:
        w = WeeklyRollup
        cols: list[Any] = [w.rep_id, w.category, w.week] if by_week else [w.rep_id, w.category]
        stmt = select(
            *cols,
            func.sum(w.minutes),
            func.sum(w.count),
            func.sum(w.on_target_minutes),
            func.sum(w.new_logo_minutes),
            func.sum(w.existing_minutes),
        ).where(
            w.rep_id.in_(rep_ids),
            w.category.in_(_known(categories)),
            w.week >= weeks[0],
            w.week <= weeks[1],
        )
        # Core, not ORM execution: thousands of small rows, no entities to build
        for row in session.connection().execute(stmt.group_by(*cols)):
            key = (row[0], row[2], row[1]) if by_week else (row[0], None, row[1])
            out[key] = [int(v) for v in row[-5:]]
    if edges:
        _add_days(session, out, edges, rep_ids, bullseye, by_week, categories)
    return out


def weekly_counts(
    session: Session, *, period: Period, rep_ids: Sequence[int], categories: Sequence[str]
) -> dict[tuple[int, str], list[int]]:
    """Return {(rep_id, category): [count in each of period.weeks()]} (partial edge weeks count their
    days in the period only); pairs with no activity at all are left out."""
    out: dict[tuple[int, str], list[int]] = {}
    mondays = period.weeks()
    if not rep_ids or not categories or not mondays:
        return out
    weeks, edges = _split(period)
    if weeks:
        w = WeeklyRollup
        whole = [m for m in mondays if weeks[0] <= m <= weeks[1]]
        first = mondays.index(whole[0])
        pivot = [func.sum(case((w.week == m, w.count), else_=0)) for m in whole]
        stmt = (
            select(w.rep_id, w.category, *pivot)
            .where(
                w.rep_id.in_(rep_ids),
                w.category.in_(_known(categories)),
                w.week >= weeks[0],
                w.week <= weeks[1],
            )
            .group_by(w.rep_id, w.category)
        )
        for row in session.connection().execute(stmt):
            counts = [0] * len(mondays)
            counts[first : first + len(whole)] = [int(v) for v in row[2:]]
            out[(row[0], row[1])] = counts
    if edges:
        r = ActivityRollup
        daily = (
            select(r.rep_id, r.category, r.day, func.sum(r.count))
            .where(
                r.rep_id.in_(rep_ids),
                r.category.in_(_known(categories)),
                or_(*(r.day.between(lo, hi) for lo, hi in edges)),
            )
            .group_by(r.rep_id, r.category, r.day)
        )
        for rep_id, category, day, count in session.execute(daily):
            counts = out.setdefault((rep_id, category), [0] * len(mondays))
            counts[(day - mondays[0]).days // 7] += int(count)
    return out


def _add_days(
    session: Session,
    out: dict[Key, list[int]],
    edges: list[tuple[date, date]],
    rep_ids: Sequence[int],
    bullseye: Bullseye,
    by_week: bool,
    categories: Sequence[str] | None,
) -> None:
    r = ActivityRollup
    selling = r.category.in_(BUCKETS["selling"])

    def when(cond: Any) -> Any:
        return func.sum(case((cond, r.minutes), else_=0))

    targets = list(bullseye.target_personas) or ["-"]
    cols: list[Any] = [r.rep_id, r.day, r.category] if by_week else [r.rep_id, r.category]
    stmt = select(
        *cols,
        func.sum(r.minutes),
        func.sum(r.count),
        when(and_(selling, r.tier.in_(ON_TARGET_TIERS), r.persona.in_(targets))),
        when(and_(selling, r.account_status == "prospect")),
        when(and_(selling, r.account_status.not_in(["", "prospect"]))),
    ).where(r.rep_id.in_(rep_ids), or_(*(r.day.between(lo, hi) for lo, hi in edges)))
    if categories is not None:
        stmt = stmt.where(r.category.in_(categories))
    for row in session.execute(stmt.group_by(*cols)):
        if by_week:
            day: date = row[1]
            key: Key = (row[0], day - timedelta(days=day.weekday()), row[2])
        else:
            key = (row[0], None, row[1])
        acc = out[key]
        for i, v in enumerate(row[-5:]):
            acc[i] += int(v)
