"""/api/v1/reports: the same numbers as the pages and the CLI."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError

from repfocus.api.auth import token_actor
from repfocus.domain.access import Actor
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.services import reporting

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/allocation")
def allocation(
    request: Request,
    team: str | None = None,
    rep: str | None = None,
    date_from: date | None = Query(None, alias="from"),
    date_to: date | None = Query(None, alias="to"),
    actor: Actor = Depends(token_actor),
) -> dict[str, Any]:
    """Minutes and share per bucket for each rep, beside the selling-share target."""
    db = request.app.state.db
    default = reporting.default_period(db)
    try:
        end = date_to or default.end
        period = Period(date_from or Period.last_weeks(13, today=end).start, end)
    except PeriodInvalid as exc:  # the documented 422 shape, naming the field
        error = {"loc": ("query", "from"), "msg": str(exc), "type": "value_error", "input": str(date_from)}
        raise RequestValidationError([error]) from exc
    return reporting.allocation_report(db, actor=actor, period=period, team=team, rep_email=rep).as_dict()
