"""A rep's week-by-week trend (from the rollups) and the raw activities of one week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repfocus.domain.period import Period
from repfocus.domain.taxonomy import BUCKET_NAMES, bucket_of
from repfocus.store.models import Account, Activity, ActivityRollup, Contact


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
        )
        for aid, started, minutes, kind, category, subject, account, contact, persona, outcome in rows
    ]
