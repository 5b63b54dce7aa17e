"""Who a report covers: the selected reps with their team, the targets that apply, team medians."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Integer, Select, cast, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from repfocus.analytics.allocation import filter_reps
from repfocus.domain.measures import median
from repfocus.store.models import ActivityRollup, Target, Team, User

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RepRef:
    """A rep as reports name them."""

    rep_id: int
    email: str
    name: str
    team_id: int | None
    team: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"email": self.email, "name": self.name, "team": self.team}


def _refs(session: Session, stmt: Select[int, str, str, int | None, str | None] | None) -> list[RepRef]:
    return [] if stmt is None else [RepRef(*row) for row in session.execute(stmt)]


def _ref_columns() -> Select[int, str, str, int | None, str | None]:
    return select(User.id, User.email, User.name, User.team_id, Team.name).outerjoin(
        Team, User.team_id == Team.id
    )


def rep_refs(
    session: Session,
    *,
    team: str | None = None,
    rep_email: str | None = None,
    rep_ids: Sequence[int] | None = None,
    visible: tuple[str, frozenset[int]] = ("all", frozenset()),
) -> list[RepRef]:
    """Return the active reps matching the filters (all when none) that the viewer may see (`visible`,
    from domain.access.visible_rep_filter), ordered by team and name."""
    reps = _refs(session, filter_reps(_ref_columns(), team=team, rep_email=rep_email, visible=visible))
    if rep_ids is not None:
        wanted = set(rep_ids)
        reps = [r for r in reps if r.rep_id in wanted]
    return reps


def team_peers(session: Session, reps: Sequence[RepRef]) -> list[RepRef]:
    """Return every active rep in the teams of `reps` (the population team medians are taken over)."""
    peers: dict[int, RepRef] = {r.rep_id: r for r in reps}
    team_ids = sorted({r.team_id for r in reps if r.team_id is not None})
    if team_ids:
        stmt = filter_reps(_ref_columns().where(User.team_id.in_(team_ids)))
        for r in _refs(session, stmt):
            peers.setdefault(r.rep_id, r)
    return list(peers.values())


def effective_targets(session: Session, reps: Sequence[RepRef]) -> dict[int, dict[tuple[str, str], float]]:
    """Return each rep's targets {(metric, key): value}: the team's, overridden key by key by the rep's."""
    rows = session.execute(select(Target.team_id, Target.rep_id, Target.metric, Target.key, Target.value))
    by_team: dict[int, dict[tuple[str, str], float]] = defaultdict(dict)
    by_rep: dict[int, dict[tuple[str, str], float]] = defaultdict(dict)
    for team_id, rep_id, metric, key, value in rows:
        if rep_id is not None:
            by_rep[rep_id][(metric, key)] = float(value)
        elif team_id is not None:
            by_team[team_id][(metric, key)] = float(value)
    out: dict[int, dict[tuple[str, str], float]] = {}
    for rep in reps:
        merged = dict(by_team.get(rep.team_id or -1, {}))
        merged.update(by_rep.get(rep.rep_id, {}))
        out[rep.rep_id] = merged
    return out


def medians_by_team(
    reps: Iterable[RepRef], values: dict[int, T], fields: dict[str, Callable[[T], float | None]]
) -> dict[str, dict[str, float | None]]:
    """Return {team: {field: median over the team's reps}} for the values of each rep."""
    groups: dict[str, list[T]] = defaultdict(list)
    for rep in reps:
        if rep.team and rep.rep_id in values:
            groups[rep.team].append(values[rep.rep_id])
    return {
        team: {name: median([get(v) for v in items]) for name, get in fields.items()}
        for team, items in sorted(groups.items())
    }


def week_index(session: Session, first_monday: date) -> ColumnElement[Any]:
    """Return a SQL expression: the number of whole weeks between `first_monday` and the rollup's day."""
    if session.get_bind().dialect.name == "sqlite":
        days = func.julianday(ActivityRollup.day) - func.julianday(literal(first_monday.isoformat()))
        return cast(days / 7, Integer)
    return (ActivityRollup.day - literal(first_monday)) // 7
