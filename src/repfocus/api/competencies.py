"""/api/v1/competencies and /api/v1/training: competency ratings over time and training assignments — the
same services as the pages and the CLI. Reps read their own and mark their training done; the rep's
manager or a leader rates and assigns."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from repfocus.api.auth import token_actor
from repfocus.api.params import RowId, invalid_field
from repfocus.domain.access import Actor
from repfocus.domain.competencies import COMPETENCIES, MAX_EVIDENCE, MAX_SCORE, MIN_SCORE, CompetencyInvalid
from repfocus.domain.taxonomy import PERSONAS
from repfocus.domain.training import MAX_NOTE, MAX_TITLE
from repfocus.services import competencies, training

router = APIRouter(tags=["competencies"])
ACTOR = Depends(token_actor)


class RatingCreate(BaseModel):
    """A rating by the token's user (the rep's manager or a leader); it joins the rep's history."""

    model_config = ConfigDict(extra="forbid")

    rep_email: str = Field(max_length=254)
    competency: str = Field(max_length=32, description=f"One of {', '.join(COMPETENCIES)}")
    score: int = Field(ge=MIN_SCORE, le=MAX_SCORE)
    rated_on: date | None = Field(None, description="Default: today; at most one day ahead")
    evidence: str | None = Field(None, max_length=MAX_EVIDENCE)


class RatingRead(BaseModel):
    id: int
    rep_email: str
    competency: str
    score: int
    rated_on: date
    evidence: str | None
    rated_by_email: str | None


class TrainingCreate(BaseModel):
    """Training assigned by the token's user (the rep's manager or a leader)."""

    model_config = ConfigDict(extra="forbid")

    rep_email: str = Field(max_length=254)
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    competency: str | None = Field(None, max_length=32, description=f"One of {', '.join(COMPETENCIES)}")
    playbook_item_id: int | None = Field(None, ge=1, le=2**63 - 1)
    persona: str | None = Field(None, max_length=24, description=f"A persona profile: {', '.join(PERSONAS)}")
    due_on: date | None = None


class TrainingUpdate(BaseModel):
    """Mark done (the rep, their manager, a leader) or assigned again (manager, leader); the rep's note."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["assigned", "done"] | None = None
    note: str | None = Field(None, max_length=MAX_NOTE)


class TrainingRead(BaseModel):
    id: int
    rep_email: str
    rep_name: str
    title: str
    competency: str | None
    playbook_item_id: int | None
    playbook_slug: str | None
    persona: str | None
    assigned_by_email: str | None
    assigned_on: date
    due_on: date | None
    status: str
    completed_on: date | None
    note: str | None
    overdue: bool = Field(description="Not done and due before today")


@contextmanager
def _errors(where: str = "body") -> Iterator[None]:
    """Rules broken: 422 naming the field; unknown or unseen rep or assignment: 404."""
    try:
        yield
    except CompetencyInvalid as exc:
        raise invalid_field(where, exc.field, str(exc)) from exc
    except competencies.CompetencyNotFound as exc:
        raise HTTPException(404, str(exc)) from exc


@router.get("/competencies/ratings")
def list_ratings(
    request: Request,
    rep: str | None = Query(None, max_length=254, description="Only this rep (email)"),
    actor: Actor = ACTOR,
) -> list[RatingRead]:
    """The ratings of the reps the token's user may read, newest first (the history: none overwritten)."""
    with _errors("query"):
        found = competencies.list_ratings(request.app.state.db, actor=actor, rep_email=rep)
    return [RatingRead.model_validate(r.as_dict()) for r in found]


@router.post(
    "/competencies/ratings", status_code=201, responses={422: {"description": "A field breaks a rule"}}
)
def add_rating(request: Request, body: RatingCreate, actor: Actor = ACTOR) -> RatingRead:
    """Rate a rep on one competency, 1 to 5 (the rep's manager or a leader); audited."""
    with _errors():
        made = competencies.rate(
            request.app.state.db,
            actor=actor,
            rep_email=body.rep_email,
            competency=body.competency,
            score=body.score,
            rated_on=body.rated_on,
            evidence=body.evidence,
        )
    return RatingRead.model_validate(made.as_dict())


@router.get("/training")
def list_training(
    request: Request,
    rep: str | None = Query(None, max_length=254, description="Only this rep (email)"),
    status: Literal["assigned", "done"] | None = Query(None, description="Only this status"),
    actor: Actor = ACTOR,
) -> list[TrainingRead]:
    """The training of the reps the token's user may read: open before done, then by due day."""
    with _errors("query"):
        found = training.list_training(request.app.state.db, actor=actor, rep_email=rep, status=status)
    return [TrainingRead.model_validate(t.as_dict()) for t in found]


@router.post("/training", status_code=201, responses={422: {"description": "A field breaks a rule"}})
def assign_training(request: Request, body: TrainingCreate, actor: Actor = ACTOR) -> TrainingRead:
    """Assign training to a rep (the rep's manager or a leader); audited."""
    with _errors():
        made = training.assign(
            request.app.state.db,
            actor=actor,
            rep_email=body.rep_email,
            title=body.title,
            competency=body.competency,
            persona=body.persona,
            playbook_item_id=body.playbook_item_id,
            due_on=body.due_on,
        )
    return TrainingRead.model_validate(made.as_dict())


@router.patch("/training/{training_id}", responses={422: {"description": "A field breaks a rule"}})
def update_training(
    request: Request, training_id: RowId, body: TrainingUpdate, actor: Actor = ACTOR
) -> TrainingRead:
    """Mark training done or assigned again, and set the rep's note; audited."""
    with _errors():
        view = training.update(
            request.app.state.db, actor=actor, training_id=training_id, status=body.status, note=body.note
        )
    return TrainingRead.model_validate(view.as_dict())
