"""/api/v1/activities/import: bulk import of a file (multipart) or of a JSON array of activities."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from repfocus.api.auth import IMPORT_SCOPE, token_actor
from repfocus.domain.access import Actor
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.services import import_uploads
from repfocus.services.import_uploads import UPLOAD_FORMATS, ImportFileInvalid, UploadOptions

router = APIRouter(prefix="/activities", tags=["activities"])
EXTENSIONS = {".csv", ".tsv", ".txt", ".json", ".jsonl", ".ics", ".ical", ".ifb"}


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
        "rep": {"type": "string", "description": "Calendar owner's email (format ics)."},
        "from": {"type": "string", "format": "date", "description": "Calendar window start (ics)."},
        "to": {"type": "string", "format": "date", "description": "Calendar window end (ics)."},
        "partial": {"type": "boolean"},
        "dry_run": {"type": "boolean"},
        "create_reps": {"type": "boolean"},
        "team": {"type": "string"},
    },
}
_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": _MULTIPART},
            "application/json": {"schema": {"type": "array", "items": ActivityIn.model_json_schema()}},
        },
    }
}


class _BadRequest(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


@router.post(
    "/import",
    openapi_extra={**_OPENAPI, **IMPORT_SCOPE["openapi_extra"]},
    response_model=ImportReportRead,
    responses={
        400: {"model": Problem, "description": "Malformed body or unreadable file; nothing was imported."},
        413: {"model": Problem, "description": "The body is larger than the upload limit."},
        415: {"model": Problem, "description": "Neither multipart/form-data nor application/json."},
        422: {"model": ImportReportRead, "description": "Rows rejected: the atomic import wrote nothing."},
    },
)
async def import_activities(
    request: Request,
    partial: bool = Query(False, description="Write the good rows even if some are rejected."),
    dry_run: bool = Query(False, description="Check and count; write nothing."),
    create_reps: bool = Query(False, description="Create the reps the rows name."),
    team: str | None = Query(None, description="Team of reps created by create_reps."),
    actor: Actor = Depends(token_actor),
) -> JSONResponse:
    """Import a file (multipart: file, format, options) or a JSON array of activities.

    200 with the report when everything (or, with partial, every good row) was imported; 422 with the
    report and its rejected rows when the atomic import wrote nothing.
    """
    options = UploadOptions(partial=partial, create_reps=create_reps, team=team, actor=actor)
    db = request.app.state.db
    limit = request.app.state.settings.upload_max_mb * 1024 * 1024
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if kind == "application/json":
            objects = await _json_body(request, limit)
            result = await run_in_threadpool(
                import_uploads.import_objects, db, objects=objects, options=options, dry_run=dry_run
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
    suffix = PurePath(upload.filename or "").suffix.lower()
    if suffix not in EXTENSIONS:
        raise _BadRequest(
            400, f"files of type {suffix or '(none)'} are not imported; use {', '.join(sorted(EXTENSIONS))}"
        )
    if (upload.size or 0) > limit:
        raise _BadRequest(413, f"the file is {upload.size} bytes; the limit is {limit} bytes")
    fmt = str(form.get("format") or "auto")
    if fmt not in UPLOAD_FORMATS:
        raise _BadRequest(400, f"format must be one of {', '.join(UPLOAD_FORMATS)}")
    try:
        start, end = form.get("from"), form.get("to")
        period = (
            Period(date.fromisoformat(str(start)), date.fromisoformat(str(end))) if start and end else None
        )
    except (ValueError, PeriodInvalid) as exc:
        raise _BadRequest(400, f"bad calendar window: {exc}; give from and to as YYYY-MM-DD") from exc
    return upload, replace(
        options,
        format_name=fmt,
        partial=_flag(form.get("partial"), options.partial),
        create_reps=_flag(form.get("create_reps"), options.create_reps),
        team=str(form.get("team") or "") or options.team,
        rep_email=str(form.get("rep") or "") or None,
        period=period,
    )


def _flag(value: Any, default: bool) -> bool:
    if value is None or value == "":
        return default
    return str(value).strip().lower() in ("1", "true", "yes", "on")
