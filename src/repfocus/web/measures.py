"""Measurement sections of the dashboard and the rep page (loaded into them by HTMX), and their CSV exports.

GET /measures/team        on-target share, cadence heat map (reps x weeks), funnel with ratios
GET /measures/team.csv    ?table=allocation|bullseye|cadence|heatmap|funnel|persistence
GET /measures/reps/{id}   trend, this week's cadence vs target, persona mix, funnel vs team
GET /measures/reps/{id}.csv  ?table=trend|cadence|funnel|personas
Filters (from, to, team) are the dashboard's, kept in the URL.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from repfocus.domain.access import Actor
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.services import measurement, reporting
from repfocus.web.auth import sales_actor
from repfocus.web.params import QueryInvalid, bad_request, parse_day, query_string
from repfocus.web.templating import templates

router = APIRouter(prefix="/measures")

TEAM_TABLES = ("allocation", "bullseye", "cadence", "heatmap", "funnel", "persistence")
REP_TABLES = ("trend", "cadence", "funnel", "personas")


def _filters(request: Request) -> tuple[Period, str | None]:
    q = request.query_params
    default = reporting.default_period(request.app.state.db)
    end = parse_day("to", q.get("to")) or default.end
    start = parse_day("from", q.get("from")) or Period.last_weeks(13, today=end).start
    try:
        return Period(start, end), q.get("team") or None
    except PeriodInvalid as exc:
        raise QueryInvalid(f"from/to: {exc}") from exc


def _csv(name: str, table: tuple[list[str], list[list[Any]]]) -> Response:
    header, rows = table
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return Response(
        buf.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def team_tables(data: measurement.TeamMeasures) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Return every table of the team sections by its CSV name (the same as_table the CLI prints)."""
    return {
        "allocation": data.measures.as_table(),
        "bullseye": data.measures.bullseye_table(),
        "cadence": data.cadence.as_table(),
        "heatmap": data.cadence.heatmap_table(),
        "funnel": data.funnel.as_table(),
        "persistence": data.persistence.as_table(),
    }


@router.get("/team", response_class=HTMLResponse)
def team(request: Request, actor: Actor = Depends(sales_actor)) -> HTMLResponse:
    try:
        period, team_name = _filters(request)
    except QueryInvalid as exc:
        return bad_request(request, str(exc))
    data = measurement.team_measures(request.app.state.db, actor=actor, period=period, team=team_name)
    qs = {"from": period.start.isoformat(), "to": period.end.isoformat(), "team": team_name}
    chart = {
        "onTarget": {
            "labels": [m.rep.name for m in data.measures.reps],
            "share": [m.on_target_share for m in data.measures.reps],
            "median": [
                data.measures.team_medians.get(m.rep.team or "", {}).get("on_target_share")
                for m in data.measures.reps
            ],
            "target": [m.target_on_target_share for m in data.measures.reps],
        },
        "funnel": {
            "stages": ["leads", "meetings", "job_orders", "submittals", "interviews", "placements"],
            "totals": [
                sum(f.counts[s] for f in data.funnel.reps)
                for s in ("leads", "meetings", "job_orders", "submittals", "interviews", "placements")
            ],
        },
    }
    context = {
        "data": data,
        "period": period,
        "chart": chart,
        "csv": {t: f"/measures/team.csv{query_string(**qs, table=t)}" for t in TEAM_TABLES},
    }
    return templates.TemplateResponse(request, "measures/_team.html", context)


@router.get("/team.csv")
def team_csv(request: Request, actor: Actor = Depends(sales_actor)) -> Response:
    try:
        period, team_name = _filters(request)
        table = request.query_params.get("table", "allocation")
        if table not in TEAM_TABLES:
            raise QueryInvalid(f"table: {table!r} is not one of {', '.join(TEAM_TABLES)}")
    except QueryInvalid as exc:
        return bad_request(request, str(exc))
    data = measurement.team_measures(request.app.state.db, actor=actor, period=period, team=team_name)
    return _csv(f"{table}-{period.start}-{period.end}", team_tables(data)[table])


def _scorecard(request: Request, actor: Actor, rep_id: int) -> tuple[measurement.RepScorecard, Period]:
    period, _team = _filters(request)
    today = parse_day("week", request.query_params.get("week")) or min(period.end, datetime.now().date())
    card = measurement.rep_scorecard(
        request.app.state.db, actor=actor, rep_id=rep_id, period=period, today=today
    )
    return card, period


def rep_tables(card: measurement.RepScorecard) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Return every table of the rep sections by its CSV name."""
    m = card.rep
    personas = [[p, n, m.persona_mix.get(p)] for p, n in m.persona_touches.items()]
    return {
        "trend": card.trend.as_table(),
        "cadence": card.week_cadence.as_table(),
        "funnel": card.funnel.as_table(),
        "personas": (["persona", "selling_touches", "share"], personas),
    }


# The CSV route first: /reps/{rep_id} would otherwise take '5.csv' for a rep id.
@router.get("/reps/{rep_id}.csv")
def rep_csv(request: Request, rep_id: int, actor: Actor = Depends(sales_actor)) -> Response:
    try:
        table = request.query_params.get("table", "trend")
        if table not in REP_TABLES:
            raise QueryInvalid(f"table: {table!r} is not one of {', '.join(REP_TABLES)}")
        card, period = _scorecard(request, actor, rep_id)
    except QueryInvalid as exc:
        return bad_request(request, str(exc))
    return _csv(f"rep-{rep_id}-{table}-{period.start}-{period.end}", rep_tables(card)[table])


@router.get("/reps/{rep_id}", response_class=HTMLResponse)
def rep(request: Request, rep_id: int, actor: Actor = Depends(sales_actor)) -> HTMLResponse:
    try:
        card, period = _scorecard(request, actor, rep_id)
    except QueryInvalid as exc:
        return bad_request(request, str(exc))
    m, t = card.rep, card.trend.reps[0]
    chart = {
        "trend": {
            "labels": [w.isoformat() for w in card.trend.weeks],
            "selling": t.selling_share,
            "onTarget": t.on_target_share,
            "target": m.target_selling_share,
        },
        "personas": {
            "labels": list(m.persona_touches),
            "touches": list(m.persona_touches.values()),
            "target": list(m.target_personas),
            "avoid": list(m.avoid_personas),
        },
    }
    qs = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    context = {
        "card": card,
        "m": m,
        "t": t,
        "week": card.week_cadence.reps[0],
        "f": card.funnel.reps[0],
        "period": period,
        "chart": chart,
        "csv": {x: f"/measures/reps/{rep_id}.csv{query_string(**qs, table=x)}" for x in REP_TABLES},
    }
    return templates.TemplateResponse(request, "measures/_rep.html", context)
