"""/api/v1/reports: the same numbers as the pages and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError

from repfocus.api.auth import token_actor
from repfocus.api.params import day_query
from repfocus.domain.access import Actor
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.services import measurement, reporting

router = APIRouter(prefix="/reports", tags=["reports"])

FROM = day_query("from", "First day (default: 13 weeks before `to`).")
TO = day_query("to", "Last day (default: end of this week).")
ACTOR = Depends(token_actor)


def _period(request: Request, date_from: date | None, date_to: date | None) -> Period:
    default = reporting.default_period(request.app.state.db)
    try:
        end = date_to or default.end
        return Period(date_from or Period.last_weeks(13, today=end).start, end)
    except PeriodInvalid as exc:  # the documented 422 shape, naming the field
        error = {"loc": ("query", "from"), "msg": str(exc), "type": "value_error", "input": str(date_from)}
        raise RequestValidationError([error]) from exc


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters every report takes: one team or one rep, and a period."""

    team: str | None
    rep: str | None
    period: Period


def report_filters(
    request: Request,
    team: str | None = None,
    rep: str | None = None,
    date_from: date | None = FROM,
    date_to: date | None = TO,
) -> Filters:
    return Filters(team, rep, _period(request, date_from, date_to))


FILTERS = Depends(report_filters)


@router.get("/allocation")
def allocation(request: Request, f: Filters = FILTERS, actor: Actor = ACTOR) -> dict[str, Any]:
    """Minutes and share per bucket for each rep, beside the selling-share target."""
    db = request.app.state.db
    return reporting.allocation_report(
        db, actor=actor, period=f.period, team=f.team, rep_email=f.rep
    ).as_dict()


@router.get("/measures")
def measures(request: Request, f: Filters = FILTERS, actor: Actor = ACTOR) -> dict[str, Any]:
    """Per-rep measures: time per bucket and category, selling and on-target share, persona mix, new logos."""
    db = request.app.state.db
    return measurement.measures_report(
        db, actor=actor, period=f.period, team=f.team, rep_email=f.rep
    ).as_dict()


@router.get("/bullseye")
def bullseye(request: Request, f: Filters = FILTERS, actor: Actor = ACTOR) -> dict[str, Any]:
    """On-target share, persona mix and new-logo effort per rep (the measures shape, like the CLI)."""
    return measures(request, f, actor)


@router.get("/cadence")
def cadence(request: Request, f: Filters = FILTERS, actor: Actor = ACTOR) -> dict[str, Any]:
    """Weekly counts per category against the cadence targets, adherence per target and one score."""
    db = request.app.state.db
    return measurement.cadence_report(
        db, actor=actor, period=f.period, team=f.team, rep_email=f.rep
    ).as_dict()


@router.get("/funnel")
def funnel(request: Request, f: Filters = FILTERS, actor: Actor = ACTOR) -> dict[str, Any]:
    """Staffing funnel counts and conversion ratios per rep, beside the team median."""
    db = request.app.state.db
    return measurement.funnel_report(db, actor=actor, period=f.period, team=f.team, rep_email=f.rep).as_dict()


@router.get("/persistence")
def persistence(request: Request, f: Filters = FILTERS, actor: Actor = ACTOR) -> dict[str, Any]:
    """Prospecting touches per prospect contact, per rep."""
    db = request.app.state.db
    report = measurement.persistence_report(db, actor=actor, period=f.period, team=f.team, rep_email=f.rep)
    return report.as_dict()


@router.get("/trend")
def trend(
    request: Request,
    team: str | None = None,
    rep: str | None = None,
    date_to: date | None = TO,
    weeks: int = Query(8, ge=2, le=104),
    actor: Actor = ACTOR,
) -> dict[str, Any]:
    """Weekly selling and on-target share over the last `weeks` weeks and their slopes."""
    end = _period(request, None, date_to).end
    db = request.app.state.db
    return measurement.trend_report(db, actor=actor, end=end, weeks=weeks, team=team, rep_email=rep).as_dict()
