"""/api/v1/activities/import: bulk import of a file (multipart) or of a JSON array of activities."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from repfocus.api.auth import token_actor
from repfocus.domain.access import Actor
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.domain.uploads import check_size, check_type
from repfocus.services import import_uploads
from repfocus.services.import_uploads import UPLOAD_FORMATS, ImportFileInvalid, UploadOptions
from repfocus.services.pipeline_imports import ENTITIES

router = APIRouter(prefix="/activities", tags=["activities"])
EXTENSIONS = (".csv", ".tsv", ".txt", ".json", ".jsonl", ".ics", ".ical")


class RejectedRow(BaseModel):
    line: int = Field(description="Line of the file (header = 1), or index of the JSON record from 1.")
    field: str
    reason: str


class ImportReportRead(BaseModel):
    """The import report; calendars add rep, window, skipped and matched_contacts."""

    format: str
    rows_read: int
    imported: int
    duplicates: int
    estimated_durations: int
    unclassified: int
    created: dict[str, int]
    rejected: list[RejectedRow]
    by_category: dict[str, int] = Field(description="Minutes imported per category.")
    rep: str | None = None
    window: dict[str, str] | None = None
    skipped: dict[str, int] | None = None
    matched_contacts: int | None = None


class FunnelReportRead(BaseModel):
    """The report of a Bullhorn staffing-funnel import (format bullhorn_funnel)."""

    format: str
    entity: str = Field(description="joborder | submission | history | sendout | placement")
    rows_read: int
    imported: int
    leads: int
    updated: int
    duplicates: int
    skipped: int = Field(description="Rows deleted in Bullhorn.")
    created: dict[str, int]
    rejected: list[RejectedRow]
    committed: bool


class Problem(BaseModel):
    detail: str


class ActivityIn(BaseModel):
    """One activity, with the columns of the RepFocus CSV (DESIGN.md)."""

    rep_email: str
    started_at: str = Field(description="ISO 8601 with an offset or Z.")
    kind: str = Field(description="call | meeting | email | task | note")
    external_id: str | None = None
    duration_minutes: int | None = None
    subject: str | None = None
    direction: str | None = None
    outcome: str | None = None
    account_name: str | None = None
    account_domain: str | None = None
    account_status: str | None = None
    contact_email: str | None = None
    contact_name: str | None = None
    contact_title: str | None = None
    category: str | None = None


_MULTIPART = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary"},
        "format": {"type": "string", "enum": list(UPLOAD_FORMATS), "default": "auto"},
        "rep": {
            "type": "string",
            "description": "Calendar owner's email (ics); owner of unmapped job orders (bullhorn_funnel).",
        },
        "entity": {
            "type": "string",
            "enum": list(ENTITIES),
            "description": "bullhorn_funnel only; recognised from the fields when left out.",
        },
        "from": {"type": "string", "format": "date", "description": "Calendar window start (ics)."},
        "to": {"type": "string", "format": "date", "description": "Calendar window end (ics)."},
        "partial": {"type": "boolean"},
        "dry_run": {"type": "boolean"},
        "create_reps": {"type": "boolean"},
        "team": {"type": "string"},
    },
}
_OPENAPI: dict[str, Any] = {
    "x-token-scope": "import",  # an import or write token may run it (api/auth.py)
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": _MULTIPART},
            "application/json": {"schema": {"type": "array", "items": ActivityIn.model_json_schema()}},
        },
    },
}


class _BadRequest(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


@router.post(
    "/import",
    openapi_extra=_OPENAPI,
    response_model=ImportReportRead | FunnelReportRead,
    responses={
        400: {"model": Problem, "description": "Malformed body or unreadable file; nothing was imported."},
        403: {"model": Problem, "description": "The token's user may not import (or create reps)."},
        413: {"model": Problem, "description": "The body is larger than the upload limit."},
        415: {
            "model": Problem,
            "description": "Not multipart/form-data or application/json; a file type "
            "other than .csv, .tsv, .txt, .json, .jsonl, .ics or .ical.",
        },
        422: {"model": ImportReportRead, "description": "Rows rejected: the atomic import wrote nothing."},
    },
)
async def import_activities(
    request: Request,
    partial: bool = Query(False, description="Write the good rows even if some are rejected."),
    dry_run: bool = Query(False, description="Check and count; write nothing."),
    create_reps: bool = Query(False, description="Create the reps the rows name."),
    team: str | None = Query(None, description="Team of reps created by create_reps (leaders only)."),
    actor: Actor = Depends(token_actor),
) -> JSONResponse:
    """Import a file (multipart: file, format, options) or a JSON array of activities.

    200 with the report when everything (or, with partial, every good row) was imported; 422 with the
    report and its rejected rows when the atomic import wrote nothing. Needs a token with the import or
    write scope; rows of reps the token's user may not change are rejected.
    """
    options = UploadOptions(partial=partial, create_reps=create_reps, team=team)
    db = request.app.state.db
    limit = int(request.app.state.settings.upload_max_mb) * 1_000_000
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if kind == "application/json":
            objects = await _json_body(request, limit)
            result = await run_in_threadpool(
                import_uploads.import_objects,
                db,
                objects=objects,
                options=options,
                dry_run=dry_run,
                actor=actor,
            )
        elif kind == "multipart/form-data":
            async with request.form(max_files=1, max_fields=20) as form:
                upload, options = _multipart(form, options, limit)
                dry_run = _flag(form.get("dry_run"), dry_run)
                result = await run_in_threadpool(
                    import_uploads.run_upload,
                    db,
                    stream=upload.file,
                    file_name=upload.filename or "upload",
                    options=options,
                    dry_run=dry_run,
                    actor=actor,
                )
        else:
            raise _BadRequest(415, "send multipart/form-data (a file) or application/json (an array)")
    except _BadRequest as exc:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status)
    except ImportFileInvalid as exc:
        return JSONResponse({"detail": f"{exc}; nothing was imported"}, status_code=400)
    status = 200 if result.ok or options.partial else 422
    return JSONResponse(result.report, status_code=status)


async def _json_body(request: Request, limit: int) -> Any:
    size = int(request.headers.get("content-length") or 0)
    if size > limit:
        raise _BadRequest(413, f"the body is {size} bytes; the limit is {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise _BadRequest(413, f"the body is over the {limit}-byte limit")
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _BadRequest(400, f"the body is not valid JSON: {exc}") from exc


def _multipart(form: Any, options: UploadOptions, limit: int) -> tuple[UploadFile, UploadOptions]:
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise _BadRequest(400, "the form has no 'file' part")
    check_size(check_type(upload.filename, EXTENSIONS), upload.size or 0, limit)
    fmt = str(form.get("format") or "auto")
    if fmt not in UPLOAD_FORMATS:
        raise _BadRequest(400, f"format must be one of {', '.join(UPLOAD_FORMATS)}")
    entity = str(form.get("entity") or "") or None
    if entity is not None and entity not in ENTITIES:
        raise _BadRequest(400, f"entity must be one of {', '.join(ENTITIES)}")
    start, end = form.get("from"), form.get("to")
    period = None
    if start or end:
        try:
            period = Period(date.fromisoformat(str(start)), date.fromisoformat(str(end)))
        except (ValueError, PeriodInvalid) as exc:
            raise _BadRequest(
                400, f"bad calendar window: {exc}; give both from and to as YYYY-MM-DD"
            ) from exc
    return upload, UploadOptions(
        format_name=fmt,
        partial=_flag(form.get("partial"), options.partial),
        create_reps=_flag(form.get("create_reps"), options.create_reps),
        team=str(form.get("team") or "") or options.team,
        rep_email=str(form.get("rep") or "") or None,
        period=period,
        entity=entity,
    )


def _flag(value: Any, default: bool) -> bool:
    if value is None or value == "":
        return default
    return str(value).strip().lower() in ("1", "true", "yes", "on")
