"""Measurement use cases: open a read-only session and hand back the analytics report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from repfocus.analytics.cadence import CadenceReport, cadence
from repfocus.analytics.dashboard import team_dashboard
from repfocus.analytics.funnel import FunnelReport, funnel
from repfocus.analytics.measures import MeasuresReport, RepMeasures, measure_reps
from repfocus.analytics.persistence import PersistenceReport, persistence
from repfocus.analytics.trend import TrendReport, trends
from repfocus.domain.access import Actor, NotFound, sales_visibility
from repfocus.domain.period import Period
from repfocus.store.db import Database


def measures_report(
    db: Database,
    *,
    actor: Actor | None,
    period: Period,
    team: str | None = None,
    rep_email: str | None = None,
) -> MeasuresReport:
    """Return time per bucket, selling and on-target share, persona mix and new-logo effort per rep."""
    visible = sales_visibility(actor, "measurement")
    with db.read_session() as session:
        return measure_reps(session, period=period, team=team, rep_email=rep_email, visible=visible)


def cadence_report(
    db: Database,
    *,
    actor: Actor | None,
    period: Period,
    team: str | None = None,
    rep_email: str | None = None,
) -> CadenceReport:
    """Return each rep's weekly counts against the weekly-count targets, and the adherence score."""
    visible = sales_visibility(actor, "measurement")
    with db.read_session() as session:
        return cadence(session, period=period, team=team, rep_email=rep_email, visible=visible)


def funnel_report(
    db: Database,
    *,
    actor: Actor | None,
    period: Period,
    team: str | None = None,
    rep_email: str | None = None,
) -> FunnelReport:
    """Return the staffing funnel counts and conversion ratios per rep, beside the team median."""
    visible = sales_visibility(actor, "measurement")
    with db.read_session() as session:
        return funnel(session, period=period, team=team, rep_email=rep_email, visible=visible)


def persistence_report(
    db: Database,
    *,
    actor: Actor | None,
    period: Period,
    team: str | None = None,
    rep_email: str | None = None,
) -> PersistenceReport:
    """Return the touches per prospect contact of each rep."""
    visible = sales_visibility(actor, "measurement")
    with db.read_session() as session:
        return persistence(session, period=period, team=team, rep_email=rep_email, visible=visible)


def trend_report(
    db: Database,
    *,
    actor: Actor | None,
    end: date,
    weeks: int = 8,
    team: str | None = None,
    rep_email: str | None = None,
) -> TrendReport:
    """Return the weekly selling and on-target shares of each rep over `weeks` weeks and their slopes."""
    visible = sales_visibility(actor, "measurement")
    with db.read_session() as session:
        return trends(session, end=end, weeks=weeks, team=team, rep_email=rep_email, visible=visible)


@dataclass(frozen=True, slots=True)
class TeamMeasures:
    """The measurement sections of the team dashboard, over the same reps and period."""

    measures: MeasuresReport
    cadence: CadenceReport
    funnel: FunnelReport
    persistence: PersistenceReport


def team_measures(
    db: Database, *, actor: Actor | None, period: Period, team: str | None = None
) -> TeamMeasures:
    """Return on-target share, cadence by week, funnel and persistence for the reps `actor` may see."""
    visible = sales_visibility(actor, "measurement")
    with db.read_session() as session:
        measures, cadences = team_dashboard(session, period=period, team=team, visible=visible)
        return TeamMeasures(
            measures=measures,
            cadence=cadences,
            funnel=funnel(session, period=period, team=team, visible=visible),
            persistence=persistence(session, period=period, team=team, visible=visible),
        )


@dataclass(frozen=True, slots=True)
class RepScorecard:
    """One rep's scorecard: measures, this week's cadence, funnel and trend, each with the team medians."""

    measures: MeasuresReport
    period_cadence: CadenceReport
    week_cadence: CadenceReport
    funnel: FunnelReport
    trend: TrendReport

    @property
    def rep(self) -> RepMeasures:
        return self.measures.reps[0]

    @property
    def team_medians(self) -> dict[str, float | None]:
        return self.measures.team_medians.get(self.rep.rep.team or "", {})

    @property
    def funnel_medians(self) -> dict[str, float | None]:
        return self.funnel.team_medians.get(self.rep.rep.team or "", {})


def rep_scorecard(
    db: Database, *, actor: Actor | None, rep_id: int, period: Period, today: date, weeks: int = 8
) -> RepScorecard:
    """Return the rep's scorecard over `period` (cadence also for the week holding `today`);
    raise NotFound when the rep does not exist or `actor` may not see them."""
    visible = sales_visibility(actor, "measurement")
    week = Period.last_weeks(1, today=today)
    with db.read_session() as session:
        ids = [rep_id]
        measures = measure_reps(session, period=period, rep_ids=ids, visible=visible)
        if not measures.reps:
            raise NotFound(f"no rep with id {rep_id}")
        return RepScorecard(
            measures=measures,
            period_cadence=cadence(session, period=period, rep_ids=ids, visible=visible),
            week_cadence=cadence(session, period=week, rep_ids=ids, visible=visible),
            funnel=funnel(session, period=period, rep_ids=ids, visible=visible),
            trend=trends(session, end=period.end, weeks=weeks, rep_ids=ids, visible=visible),
        )
