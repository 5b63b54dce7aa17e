"""Upkeep of the weekly rollups: the daily rollups folded to one row per rep and week (see WeeklyRollup)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Integer, String, and_, case, cast, delete, func, insert, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.types import Date

from repfocus.domain.bullseye import ON_TARGET_TIERS
from repfocus.domain.taxonomy import BUCKETS
from repfocus.store.bullseye import current_bullseye
from repfocus.store.models import (
    WEEKLY_CATEGORIES,
    WEEKLY_MEASURES,
    ActivityRollup,
    count_column,
    weekly_rollups,
)
from repfocus.store.upsert import add_to

SELLING = frozenset(BUCKETS["selling"])
WeekKey = tuple[int, date]


def monday(day: date) -> date:
    """Return the Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


_SLOT = {category: 2 * i for i, category in enumerate(WEEKLY_CATEGORIES)}  # minutes, then count at +1
_ON_TARGET, _NEW_LOGO, _EXISTING = (len(WEEKLY_MEASURES) - 3 + i for i in range(3))


def fold(
    deltas: Mapping[tuple[int, date, str, str, str, str], Sequence[int]],
    target_personas: Sequence[str],
    into: dict[WeekKey, list[int]] | None = None,
) -> dict[WeekKey, list[int]]:
    """Return daily-rollup deltas folded to weekly ones: {(rep_id, monday): values in WEEKLY_MEASURES order}
    (each category's minutes and count, then on-target, new-logo and existing selling minutes); added to
    `into` when given (folding in pieces)."""
    targets = set(target_personas)
    mondays: dict[date, date] = {}
    width = len(WEEKLY_MEASURES)
    out: dict[WeekKey, list[int]] = {} if into is None else into
    for (rep_id, day, category, persona, tier, status), (minutes, count) in deltas.items():
        week = mondays.get(day)
        if week is None:
            week = mondays[day] = monday(day)
        key = (rep_id, week)
        acc = out.get(key)
        if acc is None:
            acc = out[key] = [0] * width
        slot = _SLOT[category]
        acc[slot] += minutes
        acc[slot + 1] += count
        if category in SELLING:
            if tier in ON_TARGET_TIERS and persona in targets:
                acc[_ON_TARGET] += minutes
            if status == "prospect":
                acc[_NEW_LOGO] += minutes
            elif status:
                acc[_EXISTING] += minutes
    return out


def weekly_rows(
    weekly: Mapping[WeekKey, Sequence[int]], stored_day: Callable[[date], Any]
) -> list[tuple[Any, ...]]:
    """Return folded weekly changes (fold) as driver rows for add_weekly_rows: rep_id, the Monday as
    `stored_day` gives it, then WEEKLY_MEASURES; all-zero changes left out."""
    return [(k[0], stored_day(k[1]), *v) for k, v in weekly.items() if any(v)]


def add_weekly_rows(session: Session, rows: Sequence[Sequence[Any]]) -> None:
    """Add weekly_rows() to the weekly table."""
    add_to(session, "activity_rollups_weekly", ("rep_id", "week"), WEEKLY_MEASURES, rows)


def apply_weekly_deltas(
    session: Session, deltas: Mapping[tuple[int, date, str, str, str, str], Sequence[int]]
) -> None:
    """Add the weekly fold of daily-rollup `deltas` to the weekly table, dropping rows that fall to zero."""
    weekly = fold(deltas, current_bullseye(session).target_personas)
    add_weekly_rows(session, weekly_rows(weekly, lambda day: day))
    if any(v[1] < 0 for v in deltas.values()):  # something was taken away: rows may have emptied
        total = sum((weekly_rollups.c[count_column(c)] for c in WEEKLY_CATEGORIES), literal(0))
        session.execute(delete(weekly_rollups).where(total <= 0))


def week_of(session: Session, day: Any) -> Any:
    """Return a SQL expression for the Monday of the week holding the date expression `day`."""
    if session.get_bind().dialect.name == "sqlite":
        back = (cast(func.strftime("%w", day), Integer) + 6) % 7
        return func.date(day, literal("-", String).concat(cast(back, String)).concat(" days"))
    return cast(func.date_trunc("week", day), Date)


def rebuild_weekly(session: Session) -> None:
    """Refold every weekly rollup from the daily rollups with the current bullseye, in one statement."""
    r = ActivityRollup
    targets = list(current_bullseye(session).target_personas) or ["-"]
    selling = r.category.in_(sorted(SELLING))

    def when(cond: Any, value: Any) -> Any:
        return func.sum(case((cond, value), else_=0))

    week = week_of(session, r.day).label("week")
    pivot = [when(r.category == c, value) for c in WEEKLY_CATEGORIES for value in (r.minutes, r.count)]
    rows = select(
        r.rep_id,
        week,
        *pivot,
        when(and_(selling, r.tier.in_(ON_TARGET_TIERS), r.persona.in_(targets)), r.minutes),
        when(and_(selling, r.account_status == "prospect"), r.minutes),
        when(and_(selling, r.account_status.not_in(["", "prospect"])), r.minutes),
    ).group_by(r.rep_id, week)
    session.execute(delete(weekly_rollups))
    session.execute(insert(weekly_rollups).from_select(["rep_id", "week", *WEEKLY_MEASURES], rows))
