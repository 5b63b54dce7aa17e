"""Target use cases: set a team's targets or a rep's overrides, clear them, show what applies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, NotFound, can_edit_targets, can_view_sales_data, require
from repfocus.domain.targets import TargetValue, check_target
from repfocus.store.db import Database
from repfocus.store.models import Target, Team, User


class TargetScopeUnknown(NotFound):
    """The team or rep a target is for does not exist."""


@dataclass(frozen=True, slots=True)
class TeamTargets:
    """A team's targets and its reps' overrides."""

    team: str
    targets: list[TargetValue]
    overrides: dict[str, list[TargetValue]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        def values(ts: list[TargetValue]) -> dict[str, float]:
            return {t.label: t.value for t in ts}

        return {
            "team": self.team,
            "targets": values(self.targets),
            "overrides": {email: values(ts) for email, ts in self.overrides.items()},
        }


def _scope(session: Session, team: str | None, rep_email: str | None) -> tuple[int | None, int | None]:
    if rep_email:
        rep_id = session.scalar(select(User.id).where(func.lower(User.email) == rep_email.lower()))
        if rep_id is None:
            raise TargetScopeUnknown(f"rep {rep_email!r} not found")
        return None, rep_id
    if team:
        team_id = session.scalar(select(Team.id).where(Team.name == team))
        if team_id is None:
            raise TargetScopeUnknown(f"team {team!r} not found")
        return team_id, None
    raise TargetScopeUnknown("give a team or a rep")


def set_targets(
    db: Database,
    *,
    actor: Actor | None,
    team: str | None = None,
    rep_email: str | None = None,
    values: Iterable[TargetValue] = (),
    clear: Iterable[tuple[str, str]] = (),
) -> int:
    """Upsert `values` for the team (or the rep's overrides), delete `clear`ed targets; return changes."""
    if actor is not None:
        require(can_edit_targets(actor), "only leaders set targets")
    checked = [check_target(v.metric, v.key, v.value) for v in values]
    with db.session() as session:
        team_id, rep_id = _scope(session, team, rep_email)
        scope = Target.rep_id == rep_id if rep_id is not None else Target.team_id == team_id
        if rep_id is None:
            scope = scope & Target.rep_id.is_(None)
        changed = 0
        for metric, key in clear:
            result = session.execute(delete(Target).where(scope, Target.metric == metric, Target.key == key))
            changed += int(getattr(result, "rowcount", 0) or 0)
        for v in checked:
            row = session.scalars(
                select(Target).where(scope, Target.metric == v.metric, Target.key == v.key)
            ).first()
            if row is None:
                session.add(Target(team_id=team_id, rep_id=rep_id, metric=v.metric, key=v.key, value=v.value))
            else:
                row.value = v.value
            changed += 1
        session.commit()
    return changed


def show_targets(db: Database, *, actor: Actor | None = None, team: str | None = None) -> list[TeamTargets]:
    """Return every team's targets (or one team's) with its reps' overrides."""
    if actor is not None:
        require(can_view_sales_data(actor), "targets are for leaders, managers and reps")
    with db.session() as session:
        teams = session.execute(select(Team.id, Team.name).order_by(Team.name)).all()
        if team is not None:
            teams = [t for t in teams if t[1] == team]
            if not teams:
                raise TargetScopeUnknown(f"team {team!r} not found")
        rows = session.execute(
            select(
                Target.team_id,
                Target.rep_id,
                Target.metric,
                Target.key,
                Target.value,
                User.email,
                User.team_id,
            )
            .outerjoin(User, User.id == Target.rep_id)
            .order_by(Target.metric, Target.key)
        ).all()
    out = []
    for team_id, name in teams:
        mine = [TargetValue(m, k, v) for t, r, m, k, v, _e, _ut in rows if r is None and t == team_id]
        overrides: dict[str, list[TargetValue]] = {}
        for _t, r, m, k, v, email, user_team in rows:
            if r is not None and user_team == team_id:
                overrides.setdefault(email, []).append(TargetValue(m, k, v))
        out.append(TeamTargets(name, mine, dict(sorted(overrides.items()))))
    return out
