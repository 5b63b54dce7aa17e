"""Report use cases: open a read-only session and hand back the analytics result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from repfocus.analytics.allocation import AllocationReport, allocation, selling_targets
from repfocus.analytics.trend import ActivityLine, WeekAllocation, week_activities, weekly_allocation
from repfocus.domain.access import (
    Actor,
    can_view_rep,
    can_view_sales_data,
    require,
    require_visible,
    sales_visibility,
)
from repfocus.domain.period import Period
from repfocus.store.activities import org_zone
from repfocus.store.db import Database
from repfocus.store.models import Team, User

Visible = tuple[str, frozenset[int]]


def default_period(db: Database, *, weeks: int = 13, today: date | None = None) -> Period:
    """Return the last `weeks` whole weeks up to today in the organization's time zone."""
    with db.read_session() as session:
        zone = org_zone(session)
    return Period.last_weeks(weeks, today=today or datetime.now(zone).date())


def allocation_report(
    db: Database,
    *,
    actor: Actor | None,
    period: Period,
    team: str | None = None,
    rep_email: str | None = None,
) -> AllocationReport:
    """Return the allocation report for the filters, narrowed to the reps `actor` may see.

    actor None is the command line (the server's owner): every rep. Delivery users are refused.
    """
    visible = sales_visibility(actor, "time allocation")
    with db.read_session() as session:
        return allocation(session, period=period, team=team, rep_email=rep_email, visible=visible)


def _period(start: date | None, end: date | None, today: date, weeks: int = 13) -> Period:
    to_day = end or Period.last_weeks(1, today=today).end
    return Period(start or Period.last_weeks(weeks, today=to_day).start, to_day)


@dataclass(frozen=True, slots=True)
class TeamDashboard:
    """The allocation report of the dashboard, with the team names its filter offers."""

    report: AllocationReport
    teams: list[str]
    team: str | None


def team_dashboard(
    db: Database,
    *,
    actor: Actor | None,
    start: date | None = None,
    end: date | None = None,
    team: str | None = None,
) -> TeamDashboard:
    """Return the dashboard for [start, end] (default: the last 13 weeks up to this week), one team or all,
    narrowed to the reps `actor` may see; the team filter offers only the teams the actor sees whole."""
    visible = sales_visibility(actor, "time allocation")
    with db.read_session() as session:
        period = _period(start, end, datetime.now(org_zone(session)).date())
        report = allocation(session, period=period, team=team, visible=visible)
        mode, ids = visible
        teams_stmt = select(Team.name).order_by(Team.name)
        if mode == "teams":
            teams_stmt = teams_stmt.where(Team.id.in_(sorted(ids)))
        teams = list(session.scalars(teams_stmt)) if mode in ("all", "teams") else []
    return TeamDashboard(report=report, teams=teams, team=team)


@dataclass(frozen=True, slots=True)
class RepReport:
    """A rep's weekly trend over a period, and the activities of one selected week."""

    rep_id: int
    name: str
    email: str
    team: str | None
    target_selling_share: float | None
    period: Period
    weeks: list[WeekAllocation]
    week: date
    time_zone: str
    activities: list[ActivityLine]


def rep_report(
    db: Database,
    *,
    actor: Actor | None,
    rep_id: int,
    start: date | None = None,
    end: date | None = None,
    week: date | None = None,
) -> RepReport:
    """Return the rep's weekly trend over [start, end] (default: the last 13 weeks) and the activities of
    the week holding `week` (default: the period's last week). A rep the actor may not see is NotFound."""
    if actor is not None:
        require(can_view_sales_data(actor), "rep pages are for leaders, managers and reps")
    with db.read_session() as session:
        rep = session.scalar(select(User).where(User.id == rep_id, User.role == "rep"))
        require_visible(
            rep is not None and (actor is None or can_view_rep(actor, rep.id, rep.team_id)),
            f"no rep with id {rep_id}",
        )
        assert rep is not None
        zone = org_zone(session)
        period = _period(start, end, datetime.now(zone).date())
        day = week or period.end
        monday = day - timedelta(days=day.weekday())
        team = session.scalar(select(Team.name).where(Team.id == rep.team_id)) if rep.team_id else None
        return RepReport(
            rep_id=rep.id,
            name=rep.name,
            email=rep.email,
            team=team,
            target_selling_share=selling_targets(session, [rep]).get(rep.id),
            period=period,
            weeks=weekly_allocation(session, rep_ids=[rep.id], period=period)[rep.id],
            week=monday,
            time_zone=zone.key,
            activities=week_activities(session, rep_id=rep.id, week=monday, zone=zone),
        )
