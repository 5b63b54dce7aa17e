"""Organization-level facts the diagnosis reads: is a bullseye saved, which teams lack cadence targets,
when each rep last had coaching (an activity with category coaching, or a recorded coaching session)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repfocus.store.bullseye import current_version
from repfocus.store.models import ActivityRollup, CoachingSession, Target, Team


def last_coaching_days(session: Session, *, until: date, rep_ids: Sequence[int]) -> dict[int, date]:
    """Return the last day up to `until` on which each rep had coaching: an activity with category
    coaching or a coaching session, whichever is later."""
    if not rep_ids:
        return {}
    r, c = ActivityRollup, CoachingSession
    logged = (
        select(r.rep_id, func.max(r.day))
        .where(r.rep_id.in_(rep_ids), r.category == "coaching", r.day <= until)
        .group_by(r.rep_id)
    )
    held = (
        select(c.rep_id, func.max(c.held_on))
        .where(c.rep_id.in_(rep_ids), c.held_on <= until)
        .group_by(c.rep_id)
    )
    last: dict[int, date] = {}
    for rep_id, day in [*session.execute(logged), *session.execute(held)]:
        if day is not None and (rep_id not in last or day > last[rep_id]):
            last[rep_id] = day
    return last


def team_cadence_gaps(session: Session) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return (every team name, the teams with no weekly cadence target set for the team)."""
    teams = [(t.id, t.name) for t in session.scalars(select(Team).order_by(Team.name))]
    with_cadence = set(
        session.scalars(
            select(Target.team_id).where(
                Target.metric == "weekly_count", Target.rep_id.is_(None), Target.value > 0
            )
        )
    )
    return tuple(n for _i, n in teams), tuple(n for i, n in teams if i not in with_cadence)


def is_bullseye_defined(session: Session) -> bool:
    """Return True once the leader saved a bullseye (the default one does not count)."""
    return current_version(session) is not None
