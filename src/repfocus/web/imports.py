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
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from repfocus.domain.access import Actor
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.services import import_uploads
from repfocus.services.import_uploads import UPLOAD_FORMATS, ImportFileInvalid, UploadOptions
from repfocus.web.auth import current_actor, sales_actor
from repfocus.web.templating import templates

router = APIRouter(prefix="/imports", dependencies=[Depends(sales_actor)])
EXTENSIONS = (".csv", ".tsv", ".txt", ".json", ".jsonl", ".ics", ".ical")
FORMAT_LABELS = {
    "auto": "Recognise it for me",
    "csv": "RepFocus CSV",
    "salesforce": "Salesforce Tasks / Events",
    "hubspot": "HubSpot engagements",
    "bullhorn": "Bullhorn Notes / Appointments",
    "pipedrive": "Pipedrive activities",
    "ics": "Calendar (.ics)",
}
_UPLOADS = Path(tempfile.gettempdir()) / "repfocus-uploads"
_TOKEN_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass
class Job:
    """One import running (or run) in the background."""

    id: str
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


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    base = {"formats": FORMAT_LABELS, "extensions": ", ".join(EXTENSIONS)}
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)


@router.get("", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    return _page(request, "imports/index.html", {})


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
    actor: Actor = Depends(current_actor),
) -> HTMLResponse:
    form = {"format": format_name, "rep": rep, "from": start, "to": end, "partial": partial}
    form |= {"create_reps": create_reps, "team": team}
    try:
        options = replace(_options(form), actor=actor)
        token, path = _store(request, file)
    except _Refused as exc:
        return _page(request, "imports/index.html", {"error": exc.message, "form": form}, exc.status)
    try:
        with path.open("rb") as stream:
            shown = import_uploads.preview_upload(
                request.app.state.db, stream=stream, file_name=file.filename or path.name, options=options
            )
    except ImportFileInvalid as exc:
        path.unlink(missing_ok=True)
        message = f"{file.filename}: {exc}. Nothing was imported."
        return _page(request, "imports/index.html", {"error": message, "form": form}, 400)
    path.with_suffix(".json").write_text(json.dumps({"file_name": file.filename, "form": form}))
    context = {"preview": shown, "token": token, "file_name": file.filename, "form": form}
    return _page(request, "imports/preview.html", context)


@router.post("/{token}/commit")
def commit(
    request: Request, token: str, partial: bool = Form(False), actor: Actor = Depends(current_actor)
) -> Response:
    path, meta = _load(token)
    if path is None:
        return _page(
            request, "imports/index.html", {"error": "that upload has expired; upload the file again"}, 404
        )
    meta["form"]["partial"] = partial
    job = Job(id=secrets.token_urlsafe(12), file_name=meta["file_name"], size=path.stat().st_size)
    _JOBS[job.id] = job
    db = request.app.state.db
    thread = threading.Thread(
        target=_run, args=(db, job, path, replace(_options(meta["form"]), actor=actor)), daemon=True
    )
    thread.start()
    return RedirectResponse(f"/imports/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    job = _JOBS.get(job_id)
    if job is None:
        return _page(
            request, "imports/index.html", {"error": "no such import; it may have been forgotten"}, 404
        )
    partial = "imports/_job.html" if request.headers.get("HX-Request") else "imports/job.html"
    return _page(request, partial, {"job": job})


def _run(db: Any, job: Job, path: Path, options: UploadOptions) -> None:
    try:
        with path.open("rb") as stream:

            def progress(rows: int) -> None:
                job.rows, job.done_bytes = rows, stream.tell()

            result = import_uploads.run_upload(
                db, stream=stream, file_name=job.file_name, options=options, progress=progress
            )
        job.report, job.ok, job.committed = result.report, result.ok, result.committed
        job.rows = int(result.report.get("rows_read", 0))
        job.state = "done"
    except ImportFileInvalid as exc:
        job.error, job.state = f"{job.file_name}: {exc}. Nothing was imported.", "failed"
    except Exception as exc:  # the page must say the import failed rather than spin forever
        job.error, job.state = f"the import failed and wrote nothing: {type(exc).__name__}: {exc}", "failed"
    finally:
        path.unlink(missing_ok=True)
        path.with_suffix(".json").unlink(missing_ok=True)


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _options(form: dict[str, Any]) -> UploadOptions:
    fmt = str(form.get("format") or "auto")
    if fmt not in UPLOAD_FORMATS:
        raise _Refused(400, f"unknown format {fmt!r}")
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
    )


def _store(request: Request, upload: UploadFile) -> tuple[str, Path]:
    """Copy the upload under a fresh token, refusing unknown types and files over the size limit."""
    suffix = PurePath(upload.filename or "").suffix.lower()
    if not upload.filename:
        raise _Refused(400, "choose a file to import")
    if suffix not in EXTENSIONS:
        raise _Refused(
            400,
            f"{upload.filename}: {suffix or 'no extension'} files are not imported; "
            f"use {', '.join(EXTENSIONS)}",
        )
    limit = request.app.state.settings.upload_max_mb * 1024 * 1024
    if (upload.size or 0) > limit:
        raise _Refused(
            413, f"{upload.filename} is {upload.size / 1048576:.1f} MB; the limit is {limit // 1048576} MB"
        )
    _UPLOADS.mkdir(mode=0o700, exist_ok=True)
    token = secrets.token_urlsafe(18)
    path = _UPLOADS / f"{token}{suffix}"
    with path.open("wb") as out:
        shutil.copyfileobj(upload.file, out, length=1024 * 1024)
    if path.stat().st_size == 0:
        path.unlink()
        raise _Refused(400, f"{upload.filename} is empty")
    return token, path


def _load(token: str) -> tuple[Path | None, dict[str, Any]]:
    if not token or set(token) - _TOKEN_CHARS:
        return None, {}
    meta_path = _UPLOADS / f"{token}.json"
    matches = [p for p in _UPLOADS.glob(f"{token}.*") if p.suffix != ".json"] if meta_path.exists() else []
    if not matches:
        return None, {}
    return matches[0], json.loads(meta_path.read_text())
