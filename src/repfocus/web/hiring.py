"""Hiring pages (leaders and managers): candidates ranked by weighted score with a bar per trait, the form
that adds a candidate, the leader's trait weights; a candidate's page with the scorecards, the form that
records one, the status change and the form that edits their details. A broken rule shows the form again
(422) naming the field."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from repfocus.domain.access import Actor, can_edit_targets
from repfocus.domain.hiring import (
    MIN_SCORECARDS,
    RED_FLAG_AT,
    STATUSES,
    TRAIT_LABELS,
    TRAIT_PROMPTS,
    TRAITS,
    HiringInvalid,
)
from repfocus.services import hiring, hiring_scorecards
from repfocus.web.auth import require_role
from repfocus.web.params import QueryInvalid, RowId, bad_request, parse_day
from repfocus.web.templating import templates

router = APIRouter(prefix="/hiring")
ACTOR = Depends(require_role("leader", "manager"))
FIELD_LABELS = {"name": "Name", "role": "Role", "email": "Email", "source": "Source", "status": "Status"}
FIELD_LABELS |= {"interviewed_on": "Interviewed on", "interviewer": "Interviewer", "weights": "Weights"}


def field_label(field: str) -> str:
    """Return the words on the form for a service field ("ratings.money_talk" -> "Talking money rating")."""
    if found := re.match(r"^(ratings|notes|weights)\.(\w+)$", field):
        what = {"ratings": "rating", "notes": "notes", "weights": "weight"}[found[1]]
        return f"{TRAIT_LABELS.get(found[2], found[2])} {what}"
    return FIELD_LABELS.get(field, field)


def _message(exc: HiringInvalid) -> str:
    return f"{field_label(exc.field)}: {exc.reason}"


def _number(value: str, kind: type[int] | type[float]) -> object:
    """Return the form value as a number when it reads as one; else as typed (the rules name the problem)."""
    value = value.strip()
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        return value


def _index(
    request: Request, actor: Actor, *, status: int = 200, only: str = "", **extra: Any
) -> HTMLResponse:
    found = hiring.compare(request.app.state.db, actor=actor, statuses=[only] if only else [])
    context = {
        "comparison": found,
        "traits": TRAITS,
        "trait_labels": TRAIT_LABELS,
        "statuses": STATUSES,
        "may_weigh": can_edit_targets(actor),
        "red_flag_at": RED_FLAG_AT,
        "form": {},
        "weights_form": {},
        "error": None,
        "weights_error": None,
        "saved": None,
        "only": only,
        **extra,
    }
    return templates.TemplateResponse(request, "hiring/index.html", context, status_code=status)


@router.get("", response_class=HTMLResponse)
def index(
    request: Request, saved: str = "", status: str = Query("", max_length=16), actor: Actor = ACTOR
) -> HTMLResponse:
    """Every candidate (of ?status= when given) ranked by weighted score, with per-trait averages, flags and
    recommendation; an unknown status is a 400 naming it."""
    try:
        return _index(request, actor, only=status, saved=saved == "weights" or None)
    except HiringInvalid as exc:
        return bad_request(request, _message(exc))


@router.post("/candidates", response_class=HTMLResponse, response_model=None)
async def add_candidate(request: Request, actor: Actor = ACTOR) -> Response:
    """Add the candidate on the form and open their page; the list again (422) naming the field."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        made = hiring.add_candidate(
            request.app.state.db,
            actor=actor,
            name=form.get("name", ""),
            role=form.get("role", ""),
            email=form.get("email"),
            source=form.get("source"),
            status=form.get("status") or "new",
        )
    except HiringInvalid as exc:
        return _index(request, actor, status=422, form=form, error=_message(exc))
    return RedirectResponse(f"/hiring/candidates/{made.id}", status_code=303)


