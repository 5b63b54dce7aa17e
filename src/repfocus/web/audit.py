"""The audit log page (leaders only): who changed what and when, with filters."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from repfocus.domain.access import Actor
from repfocus.services import audit
from repfocus.web.auth import leader_actor
from repfocus.web.templating import templates

router = APIRouter()


@router.get("/audit", response_class=HTMLResponse)
def audit_log(
    request: Request,
    action: str = Query("", max_length=48),
    who: str = Query("", max_length=254),
    date_from: date | None = Query(None, alias="from"),
    date_to: date | None = Query(None, alias="to"),
    actor: Actor = Depends(leader_actor),
) -> HTMLResponse:
    rows = audit.list_entries(
        request.app.state.db,
        actor=actor,
        action=action or None,
        actor_email=who or None,
        day_from=date_from,
        day_to=date_to,
    )
    filters = {"action": action, "who": who, "from": date_from or "", "to": date_to or ""}
    return templates.TemplateResponse(
        request, "audit/index.html", {"rows": rows, "actions": audit.ACTIONS, "filters": filters}
    )
