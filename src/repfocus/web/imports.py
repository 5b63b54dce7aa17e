"""The import page: upload a file, preview its first rows and their classification, import, watch it run.

The upload is kept under an unguessable token between preview and import; the import runs in a
background thread whose progress the job page polls (HTMX, or a meta refresh without JavaScript).
"""

from __future__ import annotations

import json
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from repfocus.domain.access import AccessDenied, Actor
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.domain.uploads import UploadRejected, check_size, check_type
from repfocus.services import import_uploads
from repfocus.services.import_uploads import FUNNEL, UPLOAD_FORMATS, ImportFileInvalid, UploadOptions
from repfocus.services.pipeline_imports import ENTITIES
from repfocus.web.auth import sales_actor
from repfocus.web.templating import templates

router = APIRouter(prefix="/imports")
EXTENSIONS = (".csv", ".tsv", ".txt", ".json", ".jsonl", ".ics", ".ical")
FORMAT_LABELS = {
    "auto": "Recognise it for me",
    "csv": "RepFocus CSV",
    "salesforce": "Salesforce Tasks / Events",
    "hubspot": "HubSpot engagements",
    "bullhorn": "Bullhorn Notes / Appointments",
    "pipedrive": "Pipedrive activities",
    "ics": "Calendar (.ics)",
    FUNNEL: "Bullhorn staffing funnel (job orders to placements)",
}
ENTITY_LABELS = {
    "": "Recognise it for me",
    "joborder": "JobOrder",
    "submission": "JobSubmission",
    "history": "JobSubmissionHistory",
    "sendout": "Sendout",
    "placement": "Placement",
}
_UPLOADS = Path(tempfile.gettempdir()) / "repfocus-uploads"
_TOKEN_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass
class Job:
    """One import running (or run) in the background."""

    id: str
    user_id: int
    file_name: str
    size: int
    done_bytes: int = 0
    rows: int = 0
    state: str = "running"  # running | done | failed
    report: dict[str, Any] = field(default_factory=dict)
    ok: bool = False
    committed: bool = False
    error: str = ""

    @property
    def percent(self) -> int:
        return 100 if self.state != "running" else min(99, int(100 * self.done_bytes / max(self.size, 1)))


_JOBS: dict[str, Job] = {}
_KEEP_JOBS = 200  # finished jobs are forgotten oldest first
_STALE_SECONDS = 24 * 3600  # uploads previewed but never imported are removed after a day


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    base = {"formats": FORMAT_LABELS, "entities": ENTITY_LABELS, "extensions": ", ".join(EXTENSIONS)}
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)


@router.get("", response_class=HTMLResponse)
def index(request: Request, actor: Actor = Depends(sales_actor)) -> HTMLResponse:
    return _page(request, "imports/index.html", {"form": {"rep": actor.email}})


@router.post("/preview", response_class=HTMLResponse)
def preview(
    request: Request,
    file: UploadFile,
    format_name: str = Form("auto", alias="format"),
    rep: str = Form(""),
    start: str = Form("", alias="from"),
    end: str = Form("", alias="to"),
    partial: bool = Form(False),
    create_reps: bool = Form(False),
    team: str = Form(""),
    entity: str = Form(""),
    actor: Actor = Depends(sales_actor),
) -> HTMLResponse:
    form = {"format": format_name, "rep": rep, "from": start, "to": end, "partial": partial}
    form |= {"create_reps": create_reps, "team": team, "entity": entity}
    try:
        options = _options(form)
        token, path, name = _store(request, file)
    except _Refused as exc:
        return _page(request, "imports/index.html", {"error": exc.message, "form": form}, exc.status)
    except UploadRejected as exc:
        return _page(request, "imports/index.html", {"error": str(exc), "form": form}, exc.status)
    try:
        with path.open("rb") as stream:
            shown = import_uploads.preview_upload(
                request.app.state.db, stream=stream, file_name=name, options=options, actor=actor
            )
    except (ImportFileInvalid, AccessDenied) as exc:
        path.unlink(missing_ok=True)
        status = 403 if isinstance(exc, AccessDenied) else 400
        message = f"{name}: {exc}. Nothing was imported."
        return _page(request, "imports/index.html", {"error": message, "form": form}, status)
    meta = {"file_name": name, "form": form, "user_id": actor.user_id}
    _meta_path(token).write_text(json.dumps(meta))
    context = {"preview": shown, "token": token, "file_name": name, "form": form}
    return _page(request, "imports/preview.html", context)


