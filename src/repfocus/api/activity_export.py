"""GET /api/v1/activities/export: the activities the token's user may see, as the RepFocus CSV or JSON."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse

from repfocus.api.auth import token_actor
from repfocus.api.params import day_query
from repfocus.domain.access import Actor
from repfocus.domain.period import FIRST_DAY, LAST_DAY, Period, PeriodInvalid
from repfocus.services import activity_export
from repfocus.services.activity_export import COLUMNS, ExportFilterInvalid

router = APIRouter(prefix="/activities", tags=["activities"])

_NULLABLE_TEXT: dict[str, Any] = {"anyOf": [{"type": "string"}, {"type": "null"}]}
_ROW: dict[str, Any] = {
    "type": "object",
    "required": list(COLUMNS),
    "properties": {
        **{c: _NULLABLE_TEXT for c in COLUMNS},
        "external_id": {"type": "string", "description": "<source>:<external id>"},
        "rep_email": {"type": "string"},
        "started_at": {"type": "string", "description": "ISO 8601 in UTC, ending in Z"},
        "duration_minutes": {"type": "integer"},
        "kind": {"type": "string"},
    },
}
_MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The activities, streamed: the RepFocus CSV (a header row, then one row per activity, "
        "empty cells for missing values) or a JSON array of objects with the same keys (null when missing).",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "array", "items": _ROW}},
        },
    },
    422: {"description": "A bad parameter: a date, from after to, or a rep or team the user may not see."},
}


def _invalid(field: str, message: str, value: object) -> RequestValidationError:
    """Return the documented 422 shape, naming the query parameter."""
    error = {"loc": ("query", field), "msg": message, "type": "value_error", "input": str(value)}
    return RequestValidationError([error])


@router.get("/export", response_class=StreamingResponse, responses=RESPONSES)
def export_activities(
    request: Request,
    date_from: date | None = day_query("from", "First local day (default: the first)."),
    date_to: date | None = day_query("to", "Last local day (default: the last)."),
    rep: str | None = Query(None, description="Only this rep's activities (by email)."),
    team: str | None = Query(None, description="Only the activities of this team's reps (by name)."),
    fmt: Literal["csv", "json"] = Query("csv", alias="format", description="csv or json."),
    actor: Actor = Depends(token_actor),
) -> StreamingResponse:
    """Export the activities the token's user may see (rep: own; manager: own team; leader: all) in the
    RepFocus CSV, which `POST /activities/import` and `repfocus import activities` read back; or as JSON.
    Days are the organization's time zone; without from and to every activity is exported."""
    period = None
    if date_from is not None or date_to is not None:
        try:
            period = Period(date_from or FIRST_DAY, date_to or LAST_DAY)
        except PeriodInvalid as exc:
            raise _invalid("from", str(exc), date_from) from exc
    try:
        export = activity_export.plan_export(
            request.app.state.db, actor=actor, period=period, rep_email=rep, team=team
        )
    except ExportFilterInvalid as exc:
        value = {"from": date_from, "to": date_to, "rep": rep, "team": team}.get(exc.field)
        raise _invalid(exc.field, exc.message, value) from exc
    disposition = f'attachment; filename="{export.file_name(fmt)}"'
    return StreamingResponse(
        activity_export.chunks(export, fmt),
        media_type=_MEDIA[fmt],
        headers={"Content-Disposition": disposition},
    )
