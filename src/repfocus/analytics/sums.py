"""Minutes and counts per rep and category over any period, read from the weekly rollups for the whole
weeks inside the period and from the daily rollups for the days at its edges.

The org-wide dashboard reads about reps x categories x weeks rows here (500 x 17 x 13 = 110k), so the
readers stream Core rows into plain dicts keyed by category: no entities, no object per row kept."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import Executable, and_, case, func, or_, select
from sqlalchemy.orm import Session

from repfocus.domain.bullseye import ON_TARGET_TIERS, Bullseye
from repfocus.domain.period import Period
from repfocus.domain.taxonomy import BUCKETS, CATEGORIES, UNCLASSIFIED
from repfocus.store.models import ActivityRollup, WeeklyRollup

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


def _driver_rows(session: Session, stmt: Executable) -> Iterator[Any]:
    """Yield the rows of a Core select as the driver returns them (tuples, the driver's types).

    SQLAlchemy's statement cache and parameters still apply; only the Row wrapping per row is
    skipped, a third of the cost of reading the ~20k rows of an org-wide cadence heat map."""
    result = session.connection().execute(stmt)
    try:
        # sqlite3's and psycopg's cursors iterate their rows (an optional DB-API extension)
        yield from cast(Iterable[Any], result.cursor)
    finally:
        result.close()


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
    categories: Sequence[str] | None = None,
) -> dict[int, RepSums]:
    """Return {rep_id: RepSums} over the period for the reps with any activity in it."""
    out: dict[int, RepSums] = {}
    if not rep_ids:
        return out
    weeks, edges = _split(period)
    if weeks:
        w = WeeklyRollup
        known = _known(categories)
        span = (w.rep_id.in_(rep_ids), w.week >= weeks[0], w.week <= weeks[1])
        key = (w.rep_id, w.category)
        # Only selling rows carry the on-target and new-logo split: summing those columns over the
        # other categories' rows (about two in three) would add zeros at the cost of a pass each.
        other = [c for c in known if c not in SELLING]
        if other:
            plain = select(*key, func.sum(w.minutes), func.sum(w.count))
            rep, sums = None, RepSums()
            for rep_id, category, minutes, count in _driver_rows(
                session, plain.where(*span, w.category.in_(other)).group_by(*key)
            ):
                if rep_id != rep:  # rows come by rep (key order): look the rep up once per run
                    rep, sums = rep_id, out.get(rep_id) or out.setdefault(rep_id, RepSums())
                sums.minutes[category] = minutes
                sums.counts[category] = count
        selling = [c for c in known if c in SELLING]
        if selling:
            split = (w.on_target_minutes, w.new_logo_minutes, w.existing_minutes)
            with_split = select(*key, func.sum(w.minutes), func.sum(w.count), *map(func.sum, split))
            rep, sums = None, RepSums()
            for rep_id, category, minutes, count, on_target, new_logo, existing in _driver_rows(
                session, with_split.where(*span, w.category.in_(selling)).group_by(*key)
            ):
                if rep_id != rep:
                    rep, sums = rep_id, out.get(rep_id) or out.setdefault(rep_id, RepSums())
                sums.minutes[category] = minutes
                sums.counts[category] = count
                sums.on_target += on_target
                sums.new_logo += new_logo
                sums.existing += existing
    if edges:
        _add_days(session, out, edges, rep_ids, bullseye, categories)
    return out


def weekly_counts(
    session: Session, *, period: Period, rep_ids: Sequence[int], categories: Sequence[str]
) -> dict[int, list[dict[str, int]]]:
    """Return {rep_id: [{category: count} for each of period.weeks()]}, counts above zero only (partial
    edge weeks count their days in the period only); reps with no such activity at all are left out."""
    out: dict[int, list[dict[str, int]]] = {}
    mondays = period.weeks()
    if not rep_ids or not categories or not mondays:
        return out
    weeks, edges = _split(period)
    if weeks:
        w = WeeklyRollup
        # Each (rep, category, week) is one row of the weekly table: read them as they are (one key
        # range per rep and category) and place them, rather than pivot weeks into columns in SQL.
        # The driver hands weeks back as ISO text (SQLite) or dates (PostgreSQL).
        slot = {m: i for i, m in enumerate(mondays)} | {m.isoformat(): i for i, m in enumerate(mondays)}
        stmt = select(w.rep_id, w.category, w.week, w.count).where(
            w.rep_id.in_(rep_ids),
            w.category.in_(_known(categories)),
            w.week >= weeks[0],
            w.week <= weeks[1],
        )
        rep: int | None = None
        row: list[dict[str, int]] = []
        for rep_id, category, week, count in _driver_rows(session, stmt):
            if rep_id != rep:  # rows come by rep (key order): look the rep up once per run
                rep = rep_id
                row = out.get(rep_id) or out.setdefault(rep_id, [{} for _ in mondays])
            if count:
                row[slot[week]][category] = count
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
            if count:
                week_counts = out.setdefault(rep_id, [{} for _ in mondays])[(day - mondays[0]).days // 7]
                week_counts[category] = week_counts.get(category, 0) + int(count)
    return out


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
