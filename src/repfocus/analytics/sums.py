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
from repfocus.domain.taxonomy import BUCKETS
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
        cols: list[Any] = [w.rep_id, w.week, w.category] if by_week else [w.rep_id, w.category]
        stmt = select(
            *cols,
            func.sum(w.minutes),
            func.sum(w.count),
            func.sum(w.on_target_minutes),
            func.sum(w.new_logo_minutes),
            func.sum(w.existing_minutes),
        ).where(w.rep_id.in_(rep_ids), w.week >= weeks[0], w.week <= weeks[1])
        if categories is not None:
            stmt = stmt.where(w.category.in_(categories))
        for row in session.execute(stmt.group_by(*cols)):
            key = (row[0], row[1], row[2]) if by_week else (row[0], None, row[1])
            acc = out[key]
            for i, v in enumerate(row[-5:]):
                acc[i] += int(v)
    if edges:
        _add_days(session, out, edges, rep_ids, bullseye, by_week, categories)
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
