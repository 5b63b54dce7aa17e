"""Competency pages in the coaching area: the reps an actor sees with their weakest competencies and open
training; a rep's grid (current rating as dots, the last scores, the last evidence) with the rating form,
and their training with the assign form and "mark done" (HTMX). A rep reads their own and marks their
training done."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from repfocus.domain.access import Actor
from repfocus.domain.competencies import COMPETENCIES, COMPETENCY_LABELS, MAX_SCORE, CompetencyInvalid
from repfocus.domain.taxonomy import PERSONAS
from repfocus.services import competencies, training
from repfocus.web.auth import sales_actor
from repfocus.web.params import QueryInvalid, RowId, parse_day
from repfocus.web.templating import templates

router = APIRouter(prefix="/coaching")
ACTOR = Depends(sales_actor)
FIELD_LABELS = {
    "competency": "Competency",
    "score": "Score",
    "rated_on": "Rated on",
    "evidence": "Evidence",
    "title": "Title",
    "persona": "Persona profile",
    "due_on": "Due",
    "playbook_item_id": "Playbook item",
}


@router.get("/competencies", response_class=HTMLResponse)
def overview(request: Request, actor: Actor = ACTOR) -> HTMLResponse:
    """Every rep the actor sees: weakest competencies, how many need training, training open and overdue."""
    lines = competencies.overview(request.app.state.db, actor=actor)
    context = {"lines": lines, "labels": COMPETENCY_LABELS}
    return templates.TemplateResponse(request, "competencies/index.html", context)


def _page(request: Request, actor: Actor, email: str, *, status: int = 200, **extra: Any) -> HTMLResponse:
    db = request.app.state.db
    try:
        view = competencies.rep_grid(db, actor=actor, rep_email=email)
        assignments = training.list_training(db, actor=actor, rep_email=email)
        ratings = competencies.list_ratings(db, actor=actor, rep_email=email)
    except competencies.CompetencyNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    context = {
        "view": view,
        "assignments": assignments,
        "ratings": ratings,
        "may_complete": actor.user_id == view.rep_id or view.may_rate,
        "may_reopen": view.may_rate,
        "competencies": COMPETENCIES,
        "labels": COMPETENCY_LABELS,
        "scores": range(1, MAX_SCORE + 1),
        "personas": PERSONAS,
        "items": training.playbook_choices(db) if view.may_rate else [],
        "rating": {},
        "assign": {},
        "error": None,
        "notice": None,
        **extra,
    }
    return templates.TemplateResponse(request, "competencies/detail.html", context, status_code=status)


@router.get("/competencies/{email}", response_class=HTMLResponse)
def rep(
    request: Request, email: str, notice: str = "", train: str = "", actor: Actor = ACTOR
) -> HTMLResponse:
    """A rep's competency grid and training; for their manager or a leader also the forms, the training
    form's competency from ?train= (the grid's "assign training" link on a competency that needs it)."""
    known = {"rated": "Rating added.", "assigned": "Training assigned."}
    assign = {"competency": train} if train in COMPETENCIES else {}
    return _page(request, actor, email, notice=known.get(notice), assign=assign)


def _problem(exc: CompetencyInvalid) -> str:
    return f"{FIELD_LABELS.get(exc.field, exc.field)}: {exc.reason}"


async def _form(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


@router.post("/competencies/{email}/ratings", response_class=HTMLResponse, response_model=None)
async def rate(request: Request, email: str, actor: Actor = ACTOR) -> Response:
    """Add the rating on the form to the rep's history; the form again (422) naming the field."""
    form = await _form(request)
    try:
        score = form.get("score", "").strip()
        if not score.isdecimal():
            raise QueryInvalid(f"Score: {score!r} is not a whole number from 1 to {MAX_SCORE}")
        made = competencies.rate(
            request.app.state.db,
            actor=actor,
            rep_email=email,
            competency=form.get("competency", ""),
            score=int(score),
            rated_on=parse_day("Rated on", form.get("rated_on")),
            evidence=form.get("evidence"),
        )
    except QueryInvalid as exc:
        return _page(request, actor, email, status=422, error=str(exc), rating=form)
    except CompetencyInvalid as exc:
        return _page(request, actor, email, status=422, error=_problem(exc), rating=form)
    except competencies.CompetencyNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return RedirectResponse(f"/coaching/competencies/{quote(made.rep_email)}?notice=rated", status_code=303)


@router.post("/competencies/{email}/training", response_class=HTMLResponse, response_model=None)
async def assign(request: Request, email: str, actor: Actor = ACTOR) -> Response:
    """Assign the training on the form; the form again (422) naming the field."""
    form = await _form(request)
    try:
        item = form.get("playbook_item_id", "").strip()
        if item and not item.isdecimal():
            raise QueryInvalid(f"Playbook item: {item!r} is not an item number")
        made = training.assign(
            request.app.state.db,
            actor=actor,
            rep_email=email,
            title=form.get("title", ""),
            competency=form.get("competency"),
            persona=form.get("persona"),
            playbook_item_id=int(item) if item else None,
            due_on=parse_day("Due", form.get("due_on")),
        )
    except QueryInvalid as exc:
        return _page(request, actor, email, status=422, error=str(exc), assign=form)
    except CompetencyInvalid as exc:
        return _page(request, actor, email, status=422, error=_problem(exc), assign=form)
    except competencies.CompetencyNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return RedirectResponse(
        f"/coaching/competencies/{quote(made.rep_email)}?notice=assigned", status_code=303
    )


def _set(request: Request, actor: Actor, training_id: int, status: str, note: str | None) -> Response:
    try:
        view = training.update(
            request.app.state.db, actor=actor, training_id=training_id, status=status, note=note
        )
    except competencies.CompetencyNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    except CompetencyInvalid as exc:
        raise HTTPException(422, _problem(exc)) from exc
    if request.headers.get("hx-request"):
        # the service let the actor see and change it: a manager or leader here may coach this rep
        coach = actor.role in ("leader", "manager")
        context = {"t": view, "may_complete": True, "may_reopen": coach, "labels": COMPETENCY_LABELS}
        return templates.TemplateResponse(request, "competencies/_training.html", context)
    return RedirectResponse(f"/coaching/competencies/{quote(view.rep_email)}", status_code=303)


@router.post("/training/{training_id}/done", response_model=None)
def done(
    request: Request,
    training_id: RowId,
    note: str = Form("", max_length=2000),
    actor: Actor = ACTOR,
) -> Response:
    """Mark a training done with the rep's note: the row again to HTMX, else back to the rep's page."""
    return _set(request, actor, training_id, "done", note or None)


@router.post("/training/{training_id}/undone", response_model=None)
def undone(request: Request, training_id: RowId, actor: Actor = ACTOR) -> Response:
    """Set a done training back to assigned (the rep's manager or a leader)."""
    return _set(request, actor, training_id, "assigned", None)
