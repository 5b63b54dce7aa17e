"""The team dashboard."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from repfocus.services import reporting
from repfocus.web.templating import templates

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request) -> HTMLResponse:
    db = request.app.state.db
    period = reporting.default_period(db)
    report = reporting.allocation_report(db, period=period)
    return templates.TemplateResponse(request, "dashboard/index.html", {"report": report})
