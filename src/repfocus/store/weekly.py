"""Upkeep of the weekly rollups: the daily rollups folded to rep x week x category (see WeeklyRollup)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Integer, String, and_, case, cast, delete, func, insert, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.types import Date

from repfocus.domain.bullseye import ON_TARGET_TIERS
from repfocus.domain.taxonomy import BUCKETS
from repfocus.store.bullseye import current_bullseye
from repfocus.store.models import ActivityRollup, WeeklyRollup
from repfocus.store.upsert import add_to

SELLING = frozenset(BUCKETS["selling"])
WeekKey = tuple[int, date, str]


def monday(day: date) -> date:
    """Return the Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def fold(
    deltas: Mapping[tuple[int, date, str, str, str, str], Sequence[int]], target_personas: Sequence[str]
) -> dict[WeekKey, list[int]]:
    """Return daily-rollup deltas folded to weekly ones: [minutes, count, on_target, new_logo, existing]."""
    targets = set(target_personas)
    mondays: dict[date, date] = {}
    out: dict[WeekKey, list[int]] = {}
    for (rep_id, day, category, persona, tier, status), (minutes, count) in deltas.items():
        week = mondays.get(day)
        if week is None:
            week = mondays[day] = monday(day)
        key = (rep_id, week, category)
        acc = out.get(key)
        if acc is None:
            acc = out[key] = [minutes, count, 0, 0, 0]
        else:
            acc[0] += minutes
            acc[1] += count
        if category in SELLING:
            if tier in ON_TARGET_TIERS and persona in targets:
                acc[2] += minutes
            if status == "prospect":
                acc[3] += minutes
            elif status:
                acc[4] += minutes
    return out


def apply_weekly_deltas(
    session: Session, deltas: Mapping[tuple[int, date, str, str, str, str], Sequence[int]]
) -> None:
    """Add the weekly fold of daily-rollup `deltas` to the weekly table, dropping rows that fall to zero."""
    weekly = fold(deltas, current_bullseye(session).target_personas)
    rows = [(*k, *v) for k, v in weekly.items() if any(v)]
    measures = ("minutes", "count", "on_target_minutes", "new_logo_minutes", "existing_minutes")
    add_to(session, "activity_rollups_weekly", ("rep_id", "week", "category"), measures, rows)
    if any(v[1] < 0 for v in weekly.values()):
        session.execute(delete(WeeklyRollup).where(WeeklyRollup.count <= 0))


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

    def when(cond: Any) -> Any:
        return func.sum(case((cond, r.minutes), else_=0))

    week = week_of(session, r.day).label("week")
    rows = select(
        r.rep_id,
        week,
        r.category,
        func.sum(r.minutes),
        func.sum(r.count),
        when(and_(selling, r.tier.in_(ON_TARGET_TIERS), r.persona.in_(targets))),
        when(and_(selling, r.account_status == "prospect")),
        when(and_(selling, r.account_status.not_in(["", "prospect"]))),
    ).group_by(r.rep_id, week, r.category)
    session.execute(delete(WeeklyRollup))
    cols = [
        "rep_id",
        "week",
        "category",
        "minutes",
        "count",
        "on_target_minutes",
        "new_logo_minutes",
        "existing_minutes",
    ]
    session.execute(insert(WeeklyRollup).from_select(cols, rows))