@router.post("/weights", response_class=HTMLResponse, response_model=None)
async def set_weights(request: Request, actor: Actor = Depends(require_role("leader"))) -> Response:
    """Set the organization's trait weights (leaders); the list again (422) naming the weight at fault."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    weights = {t: _number(form.get(f"weight_{t}", ""), float) for t in TRAITS}
    try:
        hiring_scorecards.set_weights(request.app.state.db, actor=actor, weights=weights)
    except HiringInvalid as exc:
        return _index(request, actor, status=422, weights_form=form, weights_error=_message(exc))
    return RedirectResponse("/hiring?saved=weights", status_code=303)


def _detail(
    request: Request, actor: Actor, candidate_id: int, *, status: int = 200, **extra: Any
) -> HTMLResponse:
    try:
        candidate, cards = hiring.candidate_detail(
            request.app.state.db, actor=actor, candidate_id=candidate_id
        )
    except hiring.CandidateNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    context = {
        "c": candidate,
        "a": candidate.assessment,
        "cards": cards,
        "traits": TRAITS,
        "trait_labels": TRAIT_LABELS,
        "trait_prompts": TRAIT_PROMPTS,
        "statuses": STATUSES,
        "min_scorecards": MIN_SCORECARDS,
        "red_flag_at": RED_FLAG_AT,
        "form": {},
        "details": None,
        "error": None,
        "done": None,
        **extra,
    }
    return templates.TemplateResponse(request, "hiring/detail.html", context, status_code=status)


@router.get("/candidates/{candidate_id}", response_class=HTMLResponse)
def candidate(request: Request, candidate_id: RowId, done: str = "", actor: Actor = ACTOR) -> HTMLResponse:
    """A candidate's assessment, their scorecards and the forms to score them and change their status."""
    return _detail(
        request, actor, candidate_id, done=done if done in ("scored", "status", "details") else None
    )


@router.post("/candidates/{candidate_id}/scorecards", response_class=HTMLResponse, response_model=None)
async def add_scorecard(request: Request, candidate_id: RowId, actor: Actor = ACTOR) -> Response:
    """Record the signed-in user's scorecard from the form; the page again (422) naming the field."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        day = parse_day("Interviewed on", form.get("interviewed_on"))
        hiring_scorecards.record_scorecard(
            request.app.state.db,
            actor=actor,
            candidate_id=candidate_id,
            ratings={t: _number(form.get(f"rating_{t}", ""), int) for t in TRAITS},
            notes={t: form.get(f"note_{t}") for t in TRAITS},
            interviewed_on=day,
        )
    except QueryInvalid as exc:
        return _detail(request, actor, candidate_id, status=422, form=form, error=str(exc))
    except HiringInvalid as exc:
        return _detail(request, actor, candidate_id, status=422, form=form, error=_message(exc))
    except hiring.CandidateNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return RedirectResponse(f"/hiring/candidates/{candidate_id}?done=scored", status_code=303)


@router.post("/candidates/{candidate_id}/status", response_class=HTMLResponse, response_model=None)
def change_status(
    request: Request, candidate_id: RowId, status: str = Form("", max_length=16), actor: Actor = ACTOR
) -> Response:
    """Move the candidate to another status (audited)."""
    try:
        hiring.update_candidate(request.app.state.db, actor=actor, candidate_id=candidate_id, status=status)
    except HiringInvalid as exc:
        return _detail(request, actor, candidate_id, status=422, error=_message(exc))
    except hiring.CandidateNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return RedirectResponse(f"/hiring/candidates/{candidate_id}?done=status", status_code=303)


@router.post("/candidates/{candidate_id}/details", response_class=HTMLResponse, response_model=None)
async def edit_details(request: Request, candidate_id: RowId, actor: Actor = ACTOR) -> Response:
    """Change the candidate's name, role, email and source (audited); the page again (422) naming the field,
    with what was typed kept."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        hiring.update_candidate(
            request.app.state.db,
            actor=actor,
            candidate_id=candidate_id,
            name=form.get("name", ""),
            role=form.get("role", ""),
            email=form.get("email", ""),
            source=form.get("source", ""),
        )
    except HiringInvalid as exc:
        return _detail(request, actor, candidate_id, status=422, details=form, error=_message(exc))
    except hiring.CandidateNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return RedirectResponse(f"/hiring/candidates/{candidate_id}?done=details", status_code=303)
