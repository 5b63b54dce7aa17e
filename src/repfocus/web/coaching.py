"""Coaching pages: the reps an actor sees with their last session and open and overdue action items; a rep's
history with the form that records a session (prefilled from ?focus=, as the diagnosis card links it) and
action items ticked done or open again with HTMX. A rep sees their own page, read-only."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from repfocus.domain.access import Actor
from repfocus.domain.coaching import MAX_ACTIONS, ActionDraft, CoachingInvalid
from repfocus.domain.diagnosis import CAUSES
from repfocus.domain.diagnosis.model import CAUSE_LABELS
from repfocus.domain.taxonomy import PERSONAS
from repfocus.services import coaching
from repfocus.web.auth import sales_actor
from repfocus.web.params import QueryInvalid, RowId, parse_day
from repfocus.web.templating import templates

router = APIRouter(prefix="/coaching")
ACTOR = Depends(sales_actor)
FIELD_LABELS = {
    "focus": "Focus",
    "persona": "Persona",
    "held_on": "Held on",
    "note": "Notes",
    "actions": "Actions",
}


@router.get("", response_class=HTMLResponse)
def overview(request: Request, actor: Actor = ACTOR) -> HTMLResponse:
    """Every rep the actor sees: last session, open and overdue action items."""
    lines = coaching.overview(request.app.state.db, actor=actor)
    return templates.TemplateResponse(request, "coaching/index.html", {"lines": lines})


def _rep_page(
    request: Request, actor: Actor, email: str, *, form: dict[str, Any], status: int = 200, **extra: Any
) -> HTMLResponse:
    try:
        line, sessions = coaching.rep_overview(request.app.state.db, actor=actor, rep_email=email)
    except coaching.CoachingNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    context = {
        "line": line,
        "sessions": sessions,
        "form": form,
        "causes": CAUSES,
        "cause_labels": CAUSE_LABELS,
        "personas": PERSONAS,
        "slots": range(MAX_ACTIONS),
        "error": None,
        "recorded": None,
        **extra,
    }
    return templates.TemplateResponse(request, "coaching/detail.html", context, status_code=status)


@router.get("/reps/{email}", response_class=HTMLResponse)
def rep(
    request: Request,
    email: str,
    focus: str = "",
    persona: str = "",
    recorded: int | None = None,
    actor: Actor = ACTOR,
) -> HTMLResponse:
    """A rep's coaching history; for their manager or a leader also the form, its focus from ?focus=."""
    form = {"focus": focus if focus in CAUSES else "", "persona": persona if persona in PERSONAS else ""}
    return _rep_page(request, actor, email, form=form, recorded=recorded)


def _field(name: str, rows: list[int]) -> str:
    """Return the words for a service field; action items by their row on the form ("Action 2 due date")."""
    if found := re.match(r"^actions\[(\d+)\]\.(\w+)$", name):
        what = "due date" if found[2] == "due_on" else "text"
        return f"Action {rows[int(found[1])] + 1} {what}"
    return FIELD_LABELS.get(name, name)


@router.post("/reps/{email}/sessions", response_class=HTMLResponse, response_model=None)
async def record(request: Request, email: str, actor: Actor = ACTOR) -> Response:
    """Record the session on the form with its filled action rows; the form again (422) naming the field."""
    data = await request.form()
    form = {k: v for k, v in data.items() if isinstance(v, str)}
    rows: list[int] = []
    try:
        held_on = parse_day("Held on", form.get("held_on"))
        actions = []
        for i in range(MAX_ACTIONS):
            text, due = form.get(f"action_text_{i}", ""), form.get(f"action_due_{i}", "")
            if not text.strip() and not due:
                continue
            day = parse_day(f"Action {i + 1} due date", due)
            if day is None:
                raise QueryInvalid(f"Action {i + 1} due date: give the day it is due")
            actions.append(ActionDraft(text, day))
            rows.append(i)
        made = coaching.add_session(
            request.app.state.db,
            actor=actor,
            rep_email=email,
            focus=form.get("focus", ""),
            held_on=held_on,
            persona=form.get("persona"),
            note=form.get("note"),
            actions=actions,
        )
    except QueryInvalid as exc:
        return _rep_page(request, actor, email, form=form, status=422, error=str(exc))
    except CoachingInvalid as exc:
        message = f"{_field(exc.field, rows)}: {exc.reason}"
        return _rep_page(request, actor, email, form=form, status=422, error=message)
    except coaching.CoachingNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return RedirectResponse(f"/coaching/reps/{quote(made.rep_email)}?recorded={made.id}", status_code=303)


def _tick(request: Request, actor: Actor, action_id: int, done: bool, back: str) -> Response:
    try:
        action = coaching.set_action_done(request.app.state.db, actor=actor, action_id=action_id, done=done)
    except coaching.CoachingNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    target = back if back.startswith("/coaching/reps/") else "/coaching"
    if request.headers.get("hx-request"):
        context = {"a": action, "may_coach": True, "back": target}
        return templates.TemplateResponse(request, "coaching/_action.html", context)
    return RedirectResponse(target, status_code=303)


@router.post("/actions/{action_id}/done", response_model=None)
def action_done(
    request: Request, action_id: RowId, back: str = Form("", max_length=500), actor: Actor = ACTOR
) -> Response:
    """Tick an action item done: the row again to HTMX, else back to the rep's page."""
    return _tick(request, actor, action_id, True, back)


@router.post("/actions/{action_id}/undone", response_model=None)
def action_undone(
    request: Request, action_id: RowId, back: str = Form("", max_length=500), actor: Actor = ACTOR
) -> Response:
    """Open a done action item again."""
    return _tick(request, actor, action_id, False, back)
