"""Recognition pages: every program in force with its standings (a bar per criterion, overall progress
against the share of the window gone by, who qualified), a leader's form to add one (up to 3 criteria)
or retire one, and each program's standings as CSV. A rep sees their own row."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from repfocus.domain.access import Actor, can_edit_targets, require
from repfocus.domain.recognition import MEASURES, RecognitionInvalid
from repfocus.domain.taxonomy import BUCKETS, CATEGORIES
from repfocus.services import recognition
from repfocus.web.auth import sales_actor
from repfocus.web.params import RowId
from repfocus.web.spreadsheet import csv_download
from repfocus.web.templating import templates

router = APIRouter(prefix="/incentives/recognition")
ACTOR = Depends(sales_actor)
CRITERIA_ROWS = 3
LABELS = {"name": "Name", "starts_on": "Starts on", "ends_on": "Ends on", "description": "Description"}
LABELS |= {"criteria": "Criteria", "what": "what", "measure": "measure", "at_least": "at least"}


def _label(field: str) -> str:
    """Return a service field as the form names it ("criteria[1].at_least" -> "Criterion 2 at least")."""
    if found := re.match(r"^criteria\[(\d+)\](?:\.(\w+))?", field):
        return f"Criterion {int(found[1]) + 1} {LABELS.get(found[2] or '', '')}".strip()
    return LABELS.get(field, field)


def _page(request: Request, actor: Actor, *, status: int = 200, **extra: Any) -> HTMLResponse:
    db = request.app.state.db
    programs = recognition.list_programs(db, actor=actor)
    context = {
        "boards": [recognition.standings(db, actor=actor, program_id=v.id) for v in programs],
        "may_edit": can_edit_targets(actor),
        "buckets": list(BUCKETS),
        "categories": CATEGORIES,
        "measures": MEASURES,
        "rows": range(CRITERIA_ROWS),
        "form": {},
        "error": None,
        "created": None,
        **extra,
    }
    return templates.TemplateResponse(request, "incentives/recognition.html", context, status_code=status)


@router.get("", response_class=HTMLResponse)
def index(request: Request, created: int | None = None, actor: Actor = ACTOR) -> HTMLResponse:
    """Every program in force and its standings."""
    return _page(request, actor, created=created)


@router.post("", response_class=HTMLResponse, response_model=None)
async def add_program(request: Request, actor: Actor = ACTOR) -> Response:
    """Add the program on the form (leaders); the page again (422) naming the field and keeping the input."""
    require(can_edit_targets(actor), "only leaders set recognition programs")  # before the form is read
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    criteria = []
    for i in range(CRITERIA_ROWS):
        what, at_least = form.get(f"what_{i}", "").strip(), form.get(f"at_least_{i}", "").strip()
        if what or at_least:
            criteria.append(
                {"what": what, "measure": form.get(f"measure_{i}", "count"), "at_least": at_least}
            )
    definition = {k: form.get(k, "") for k in ("name", "starts_on", "ends_on", "description")}
    try:
        made = recognition.create_program(
            request.app.state.db, actor=actor, definition={**definition, "criteria": criteria}
        )
    except RecognitionInvalid as exc:
        error = f"{_label(exc.field)}: {exc.reason}"
        return _page(request, actor, status=422, form=form, error=error)
    return RedirectResponse(f"/incentives/recognition?created={made.id}", status_code=303)


@router.post("/{program_id}/retire", response_model=None)
def retire(request: Request, program_id: RowId, actor: Actor = ACTOR) -> Response:
    """Take a program off the page (leaders); back to the page."""
    try:
        recognition.retire_program(request.app.state.db, actor=actor, program_id=program_id)
    except recognition.ProgramNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return RedirectResponse("/incentives/recognition", status_code=303)


@router.get("/{program_id}/standings.csv", response_model=None)
def standings_csv(request: Request, program_id: RowId, actor: Actor = ACTOR) -> Response:
    """A program's standings as CSV: one row per rep and criterion."""
    try:
        board = recognition.standings(request.app.state.db, actor=actor, program_id=program_id)
    except recognition.ProgramNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    header = ["rep_email", "rep_name", "team", "criterion", "value", "at_least", "met", "qualified"]
    rows = (
        [
            rep.email,
            rep.name,
            rep.team,
            p.criterion.label(),
            p.value,
            p.criterion.at_least,
            p.met,
            s.qualified,
        ]
        for rep, s in board.rows
        for p in s.progress
    )
    return csv_download(f"repfocus-recognition-{program_id}.csv", header, rows)