@router.post("/{token}/commit")
def commit(
    request: Request, token: str, partial: bool = Form(False), actor: Actor = Depends(sales_actor)
) -> Response:
    path, meta = _load(token)
    if path is None or meta.get("user_id") != actor.user_id:
        error = {"error": "that upload has expired; upload the file again"}
        return _page(request, "imports/index.html", error, 404)
    meta["form"]["partial"] = partial
    job = Job(secrets.token_urlsafe(12), actor.user_id, meta["file_name"], path.stat().st_size)
    _remember(job)
    args = (request.app.state.db, job, path, _options(meta["form"]), actor)
    threading.Thread(target=_run, args=args, daemon=True).start()
    return RedirectResponse(f"/imports/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str, actor: Actor = Depends(sales_actor)) -> HTMLResponse:
    job = _JOBS.get(job_id)
    if job is None or job.user_id != actor.user_id:
        error = {"error": "no such import; it may have been forgotten"}
        return _page(request, "imports/index.html", error, 404)
    partial = "imports/_job.html" if request.headers.get("HX-Request") else "imports/job.html"
    return _page(request, partial, {"job": job})


def _remember(job: Job) -> None:
    _JOBS[job.id] = job
    done = [k for k, j in _JOBS.items() if j.state != "running"]
    for key in done[: max(0, len(_JOBS) - _KEEP_JOBS)]:
        del _JOBS[key]


def _run(db: Any, job: Job, path: Path, options: UploadOptions, actor: Actor) -> None:
    try:
        with path.open("rb") as stream:

            def progress(rows: int) -> None:
                job.rows, job.done_bytes = rows, stream.tell()

            result = import_uploads.run_upload(
                db, stream=stream, file_name=job.file_name, options=options, progress=progress, actor=actor
            )
        job.report, job.ok, job.committed = result.report, result.ok, result.committed
        job.rows = int(result.report.get("rows_read", 0))
        job.state = "done"
    except (ImportFileInvalid, AccessDenied) as exc:
        job.error, job.state = f"{job.file_name}: {exc}. Nothing was imported.", "failed"
    except Exception as exc:  # the page must say the import failed rather than spin forever
        job.error, job.state = f"the import failed and wrote nothing: {type(exc).__name__}: {exc}", "failed"
    finally:
        path.unlink(missing_ok=True)
        _meta_path(path.stem).unlink(missing_ok=True)


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _options(form: dict[str, Any]) -> UploadOptions:
    fmt = str(form.get("format") or "auto")
    if fmt not in UPLOAD_FORMATS:
        raise _Refused(400, f"unknown format {fmt!r}")
    entity = form.get("entity") or None
    if entity is not None and entity not in ENTITIES:
        raise _Refused(400, f"unknown funnel entity {entity!r}")
    period = None
    if form.get("from") or form.get("to"):
        try:
            period = Period(date.fromisoformat(form["from"]), date.fromisoformat(form["to"]))
        except (KeyError, ValueError, PeriodInvalid) as exc:
            raise _Refused(400, f"calendar window: {exc}; give both days as YYYY-MM-DD, from first") from exc
    return UploadOptions(
        format_name=fmt,
        partial=bool(form.get("partial")),
        create_reps=bool(form.get("create_reps")),
        team=form.get("team") or None,
        rep_email=form.get("rep") or None,
        period=period,
        entity=entity,
    )


def _store(request: Request, upload: UploadFile) -> tuple[str, Path, str]:
    """Copy the upload under a fresh token; UploadRejected for another type, an empty or too large file."""
    name = check_type(upload.filename, EXTENSIONS)
    limit = int(request.app.state.settings.upload_max_mb) * 1_000_000
    check_size(name, upload.size or 0, limit)
    _UPLOADS.mkdir(mode=0o700, exist_ok=True)
    _forget_stale()
    token = secrets.token_urlsafe(18)
    path = _UPLOADS / f"{token}{PurePath(name).suffix.lower()}"
    with path.open("wb") as out:
        shutil.copyfileobj(upload.file, out, length=1 << 20)
    try:
        check_size(name, path.stat().st_size, limit)
    except UploadRejected:
        path.unlink()
        raise
    return token, path, name


def _forget_stale() -> None:
    cutoff = time.time() - _STALE_SECONDS
    for old in _UPLOADS.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def _meta_path(token: str) -> Path:
    """Where an upload's file name, options and owner wait between preview and import."""
    return _UPLOADS / f"{token}.meta"


def _load(token: str) -> tuple[Path | None, dict[str, Any]]:
    if not token or set(token) - _TOKEN_CHARS:
        return None, {}
    meta_path = _meta_path(token)
    matches = [p for p in _UPLOADS.glob(f"{token}.*") if p != meta_path] if meta_path.exists() else []
    if not matches:
        return None, {}
    return matches[0], json.loads(meta_path.read_text())
