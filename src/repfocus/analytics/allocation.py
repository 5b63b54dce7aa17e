"""Where the time went: minutes and share per bucket for each rep, read from the daily rollups."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVarTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from repfocus.domain.period import Period
from repfocus.domain.taxonomy import BUCKET_NAMES, bucket_of
from repfocus.store.models import ActivityRollup, Target, Team, User

Ts = TypeVarTuple("Ts")


@dataclass(frozen=True, slots=True)
class RepAllocation:
    """One rep's minutes and shares per bucket over a period, beside the selling-share target."""

    rep_id: int
    email: str
    name: str
    team: str | None
    minutes: dict[str, int]
    target_selling_share: float | None
    by_category: dict[str, int] = field(default_factory=dict)

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes.values())

    @property
    def share(self) -> dict[str, float]:
        total = self.total_minutes
        return {b: (round(m / total, 4) if total else 0.0) for b, m in self.minutes.items()}

    @property
    def selling_share(self) -> float | None:
        """Return the selling share; None when the rep logged no time in the period."""
        return self.share["selling"] if self.total_minutes else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "email": self.email,
            "name": self.name,
            "team": self.team,
            "minutes": self.minutes,
            "share": self.share,
            "selling_share": self.selling_share,
            "target_selling_share": self.target_selling_share,
        }


@dataclass(frozen=True, slots=True)
class AllocationReport:
    period: Period
    reps: list[RepAllocation]

    def as_dict(self) -> dict[str, Any]:
        """Return the stable JSON shape of `report allocation`."""
        return {"period": self.period.as_dict(), "reps": [r.as_dict() for r in self.reps]}


def filter_reps(
    stmt: Select[*Ts],
    *,
    team: str | None = None,
    rep_email: str | None = None,
    visible: tuple[str, frozenset[int]] = ("all", frozenset()),
) -> Select[*Ts] | None:
    """Return `stmt` (a select over users) narrowed to the active reps the viewer may see (`visible`,
    from domain.access.visible_rep_filter), optionally of one team (by name) or one rep (by email);
    None when the viewer may see nobody."""
    stmt = stmt.where(User.role == "rep", User.is_active.is_(True))
    mode, ids = visible
    if mode == "teams":
        stmt = stmt.where(User.team_id.in_(sorted(ids)))
    elif mode == "self":
        stmt = stmt.where(User.id.in_(sorted(ids)))
    elif mode != "all":
        return None
    if team is not None:
        stmt = stmt.where(User.team_id.in_(select(Team.id).where(Team.name == team)))
    if rep_email is not None:
        stmt = stmt.where(func.lower(User.email) == rep_email.lower())
    return stmt.order_by(User.team_id, User.name)


def select_reps(
    session: Session,
    *,
    team: str | None = None,
    rep_email: str | None = None,
    visible: tuple[str, frozenset[int]] = ("all", frozenset()),
) -> list[User]:
    """Return active reps the viewer may see (`visible`, from domain.access.visible_rep_filter),
    optionally of one team (by name) or one rep (by email), by team and name."""
    stmt = filter_reps(select(User), team=team, rep_email=rep_email, visible=visible)
    return [] if stmt is None else list(session.scalars(stmt))


def selling_targets(session: Session, reps: list[User]) -> dict[int, float]:
    """Return each rep's selling-share target: the rep's own override, else the team's."""
    rows = session.execute(
        select(Target.team_id, Target.rep_id, Target.value).where(
            Target.metric == "bucket_share", Target.key == "selling"
        )
    ).all()
    by_team = {t: v for t, r, v in rows if r is None}
    by_rep = {r: v for _t, r, v in rows if r is not None}
    out: dict[int, float] = {}
    for rep in reps:
        value = by_rep.get(rep.id, by_team.get(rep.team_id))
        if value is not None:
            out[rep.id] = value
    return out


def allocation(
    session: Session,
    *,
    period: Period,
    team: str | None = None,
    rep_email: str | None = None,
    visible: tuple[str, frozenset[int]] = ("all", frozenset()),
) -> AllocationReport:
    """Return each selected (and visible) rep's minutes per bucket in `period`, from the rollups."""
    reps = select_reps(session, team=team, rep_email=rep_email, visible=visible)
    team_names = {t: n for t, n in session.execute(select(Team.id, Team.name))}
    ids = [r.id for r in reps]
    per_rep: dict[int, dict[str, int]] = {i: {} for i in ids}
    if ids:
        rows = session.execute(
            select(ActivityRollup.rep_id, ActivityRollup.category, func.sum(ActivityRollup.minutes))
            .where(
                ActivityRollup.rep_id.in_(ids),
                ActivityRollup.day >= period.start,
                ActivityRollup.day <= period.end,
            )
            .group_by(ActivityRollup.rep_id, ActivityRollup.category)
        )
        for rep_id, category, minutes in rows:
            per_rep[rep_id][category] = int(minutes)
    targets = selling_targets(session, reps)
    out = []
    for rep in reps:
        cats = per_rep[rep.id]
        buckets = dict.fromkeys(BUCKET_NAMES, 0)
        for category, minutes in cats.items():
            buckets[bucket_of(category)] += minutes
        out.append(
            RepAllocation(
                rep_id=rep.id,
                email=rep.email,
                name=rep.name,
                team=team_names.get(rep.team_id) if rep.team_id else None,
                minutes=buckets,
                target_selling_share=targets.get(rep.id),
                by_category=dict(sorted(cats.items())),
            )
        )
    return AllocationReport(period=period, reps=out)
