"""/api/v1/hiring: candidates, interview scorecards and the ranked comparison — the same services as the pages
and the CLI. Leaders and managers only (reps and delivery users get 403)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from repfocus.api.auth import token_actor
from repfocus.api.params import RowId, invalid_field
from repfocus.domain.access import Actor
from repfocus.domain.hiring import MAX_NAME, MAX_NOTE, MAX_SOURCE, STATUSES, TRAITS
from repfocus.services import hiring, hiring_scorecards

router = APIRouter(prefix="/hiring", tags=["hiring"])
ACTOR = Depends(token_actor)
RATING = Field(ge=1, le=5, description="1 (absent) to 5 (strong)")
NOTE = Field(None, max_length=MAX_NOTE, description="Evidence: what the candidate said or did")


class CandidateCreate(BaseModel):
    """A candidate for a sales role."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=MAX_NAME)
    role: str = Field(min_length=1, max_length=MAX_NAME, description="The role applied for")
    email: str | None = Field(None, max_length=254)
    source: str | None = Field(None, max_length=MAX_SOURCE, description="Referral, job board, ...")
    status: str = Field("new", description=f"One of {', '.join(STATUSES)}")


class CandidateUpdate(BaseModel):
    """The fields to change; those left out stay as they are. A status change is audited."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=MAX_NAME)
    role: str | None = Field(None, min_length=1, max_length=MAX_NAME)
    email: str | None = Field(None, max_length=254)
    source: str | None = Field(None, max_length=MAX_SOURCE)
    status: str | None = Field(None, description=f"One of {', '.join(STATUSES)}")


class Ratings(BaseModel):
    """Every trait rated 1-5."""

    model_config = ConfigDict(extra="forbid")

    persistence: int = RATING
    assertiveness: int = RATING
    money_talk: int = RATING
    objection_handling: int = RATING
    prospecting_drive: int = RATING


class Notes(BaseModel):
    """Optional evidence per trait."""

    model_config = ConfigDict(extra="forbid")

    persistence: str | None = NOTE
    assertiveness: str | None = NOTE
    money_talk: str | None = NOTE
    objection_handling: str | None = NOTE
    prospecting_drive: str | None = NOTE


class ScorecardCreate(BaseModel):
    """The token's user's ratings of the candidate; one scorecard per interviewer, candidate and day."""

    model_config = ConfigDict(extra="forbid")

    interviewed_on: date | None = Field(None, description="Default: today; at most one day ahead")
    ratings: Ratings
    notes: Notes = Field(default_factory=Notes)


class CandidateRead(BaseModel):
    id: int
    name: str
    email: str | None
    role: str
    source: str | None
    status: str
    created_at: datetime
    scorecards: int
    score: float | None = Field(description="0-100: the mean over scorecards of the weighted trait average")
    trait_averages: dict[str, float]
    red_flags: list[str] = Field(description="Traits averaging 2 or lower")
    needs_interview: bool = Field(description="Fewer than 2 scorecards")
    recommendation: str | None = Field(description="hire, maybe or no; null without scorecards")


class ScorecardRead(BaseModel):
    id: int
    candidate_id: int
    interviewer_email: str | None
    interviewed_on: date
    ratings: dict[str, int]
    notes: dict[str, str]


class ComparisonRead(BaseModel):
    weights: dict[str, float] = Field(description=f"Weight per trait ({', '.join(TRAITS)}), summing to 1")
    candidates: list[CandidateRead] = Field(description="Best weighted score first; unscored last")


@contextmanager
def _errors() -> Iterator[None]:
    """A rule broken: 422 naming the body field ("ratings.money_talk" -> body, ratings, money_talk)."""
    try:
        yield
    except hiring.HiringInvalid as exc:
        raise invalid_field("body", exc.field, str(exc)) from exc
    except hiring.CandidateNotFound as exc:
        raise HTTPException(404, str(exc)) from exc


@router.get("/candidates")
def list_candidates(
    request: Request,
    status: list[str] = Query([], description=f"Only these statuses: {', '.join(STATUSES)}"),
    actor: Actor = ACTOR,
) -> list[CandidateRead]:
    """The candidates, best weighted score first, with their assessment."""
    try:
        found = hiring.compare(request.app.state.db, actor=actor, statuses=status)
    except hiring.HiringInvalid as exc:
        raise invalid_field("query", "status", str(exc)) from exc
    return [CandidateRead.model_validate(c.as_dict()) for c in found.candidates]


@router.post("/candidates", status_code=201, responses={422: {"description": "A field breaks a rule"}})
def add_candidate(request: Request, body: CandidateCreate, actor: Actor = ACTOR) -> CandidateRead:
    """Add a candidate (leaders and managers); audited."""
    with _errors():
        made = hiring.add_candidate(request.app.state.db, actor=actor, **body.model_dump())
    return CandidateRead.model_validate(made.as_dict())


@router.patch("/candidates/{candidate_id}", responses={422: {"description": "A field breaks a rule"}})
def update_candidate(
    request: Request, candidate_id: RowId, body: CandidateUpdate, actor: Actor = ACTOR
) -> CandidateRead:
    """Change a candidate's status or details (leaders and managers); audited."""
    with _errors():
        made = hiring.update_candidate(
            request.app.state.db,
            actor=actor,
            candidate_id=candidate_id,
            **body.model_dump(exclude_unset=True),
        )
    return CandidateRead.model_validate(made.as_dict())


@router.post(
    "/candidates/{candidate_id}/scorecards",
    status_code=201,
    responses={422: {"description": "A rating outside 1-5, or a second scorecard the same day"}},
)
def add_scorecard(
    request: Request, candidate_id: RowId, body: ScorecardCreate, actor: Actor = ACTOR
) -> ScorecardRead:
    """Record the token user's scorecard of the candidate (leaders and managers); audited."""
    with _errors():
        made = hiring_scorecards.record_scorecard(
            request.app.state.db,
            actor=actor,
            candidate_id=candidate_id,
            ratings=body.ratings.model_dump(),
            notes=body.notes.model_dump(),
            interviewed_on=body.interviewed_on,
        )
    return ScorecardRead.model_validate(made.as_dict())


@router.get("/comparison")
def comparison(
    request: Request,
    status: list[str] = Query([], description=f"Only these statuses: {', '.join(STATUSES)}"),
    actor: Actor = ACTOR,
) -> ComparisonRead:
    """The weights in force and the candidates ranked by weighted score, with per-trait averages, red flags
    and the recommendation (see docs/hiring.md)."""
    try:
        found = hiring.compare(request.app.state.db, actor=actor, statuses=status)
    except hiring.HiringInvalid as exc:
        raise invalid_field("query", "status", str(exc)) from exc
    return ComparisonRead.model_validate(found.as_dict())
