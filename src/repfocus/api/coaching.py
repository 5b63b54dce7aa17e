"""/api/v1/coaching: coaching sessions with their action items — the same service as the pages and the CLI.
Reps read their own sessions, managers their teams', leaders all; managers and leaders record them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from repfocus.api.auth import token_actor
from repfocus.api.params import RowId, day_query, invalid_field
from repfocus.domain.access import Actor
from repfocus.domain.coaching import MAX_ACTION_TEXT, MAX_ACTIONS, MAX_NOTE
from repfocus.domain.diagnosis import CAUSES
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.domain.taxonomy import PERSONAS
from repfocus.services import coaching

router = APIRouter(prefix="/coaching", tags=["coaching"])
ACTOR = Depends(token_actor)


class ActionCreate(BaseModel):
    """An action item agreed in the session."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_ACTION_TEXT, description="What the rep will do")
    due_on: date = Field(description="By when; not before the session's day")


class SessionCreate(BaseModel):
    """A session held by the token's user (the rep's manager or a leader) with a rep."""

    model_config = ConfigDict(extra="forbid")

    rep_email: str = Field(max_length=254)
    focus: str = Field(max_length=20, description=f"The root cause worked on: {', '.join(CAUSES)}")
    persona: str | None = Field(None, max_length=32, description=f"Buyer persona: {', '.join(PERSONAS)}")
    held_on: date | None = Field(None, description="Default: today; at most one day ahead")
    note: str | None = Field(None, max_length=MAX_NOTE)
    actions: list[ActionCreate] = Field(default_factory=list, max_length=MAX_ACTIONS)


class ActionRead(BaseModel):
    id: int
    text: str
    due_on: date
    done: bool
    done_at: datetime | None
    overdue: bool = Field(description="Not done and due before today")


class SessionRead(BaseModel):
    id: int
    rep_email: str
    rep_name: str
    coach_email: str | None
    held_on: date
    focus: str
    persona: str | None
    note: str | None
    actions: list[ActionRead]


@contextmanager
def _errors() -> Iterator[None]:
    """Rules broken: 422 naming the body field; unknown or unseen rep or action: 404."""
    try:
        yield
    except coaching.CoachingInvalid as exc:
        raise invalid_field("body", exc.field, str(exc)) from exc
    except coaching.CoachingNotFound as exc:
        raise HTTPException(404, str(exc)) from exc


@router.get("/sessions")
def list_sessions(
    request: Request,
    rep: str | None = Query(None, max_length=254, description="Only this rep (email)"),
    date_from: date | None = day_query("from", "Held on or after"),
    date_to: date | None = day_query("to", "Held on or before"),
    actor: Actor = ACTOR,
) -> list[SessionRead]:
    """The sessions of the reps the token's user may read, newest first, with their action items."""
    try:
        period = Period(date_from or date.min, date_to or date.max) if date_from or date_to else None
    except PeriodInvalid as exc:
        raise invalid_field("query", "to", str(exc)) from exc
    with _errors():
        found = coaching.list_sessions(request.app.state.db, actor=actor, rep_email=rep, period=period)
    return [SessionRead.model_validate(s.as_dict()) for s in found]


@router.post("/sessions", status_code=201, responses={422: {"description": "A field breaks a rule"}})
def add_session(request: Request, body: SessionCreate, actor: Actor = ACTOR) -> SessionRead:
    """Record a session with up to 5 action items (the rep's manager or a leader); audited."""
    with _errors():
        made = coaching.add_session(
            request.app.state.db,
            actor=actor,
            rep_email=body.rep_email,
            focus=body.focus,
            held_on=body.held_on,
            persona=body.persona,
            note=body.note,
            actions=[coaching.ActionDraft(a.text, a.due_on) for a in body.actions],
        )
    return SessionRead.model_validate(made.as_dict())


def _tick(request: Request, action_id: int, actor: Actor, done: bool) -> ActionRead:
    with _errors():
        view = coaching.set_action_done(request.app.state.db, actor=actor, action_id=action_id, done=done)
    return ActionRead.model_validate(view.as_dict())


@router.post("/actions/{action_id}/done")
def action_done(request: Request, action_id: RowId, actor: Actor = ACTOR) -> ActionRead:
    """Mark an action item done (the rep's manager or a leader); audited."""
    return _tick(request, action_id, actor, True)


@router.post("/actions/{action_id}/undone")
def action_undone(request: Request, action_id: RowId, actor: Actor = ACTOR) -> ActionRead:
    """Open a done action item again (the rep's manager or a leader); audited."""
    return _tick(request, action_id, actor, False)
