"""Rep pages: the list of reps, and one rep's weekly trend with the activities of a chosen week."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from repfocus.domain.access import Actor
from repfocus.domain.period import PeriodInvalid
from repfocus.domain.taxonomy import BUCKET_NAMES
from repfocus.services import reporting
from repfocus.web.auth import sales_actor
from repfocus.web.params import QueryInvalid, RowId, bad_request, parse_day, query_string
from repfocus.web.templating import BUCKET_LABELS, templates

router = APIRouter()


@router.get("/reps", response_class=HTMLResponse)
def rep_list(request: Request, actor: Actor = Depends(sales_actor)) -> HTMLResponse:
    data = reporting.team_dashboard(request.app.state.db, actor=actor)
    by_team: dict[str, list[Any]] = {}
    for rep in data.report.reps:
        by_team.setdefault(rep.team or "No team", []).append(rep)
    return templates.TemplateResponse(
        request, "reps/index.html", {"period": data.report.period, "by_team": by_team}
    )


def trend_chart(report: reporting.RepReport) -> dict[str, Any]:
    """Return what /static/app.js needs to draw the weekly bars, the selling-share line and the target."""
    return {
        "labels": [f"{w.week:%b} {w.week.day}" for w in report.weeks],
        "weeks": [w.week.isoformat() for w in report.weeks],
        "selected": report.week.isoformat(),
        "buckets": [
            {
                "key": b,
                "label": BUCKET_LABELS[b],
                "hours": [round(w.minutes[b] / 60, 1) for w in report.weeks],
            }
            for b in BUCKET_NAMES
        ],
        "sellingShare": [w.selling_share for w in report.weeks],
        "target": report.target_selling_share,
    }


@router.get("/reps/{rep_id}", response_class=HTMLResponse)
def rep_detail(request: Request, rep_id: RowId, actor: Actor = Depends(sales_actor)) -> HTMLResponse:
    q = request.query_params
    try:
        start, end = parse_day("from", q.get("from")), parse_day("to", q.get("to"))
        week = parse_day("week", q.get("week"))
        report = reporting.rep_report(
            request.app.state.db, actor=actor, rep_id=rep_id, start=start, end=end, week=week
        )
    except (QueryInvalid, PeriodInvalid) as exc:
        return bad_request(request, str(exc))
    keep = {"from": q.get("from"), "to": q.get("to")}
    week_totals = dict.fromkeys(BUCKET_NAMES, 0)
    for line in report.activities:
        week_totals[line.bucket] += line.duration_minutes
    context = {
        "report": report,
        "chart": trend_chart(report),
        "week_end": report.week + timedelta(days=6),
        "week_value": f"{report.week.isocalendar().year}-W{report.week.isocalendar().week:02d}",
        "week_totals": week_totals,
        "prev_href": query_string(**keep, week=(report.week - timedelta(weeks=1)).isoformat()),
        "next_href": query_string(**keep, week=(report.week + timedelta(weeks=1)).isoformat()),
        "keep": keep,
        "activities_href": "/activities/export.csv"
        + query_string(
            **{"from": report.period.start.isoformat(), "to": report.period.end.isoformat()}, rep=report.email
        ),
    }
    return templates.TemplateResponse(request, "reps/detail.html", context)
