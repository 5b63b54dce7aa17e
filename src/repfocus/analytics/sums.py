"""Minutes and counts per rep and category over any period, read from the weekly rollups for the whole
weeks inside the period and from the daily rollups for the days at its edges.

The weekly table holds one row per rep and week with every category side by side, so the org-wide
13-week dashboard reads reps x weeks rows (500 x 13): SQLite sums each rep's weeks in key order, and
the readers stream the driver's tuples into plain dicts keyed by category (no entities, no object kept
per row)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from typing import cast as typed

from sqlalchemy import Executable, and_, bindparam, case, func, or_, select
from sqlalchemy.orm import Session

from repfocus.domain.bullseye import ON_TARGET_TIERS, Bullseye
from repfocus.domain.period import Period
from repfocus.domain.taxonomy import BUCKETS
from repfocus.store.models import (
    WEEKLY_CATEGORIES,
    ActivityRollup,
    count_column,
    minutes_column,
    weekly_rollups,
)

SELLING = frozenset(BUCKETS["selling"])


@dataclass(slots=True)
class RepSums:
    """One rep's totals over a period: minutes and count per category; of the selling minutes, those
    on target (tier A/B account, target persona), with prospect accounts and with other accounts."""

    minutes: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    on_target: int = 0
    new_logo: int = 0
    existing: int = 0
    # for the categories asked for by week: [{category: count above zero} for each week of the period]
    weekly: list[dict[str, int]] = field(default_factory=list)


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


def _driver_rows(session: Session, stmt: Executable, params: dict[str, Any]) -> Iterator[Any]:
    """Yield the rows of a Core select as the driver returns them (tuples, the driver's types).

    SQLAlchemy's statement cache and parameters still apply; only the Row wrapping per row is
    skipped, a third of the cost of reading the ~20k rows of an org-wide cadence heat map."""
    result = session.connection().execute(stmt, params)
    try:
        # sqlite3's and psycopg's cursors iterate their rows (an optional DB-API extension)
        yield from typed(Iterable[Any], result.cursor)
    finally:
        result.close()


def _known(categories: Sequence[str] | None) -> list[str]:
    """Every category a rollup row can hold (the taxonomy's, and unclassified), or those of the ones asked
    for: each has its column pair in the weekly table; write paths accept taxonomy categories only, so
    nothing is left out."""
    asked = set(categories if categories is not None else WEEKLY_CATEGORIES)
    return [c for c in WEEKLY_CATEGORIES if c in asked]


def _read_weeks(
    session: Session,
    out: dict[int, RepSums],
    *,
    categories: list[str],
    rep_ids: Sequence[int],
    weeks: tuple[date, date],
    by_week: list[str],
    mondays: list[date],
) -> None:
    """Add each rep's weekly rows in `weeks` to `out`: per category minutes and count summed, the selling
    split summed, and for the categories in `by_week` each week's count (RepSums.weekly)."""
    w = weekly_rollups.c
    span = and_(w.rep_id.in_(bindparam("rep_ids", expanding=True)), w.week >= weeks[0], w.week <= weeks[1])
    params = {"rep_ids": list(rep_ids)}
    measures = [w[name(c)] for c in categories for name in (minutes_column, count_column)]
    totals = select(
        w.rep_id,
        *(func.sum(m) for m in measures),
        func.sum(w.on_target_minutes),
        func.sum(w.new_logo_minutes),
        func.sum(w.existing_minutes),
    ).where(span)
    pairs = range(0, 2 * len(categories), 2)
    for rep_id, *values in _driver_rows(session, totals.group_by(w.rep_id), params):
        sums = out.get(rep_id) or out.setdefault(rep_id, RepSums())
        for category, i in zip(categories, pairs, strict=True):
            if values[i + 1]:  # a category with no activity has no entry, as with the daily rows
                sums.minutes[category] = values[i]
                sums.counts[category] = values[i + 1]
        sums.on_target += values[-3]
        sums.new_logo += values[-2]
        sums.existing += values[-1]
    if not by_week:
        return
    slot = {m: i for i, m in enumerate(mondays)}
    counts = select(w.rep_id, w.week, *(w[count_column(c)] for c in by_week)).where(span)
    for rep_id, week, *values in _driver_rows(session, counts, params):
        row = None
        for category, n in zip(by_week, values, strict=True):
            if n:
                if row is None:
                    sums = out.get(rep_id) or out.setdefault(rep_id, RepSums())
                    row = (sums.weekly or _weeks(sums, mondays))[slot[_day(week)]]
                row[category] = n


def _day(value: Any) -> date:
    """A date as the driver hands it back (SQLite keeps dates as ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _weeks(sums: RepSums, mondays: list[date]) -> list[dict[str, int]]:
    sums.weekly = [{} for _ in mondays]
    return sums.weekly


def category_sums(
    session: Session,
    *,
    period: Period,
    rep_ids: Sequence[int],
    bullseye: Bullseye,
    categories: Sequence[str] | None = None,
    by_week: Sequence[str] = (),
) -> dict[int, RepSums]:
    """Return {rep_id: RepSums} over the period for the reps with any activity in it; for the categories
    in `by_week`, RepSums.weekly also holds their counts in each week of period.weeks() (partial edge
    weeks count their days in the period only). The selling split (on_target, new_logo, existing) is
    read whole: the weekly rows keep it per rep-week, not per category."""
    out: dict[int, RepSums] = {}
    if not rep_ids:
        return out
    weeks, edges = _split(period)
    mondays = period.weeks()
    if weeks:
        _read_weeks(
            session,
            out,
            categories=_known(categories),
            rep_ids=rep_ids,
            weeks=weeks,
            by_week=_known(by_week) if by_week else [],
            mondays=mondays,
        )
    if edges:
        _add_days(session, out, edges, rep_ids, bullseye, categories)
        if by_week:
            _add_day_counts(session, out, edges, rep_ids, by_week, mondays)
    return out


def weekly_counts(
    session: Session, *, period: Period, rep_ids: Sequence[int], categories: Sequence[str], bullseye: Bullseye
) -> dict[int, list[dict[str, int]]]:
    """Return {rep_id: [{category: count} for each of period.weeks()]}, counts above zero only (partial
    edge weeks count their days in the period only); reps with no such activity at all are left out."""
    if not categories:
        return {}
    sums = category_sums(
        session, period=period, rep_ids=rep_ids, bullseye=bullseye, categories=categories, by_week=categories
    )
    return {rep_id: s.weekly for rep_id, s in sums.items() if any(s.weekly)}


def _add_day_counts(
    session: Session,
    out: dict[int, RepSums],
    edges: list[tuple[date, date]],
    rep_ids: Sequence[int],
    categories: Sequence[str],
    mondays: list[date],
) -> None:
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
        if count:
            sums = out.get(rep_id) or out.setdefault(rep_id, RepSums())
            week = (sums.weekly or _weeks(sums, mondays))[(day - mondays[0]).days // 7]
            week[category] = week.get(category, 0) + int(count)


def _add_days(
    session: Session,
    out: dict[int, RepSums],
    edges: list[tuple[date, date]],
    rep_ids: Sequence[int],
    bullseye: Bullseye,
    categories: Sequence[str] | None,
) -> None:
    r = ActivityRollup
    selling = r.category.in_(sorted(SELLING))

    def when(cond: Any) -> Any:
        return func.sum(case((cond, r.minutes), else_=0))

    targets = list(bullseye.target_personas) or ["-"]
    stmt = select(
        r.rep_id,
        r.category,
        func.sum(r.minutes),
        func.sum(r.count),
        when(and_(selling, r.tier.in_(ON_TARGET_TIERS), r.persona.in_(targets))),
        when(and_(selling, r.account_status == "prospect")),
        when(and_(selling, r.account_status.not_in(["", "prospect"]))),
    ).where(r.rep_id.in_(rep_ids), or_(*(r.day.between(lo, hi) for lo, hi in edges)))
    if categories is not None:
        stmt = stmt.where(r.category.in_(categories))
    for rep_id, category, minutes, count, on_target, new_logo, existing in session.execute(
        stmt.group_by(r.rep_id, r.category)
    ):
        sums = out.get(rep_id) or out.setdefault(rep_id, RepSums())
        sums.minutes[category] = sums.minutes.get(category, 0) + int(minutes)
        sums.counts[category] = sums.counts.get(category, 0) + int(count)
        sums.on_target += int(on_target)
        sums.new_logo += int(new_logo)
        sums.existing += int(existing)
