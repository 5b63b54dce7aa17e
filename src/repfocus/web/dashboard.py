"""The team dashboard: each rep's time by bucket against the selling-time target, and its CSV export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from repfocus.analytics.allocation import RepAllocation
from repfocus.domain.access import Actor
from repfocus.domain.period import PeriodInvalid
from repfocus.domain.taxonomy import BUCKET_NAMES
from repfocus.services import reporting
from repfocus.web.auth import sales_actor
from repfocus.web.params import QueryInvalid, bad_request, parse_day, query_string
from repfocus.web.spreadsheet import csv_download
from repfocus.web.templating import BUCKET_LABELS, templates

router = APIRouter()

Getter = Callable[[RepAllocation], Any]


def _gap(r: RepAllocation) -> float | None:
    if r.selling_share is None or r.target_selling_share is None:
        return None
    return round(r.selling_share - r.target_selling_share, 4)


# sort key -> (header, value); the table shows the columns in this order.
COLUMNS: dict[str, tuple[str, Getter]] = {
    "name": ("Rep", lambda r: r.name.lower()),
    "team": ("Team", lambda r: (r.team or "").lower()),
    "hours": ("Hours", lambda r: r.total_minutes),
    "selling": ("Selling", lambda r: r.selling_share),
    "target": ("Target", lambda r: r.target_selling_share),
    "gap": ("vs target", _gap),
    **{
        b: (BUCKET_LABELS[b], (lambda r, b=b: r.share[b] if r.total_minutes else None))
        for b in BUCKET_NAMES
        if b != "selling"
    },
}


def sort_reps(reps: list[RepAllocation], key: str | None, descending: bool) -> list[RepAllocation]:
    """Return the reps ordered by column `key` (unknown key: as given); reps without a value go last."""
    if key not in COLUMNS:
        return list(reps)
    get = COLUMNS[key][1]
    known = [r for r in reps if get(r) is not None]
    missing = [r for r in reps if get(r) is None]
    return sorted(known, key=get, reverse=descending) + missing


def chart_data(reps: list[RepAllocation], rep_query: str = "") -> dict[str, Any]:
    """Return what /static/app.js needs to draw the stacked bars and the target markers."""
    return {
        "labels": [r.name for r in reps],
        "links": [f"/reps/{r.rep_id}{rep_query}" for r in reps],
        "buckets": [
            {
                "key": b,
                "label": BUCKET_LABELS[b],
                "share": [r.share[b] if r.total_minutes else 0 for r in reps],
                "hours": [round(r.minutes[b] / 60, 1) for r in reps],
            }
            for b in BUCKET_NAMES
        ],
        "target": [r.target_selling_share for r in reps],
        "targetHours": [
            None
            if r.target_selling_share is None
            else round(r.target_selling_share * r.total_minutes / 60, 1)
            for r in reps
        ],
    }


def summary(reps: list[RepAllocation]) -> dict[str, Any]:
    """Return the headline numbers over the shown reps: hours, selling share, reps under target."""
    total = sum(r.total_minutes for r in reps)
    gaps = [g for g in map(_gap, reps) if g is not None]
    return {
        "total_minutes": total,
        "selling_share": sum(r.minutes["selling"] for r in reps) / total if total else None,
        "unclassified_share": sum(r.minutes["unclassified"] for r in reps) / total if total else None,
        "below_target": sum(1 for g in gaps if g < 0),
        "with_target": len(gaps),
        "without_target": sum(1 for r in reps if r.target_selling_share is None),
    }


def _filters(request: Request) -> dict[str, Any]:
    q = request.query_params
    view = q.get("view") if q.get("view") in ("share", "hours") else "share"
    return {
        "start": parse_day("from", q.get("from")),
        "end": parse_day("to", q.get("to")),
        "team": q.get("team") or None,
        "sort": q.get("sort") if q.get("sort") in COLUMNS else None,
        "descending": q.get("dir") == "desc",
        "view": view,
    }


def _load(
    request: Request, actor: Actor
) -> tuple[dict[str, Any], reporting.TeamDashboard, list[RepAllocation]]:
    f = _filters(request)
    try:
        data = reporting.team_dashboard(
            request.app.state.db, actor=actor, start=f["start"], end=f["end"], team=f["team"]
        )
    except PeriodInvalid as exc:
        raise QueryInvalid(f"from/to: {exc}") from exc
    return f, data, sort_reps(data.report.reps, f["sort"], f["descending"])


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, actor: Actor = Depends(sales_actor)) -> HTMLResponse:
    try:
        f, data, reps = _load(request, actor)
    except QueryInvalid as exc:
        return bad_request(request, str(exc))
    period = data.report.period
    base = {"from": period.start.isoformat(), "to": period.end.isoformat(), "team": f["team"]}
    # a period chosen on the dashboard carries over to the rep pages it links to
    q = request.query_params
    rep_query = query_string(**{"from": q.get("from"), "to": q.get("to")})
    headers = [
        {
            "key": key,
            "label": label,
            "sorted": ("descending" if f["descending"] else "ascending") if key == f["sort"] else None,
            "href": query_string(
                **base,
                view=f["view"],
                sort=key,
                dir="desc" if key == f["sort"] and not f["descending"] else None,
            ),
        }
        for key, (label, _get) in COLUMNS.items()
    ]
    context = {
        "data": data,
        "period": period,
        "reps": reps,
        "filters": f,
        "headers": headers,
        "chart": {**chart_data(reps, rep_query), "view": f["view"]},
        "rep_query": rep_query,
        "summary": summary(reps),
        "activities_href": "/activities/export.csv" + query_string(**base),
        "csv_href": "/dashboard.csv"
        + query_string(**base, sort=f["sort"], dir="desc" if f["descending"] else None),
        "view_href": {
            v: query_string(**base, view=v, sort=f["sort"], dir="desc" if f["descending"] else None)
            for v in ("share", "hours")
        },
        "gap": _gap,
    }
    return templates.TemplateResponse(request, "dashboard/index.html", context)


@router.get("/dashboard.csv")
def dashboard_csv(request: Request, actor: Actor = Depends(sales_actor)) -> Response:
    try:
        _f, data, reps = _load(request, actor)
    except QueryInvalid as exc:
        return Response(f"error: {exc}\n", status_code=400, media_type="text/plain")
    header = ["email", "name", "team", *(f"{b}_minutes" for b in BUCKET_NAMES), "total_minutes"]
    header += ["selling_share", "target_selling_share"]
    rows = (
        [
            *(r.email, r.name, r.team),
            *(r.minutes[b] for b in BUCKET_NAMES),
            *(r.total_minutes, r.selling_share, r.target_selling_share),
        ]
        for r in reps
    )
    period = data.report.period
    return csv_download(f"repfocus-allocation-{period.start}-{period.end}.csv", header, rows)
