"""The team dashboard."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from repfocus.domain.access import Actor
from repfocus.services import reporting
from repfocus.web.auth import sales_actor
from repfocus.web.templating import templates

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, actor: Actor = Depends(sales_actor)) -> HTMLResponse:
    db = request.app.state.db
    period = reporting.default_period(db)
    report = reporting.allocation_report(db, actor=actor, period=period)
    return templates.TemplateResponse(request, "dashboard/index.html", {"report": report})
