"""Trends: each rep's weekly selling share, selling minutes and on-target share, and their slopes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from repfocus.analytics.scope import RepRef, rep_refs, week_index
from repfocus.domain.bullseye import ON_TARGET_TIERS
from repfocus.domain.measures import ratio, slope
from repfocus.domain.period import Period
from repfocus.domain.taxonomy import BUCKETS
from repfocus.store.bullseye import current_bullseye
from repfocus.store.models import ActivityRollup


@dataclass(frozen=True, slots=True)
class RepTrend:
    """One rep's weekly series (index i belongs to TrendReport.weeks[i]) and least-squares slopes per week."""

    rep: RepRef
    total_minutes: list[int]
    selling_minutes: list[int]
    on_target_minutes: list[int]

    @property
    def selling_share(self) -> list[float | None]:
        return [ratio(s, t) for s, t in zip(self.selling_minutes, self.total_minutes, strict=True)]

    @property
    def on_target_share(self) -> list[float | None]:
        return [ratio(o, s) for o, s in zip(self.on_target_minutes, self.selling_minutes, strict=True)]

    @property
    def selling_share_slope(self) -> float | None:
        """Change of the selling share per week (negative: sliding)."""
        return slope(self.selling_share)

    @property
    def selling_minutes_slope(self) -> float | None:
        return slope([float(m) for m in self.selling_minutes])

    @property
    def on_target_share_slope(self) -> float | None:
        return slope(self.on_target_share)

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.rep.as_dict(),
            "total_minutes": self.total_minutes,
            "selling_minutes": self.selling_minutes,
            "on_target_minutes": self.on_target_minutes,
            "selling_share": self.selling_share,
            "on_target_share": self.on_target_share,
            "selling_share_slope": self.selling_share_slope,
            "selling_minutes_slope": self.selling_minutes_slope,
            "on_target_share_slope": self.on_target_share_slope,
        }


@dataclass(frozen=True, slots=True)
class TrendReport:
    period: Period
    weeks: list[date]
    reps: list[RepTrend]

    def as_dict(self) -> dict[str, Any]:
        """Return {"period", "weeks": [Monday ISO], "reps": [RepTrend.as_dict()]}."""
        return {
            "period": self.period.as_dict(),
            "weeks": [w.isoformat() for w in self.weeks],
            "reps": [r.as_dict() for r in self.reps],
        }


def trends_for(session: Session, *, period: Period, reps: Sequence[RepRef]) -> dict[int, RepTrend]:
    """Return each rep's weekly totals over the weeks of `period`, from the rollups in one query."""
    weeks = period.weeks()
    bullseye = current_bullseye(session)
    series = {r.rep_id: ([0] * len(weeks), [0] * len(weeks), [0] * len(weeks)) for r in reps}
    if reps and weeks:
        r = ActivityRollup
        week = week_index(session, weeks[0]).label("week")
        selling = r.category.in_(BUCKETS["selling"])
        hit = and_(selling, r.tier.in_(ON_TARGET_TIERS), r.persona.in_(bullseye.target_personas or ("-",)))
        stmt = (
            select(
                r.rep_id,
                week,
                func.sum(r.minutes),
                func.sum(case((selling, r.minutes), else_=0)),
                func.sum(case((hit, r.minutes), else_=0)),
            )
            .where(r.rep_id.in_(list(series)), r.day >= period.start, r.day <= period.end)
            .group_by(r.rep_id, week)
        )
        for rep_id, w, total, sell, on in session.execute(stmt):
            s = series[rep_id]
            s[0][int(w)], s[1][int(w)], s[2][int(w)] = int(total), int(sell), int(on)
    return {rep.rep_id: RepTrend(rep, *series[rep.rep_id]) for rep in reps}


def trends(
    session: Session,
    *,
    end: date,
    weeks: int = 8,
    team: str | None = None,
    rep_email: str | None = None,
    rep_ids: Sequence[int] | None = None,
) -> TrendReport:
    """Return the weekly series and slopes of the selected reps over the `weeks` weeks ending with `end`'s."""
    period = Period.last_weeks(weeks, today=end)
    reps = rep_refs(session, team=team, rep_email=rep_email, rep_ids=rep_ids)
    values = trends_for(session, period=period, reps=reps)
    return TrendReport(period, period.weeks(), [values[r.rep_id] for r in reps])
