"""/api/v1/plans: mutual action plans (milestones and share links: api/plan_milestones.py) — the same
services as the pages.
Leaders see every plan, managers their teams' and their own, reps their own, delivery users all (and
change delivery milestones only). A plan the token's user may not see is a 404; one they may not change,
a 403."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from repfocus.api.auth import token_actor
from repfocus.api.params import RowId, invalid_field
from repfocus.domain.access import Actor
from repfocus.domain.period import FIRST_DAY, LAST_DAY
from repfocus.domain.plans import (
    MAX_GOAL,
    MAX_TITLE,
    STATUSES,
    PlanInvalid,
)
from repfocus.services import plan_edits, plans

router = APIRouter(prefix="/plans", tags=["plans"])
ACTOR = Depends(token_actor)
BODY_FIELDS = {
    "due": "due_date",
    "done_on": "done_date",
    "account": "account_id",
    "job_order": "job_order_id",
    "owner": "owner_email",
}
ID = Field(None, ge=1, le=2**63 - 1)


def day_field(description: str) -> Any:
    """A date in a body, between FIRST_DAY and LAST_DAY (outside: the documented 422)."""
    return Field(None, ge=FIRST_DAY, le=LAST_DAY, description=description)


class PlanCreate(BaseModel):
    """A plan for an account (and optionally one of its job orders); the owner defaults to the token's
    user."""

    model_config = ConfigDict(extra="forbid")

    account_id: int = Field(ge=1, le=2**63 - 1)
    job_order_id: int | None = ID
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    goal: str | None = Field(
        None, max_length=MAX_GOAL, examples=["First 3 Java contractors start by 15 March"]
    )
    target_date: date | None = day_field("The day the goal is reached")
    status: str = Field("draft", max_length=16, description=f"One of {', '.join(STATUSES)}")
    owner_email: str | None = Field(None, max_length=254, description="A rep, manager or leader")


class PlanUpdate(BaseModel):
    """The fields to change; a field sent as null clears it (goal, target_date, job_order_id)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=MAX_TITLE)
    goal: str | None = Field(None, max_length=MAX_GOAL)
    target_date: date | None = day_field("The day the goal is reached")
    status: str | None = Field(None, max_length=16, description=f"One of {', '.join(STATUSES)}")
    owner_email: str | None = Field(None, max_length=254)
    job_order_id: int | None = ID


class ProgressRead(BaseModel):
    done: int
    total: int
    overdue: int = Field(description="Not done and due before today")
    next_milestone_id: int | None
    next_milestone: str | None
    next_due: date | None


class PlanRead(BaseModel):
    id: int
    title: str
    goal: str | None
    target_date: date | None
    status: str
    account_id: int
    account_name: str
    job_order_id: int | None
    job_order_title: str | None
    owner_email: str
    owner_name: str
    created_by_email: str | None
    created_at: datetime
    progress: ProgressRead


class MilestoneRead(BaseModel):
    id: int
    plan_id: int
    position: int
    title: str
    side: str
    owner_name: str | None
    owner_email: str | None
    due_date: date
    status: str
    done_date: date | None
    note: str | None
    note_internal: bool = Field(description="Hidden from the customer's share page")
    overdue: bool


class PlanDetailRead(PlanRead):
    milestones: list[MilestoneRead]


@contextmanager
def errors() -> Iterator[None]:
    """A broken rule: 422 naming the body field (the 404s and 403s map in app.py)."""
    try:
        yield
    except PlanInvalid as exc:
        raise invalid_field("body", BODY_FIELDS.get(exc.field, exc.field), str(exc)) from exc


def sent_fields(body: BaseModel) -> dict[str, Any]:
    """Return the fields the client sent (null included): PATCH changes only these."""
    return {k: getattr(body, k) for k in body.model_fields_set}


@router.get("")
def list_plans(
    request: Request,
    status: str | None = Query(None, max_length=16, description=f"One of {', '.join(STATUSES)}"),
    account_id: int | None = Query(None, ge=1, le=2**63 - 1),
    overdue: bool = Query(False, description="Only plans with an overdue milestone"),
    actor: Actor = ACTOR,
) -> list[PlanRead]:
    """The plans the token's user may see, newest first, with their progress."""
    with errors():
        found = plans.list_plans(
            request.app.state.db, actor=actor, status=status, account_id=account_id, overdue_only=overdue
        )
    return [PlanRead.model_validate(p.as_dict()) for p in found]


@router.post("", status_code=201, responses={422: {"description": "A field breaks a rule"}})
def create_plan(request: Request, body: PlanCreate, actor: Actor = ACTOR) -> PlanRead:
    """Create a plan (leaders, managers, reps; reps own their plans); audited."""
    with errors():
        made = plan_edits.create_plan(
            request.app.state.db,
            actor=actor,
            title=body.title,
            account_id=body.account_id,
            job_order_id=body.job_order_id,
            goal=body.goal,
            target_on=body.target_date,
            status=body.status,
            owner_email=body.owner_email,
        )
    return PlanRead.model_validate(made.as_dict())


@router.get("/{plan_id}")
def get_plan(request: Request, plan_id: RowId, actor: Actor = ACTOR) -> PlanDetailRead:
    """A plan with its milestones in order."""
    found = plans.plan_detail(request.app.state.db, actor=actor, plan_id=plan_id)
    return PlanDetailRead.model_validate(found.as_dict())


@router.patch("/{plan_id}", responses={422: {"description": "A field breaks a rule"}})
def update_plan(request: Request, plan_id: RowId, body: PlanUpdate, actor: Actor = ACTOR) -> PlanRead:
    """Change the fields sent (whoever manages the plan); audited."""
    sent = sent_fields(body)
    if "target_date" in sent:
        sent["target_on"] = sent.pop("target_date")
    with errors():
        made = plan_edits.update_plan(request.app.state.db, actor=actor, plan_id=plan_id, **sent)
    return PlanRead.model_validate(made.as_dict())
