"""/api/v1/recognition: recognition programs and their standings — the same service as the pages and the
CLI. Leaders write programs; everyone with sales data reads them and the standings of the reps they see."""

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
from repfocus.domain.recognition import MAX_CRITERIA, MAX_THRESHOLD
from repfocus.services import recognition

router = APIRouter(prefix="/recognition", tags=["recognition"])
ACTOR = Depends(token_actor)


class CriterionIn(BaseModel):
    """At least `at_least` of `measure` of `what` (an activity category or a bucket) in the window."""

    model_config = ConfigDict(extra="forbid")

    what: str = Field(max_length=40, description="A category (prospect_meeting) or a bucket (selling)")
    measure: Literal["count", "minutes"] = "count"
    at_least: int = Field(ge=1, le=MAX_THRESHOLD)


class ProgramCreate(BaseModel):
    """A program: its window (inclusive local days) and the criteria a rep must all reach to qualify."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    description: str = Field("", max_length=1000)
    starts_on: date
    ends_on: date
    criteria: list[CriterionIn] = Field(min_length=1, max_length=MAX_CRITERIA)


class ProgramRead(BaseModel):
    id: int
    name: str
    description: str
    starts_on: date
    ends_on: date
    active: bool
    criteria: list[dict[str, object]]


class CriterionStanding(BaseModel):
    label: str
    value: int
    at_least: int
    met: bool


class RepStanding(BaseModel):
    rep: dict[str, str | None]
    qualified: bool
    progress: float = Field(description="Mean over the criteria of value / at_least, each capped at 1")
    on_pace: bool = Field(description="Qualified, or progress at least the share of the window gone by")
    criteria: list[CriterionStanding]


class StandingsRead(BaseModel):
    program: ProgramRead
    today: date
    elapsed: float = Field(description="The share of the window gone by today")
    qualified: int
    reps: list[RepStanding]


@contextmanager
def _errors(where: str = "body") -> Iterator[None]:
    """A rule broken: 422 with `loc` naming the field (criteria[1].what -> body, criteria, 1, what)."""
    try:
        yield
    except recognition.ProgramNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    except recognition.RecognitionInvalid as exc:
        raise invalid_field(where, exc.field, str(exc)) from exc


@router.get("/programs")
def list_programs(
    request: Request,
    retired: bool = Query(False, description="Also the retired programs"),
    actor: Actor = ACTOR,
) -> list[ProgramRead]:
    """The programs, latest window first."""
    found = recognition.list_programs(request.app.state.db, actor=actor, include_inactive=retired)
    return [ProgramRead.model_validate(p.as_dict()) for p in found]


@router.post("/programs", status_code=201, responses={422: {"description": "A field breaks a rule"}})
def add_program(request: Request, body: ProgramCreate, actor: Actor = ACTOR) -> ProgramRead:
    """Create a program (leaders only); audited."""
    with _errors():
        made = recognition.create_program(
            request.app.state.db, actor=actor, definition=body.model_dump(mode="json")
        )
    return ProgramRead.model_validate(made.as_dict())


@router.post("/programs/{program_id}/retire")
def retire_program(request: Request, program_id: RowId, actor: Actor = ACTOR) -> ProgramRead:
    """Take a program off the list; its standings stay readable (leaders only); audited."""
    with _errors():
        made = recognition.retire_program(request.app.state.db, actor=actor, program_id=program_id)
    return ProgramRead.model_validate(made.as_dict())


@router.get("/programs/{program_id}/standings")
def standings(
    request: Request,
    program_id: RowId,
    team: str | None = Query(None, max_length=120, description="Only the reps of this team"),
    actor: Actor = ACTOR,
) -> StandingsRead:
    """Each rep's progress on every criterion, qualified first: a rep their own, a manager their teams',
    a leader everyone."""
    with _errors("query"):
        board = recognition.standings(request.app.state.db, actor=actor, program_id=program_id, team=team)
    return StandingsRead.model_validate(board.as_dict())
