"""Trends from the rollups: weekly selling and on-target share with slopes, minutes per bucket per week;
and the raw activities of one week."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from repfocus.analytics.scope import RepRef, rep_refs, week_index
from repfocus.domain.bullseye import ON_TARGET_TIERS
from repfocus.domain.measures import ratio, slope
from repfocus.domain.period import Period
from repfocus.domain.taxonomy import BUCKET_NAMES, BUCKETS, bucket_of
from repfocus.store.bullseye import current_bullseye
from repfocus.store.models import Account, Activity, ActivityRollup, Contact


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

    def as_table(self) -> tuple[list[str], list[list[Any]]]:
        """Return (header, rows): slopes per week, then the selling share of each week."""
        header = [
            "email",
            "name",
            "team",
            "selling_share_slope",
            "on_target_share_slope",
            *(f"selling_share_{w.isoformat()}" for w in self.weeks),
        ]
        rows = [
            [*t.rep.as_dict().values(), t.selling_share_slope, t.on_target_share_slope, *t.selling_share]
            for t in self.reps
        ]
        return header, rows


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
    visible: tuple[str, frozenset[int]] = ("all", frozenset()),
) -> TrendReport:
    """Return the weekly series and slopes of the selected reps over the `weeks` weeks ending with `end`'s."""
    period = Period.last_weeks(weeks, today=end)
    reps = rep_refs(session, team=team, rep_email=rep_email, rep_ids=rep_ids, visible=visible)
    values = trends_for(session, period=period, reps=reps)
    return TrendReport(period, period.weeks(), [values[r.rep_id] for r in reps])


@dataclass(frozen=True, slots=True)
class WeekAllocation:
    """Minutes per bucket in one Monday-to-Sunday week."""

    week: date
    minutes: dict[str, int]

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes.values())

    @property
    def selling_share(self) -> float | None:
        """Return the selling share of the week; None when nothing was logged."""
        total = self.total_minutes
        return round(self.minutes["selling"] / total, 4) if total else None


@dataclass(frozen=True, slots=True)
class ActivityLine:
    """One activity as a rep's week shows it, its start in the organization's time zone."""

    id: int
    started_local: datetime
    duration_minutes: int
    kind: str
    category: str | None
    subject: str
    account: str | None
    contact: str | None
    contact_persona: str | None
    outcome: str | None
    account_id: int | None = None  # for the link to the account's page

    @property
    def bucket(self) -> str:
        return bucket_of(self.category)


def weekly_allocation(
    session: Session, *, rep_ids: list[int], period: Period
) -> dict[int, list[WeekAllocation]]:
    """Return, for each rep, minutes per bucket for every week overlapping `period` (empty weeks included)."""
    weeks = period.weeks()
    per: dict[int, dict[date, dict[str, int]]] = {
        r: {w: dict.fromkeys(BUCKET_NAMES, 0) for w in weeks} for r in rep_ids
    }
    if rep_ids:
        rows = session.execute(
            select(
                ActivityRollup.rep_id,
                ActivityRollup.day,
                ActivityRollup.category,
                func.sum(ActivityRollup.minutes),
            )
            .where(
                ActivityRollup.rep_id.in_(rep_ids),
                ActivityRollup.day >= period.start,
                ActivityRollup.day <= period.end,
            )
            .group_by(ActivityRollup.rep_id, ActivityRollup.day, ActivityRollup.category)
        )
        for rep_id, day, category, minutes in rows:
            monday = day - timedelta(days=day.weekday())
            per[rep_id][monday][bucket_of(category)] += int(minutes)
    return {r: [WeekAllocation(week=w, minutes=m) for w, m in by_week.items()] for r, by_week in per.items()}


def week_bounds(week: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Return the UTC instants where the local week starting on Monday `week` begins and ends."""
    start = datetime.combine(week, time(0), tzinfo=zone)
    end = datetime.combine(week + timedelta(weeks=1), time(0), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def week_activities(session: Session, *, rep_id: int, week: date, zone: ZoneInfo) -> list[ActivityLine]:
    """Return the rep's activities that start in the local week beginning Monday `week`, in time order."""
    start, end = week_bounds(week, zone)
    rows = session.execute(
        select(
            Activity.id,
            Activity.started_at,
            Activity.duration_minutes,
            Activity.kind,
            Activity.category,
            Activity.subject,
            Account.name,
            Contact.name,
            Contact.persona,
            Activity.outcome,
            Activity.account_id,
        )
        .outerjoin(Account, Activity.account_id == Account.id)
        .outerjoin(Contact, Activity.contact_id == Contact.id)
        .where(Activity.rep_id == rep_id, Activity.started_at >= start, Activity.started_at < end)
        .order_by(Activity.started_at, Activity.id)
    )
    return [
        ActivityLine(
            id=aid,
            started_local=started.astimezone(zone),
            duration_minutes=minutes,
            kind=kind,
            category=category,
            subject=subject or "",
            account=account,
            contact=contact,
            contact_persona=persona,
            outcome=outcome,
            account_id=account_id,
        )
        for (
            aid,
            started,
            minutes,
            kind,
            category,
            subject,
            account,
            contact,
            persona,
            outcome,
            account_id,
        ) in rows
    ]
