"""Upkeep of the weekly rollups: the daily rollups folded to rep x week x category (see WeeklyRollup)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Integer, String, and_, case, cast, delete, func, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.types import Date

from repfocus.domain.bullseye import ON_TARGET_TIERS
from repfocus.domain.taxonomy import BUCKETS
from repfocus.store.bullseye import current_bullseye
from repfocus.store.models import ActivityRollup, WeeklyRollup

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
    out: dict[WeekKey, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for (rep_id, day, category, persona, tier, status), (minutes, count) in deltas.items():
        acc = out[(rep_id, monday(day), category)]
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
    values = [
        {
            "rep_id": k[0],
            "week": k[1],
            "category": k[2],
            "minutes": v[0],
            "count": v[1],
            "on_target_minutes": v[2],
            "new_logo_minutes": v[3],
            "existing_minutes": v[4],
        }
        for k, v in weekly.items()
        if any(v)
    ]
    if not values:
        return
    table = WeeklyRollup.__table__
    dialect = session.get_bind().dialect.name
    stmt = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    measures = ("minutes", "count", "on_target_minutes", "new_logo_minutes", "existing_minutes")
    stmt = stmt.on_conflict_do_update(
        index_elements=["rep_id", "week", "category"],
        set_={m: table.c[m] + stmt.excluded[m] for m in measures},
    )
    for i in range(0, len(values), 5000):
        session.execute(stmt, values[i : i + 5000])
    if any(v[1] < 0 for v in weekly.values()):
        session.execute(delete(table).where(table.c.count <= 0))


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
