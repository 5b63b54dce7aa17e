"""GET /activities/export.csv: the activities behind the page's numbers, as the RepFocus CSV.

The dashboard and the rep page link here with their period (from, to) and team or rep; without a period
it is the dashboard's default (the last 13 weeks). The signed-in user gets only what they may see.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response, StreamingResponse

from repfocus.domain.access import Actor
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.services import activity_export, reporting
from repfocus.services.activity_export import ExportFilterInvalid
from repfocus.web.auth import sales_actor
from repfocus.web.params import QueryInvalid, parse_day

router = APIRouter()


def _period(request: Request) -> Period:
    q = request.query_params
    end = parse_day("to", q.get("to")) or reporting.default_period(request.app.state.db).end
    start = parse_day("from", q.get("from")) or Period.last_weeks(13, today=end).start
    try:
        return Period(start, end)
    except PeriodInvalid as exc:
        raise QueryInvalid(f"from/to: {exc}") from exc


@router.get("/activities/export.csv")
def export_csv(request: Request, actor: Actor = Depends(sales_actor)) -> Response:
    q = request.query_params
    try:
        export = activity_export.plan_export(
            request.app.state.db,
            actor=actor,
            period=_period(request),
            rep_email=q.get("rep") or None,
            team=q.get("team") or None,
        )
    except (QueryInvalid, ExportFilterInvalid) as exc:
        return Response(f"error: {exc}\n", status_code=400, media_type="text/plain")
    return StreamingResponse(
        activity_export.chunks(export, "csv"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{export.file_name("csv")}"'},
    )
