"""/api/v1/plans: mutual action plans, their milestones and share links — the same services as the pages.
Leaders see every plan, managers their teams' and their own, reps their own, delivery users all (and
change delivery milestones only). A plan the token's user may not see is a 404; one they may not change,
a 403."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field

from repfocus.api.auth import token_actor
from repfocus.api.params import RowId
from repfocus.domain.access import Actor
from repfocus.domain.period import FIRST_DAY, LAST_DAY
from repfocus.domain.plans import (
    MAX_GOAL,
    MAX_NOTE,
    MAX_OWNER_NAME,
    MAX_TITLE,
    MILESTONE_STATUSES,
    SIDES,
    STATUSES,
    PlanInvalid,
)
from repfocus.services import plan_edits, plan_milestones, plan_shares, plans

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


def _day(description: str) -> Any:
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
    target_date: date | None = _day("The day the goal is reached")
    status: str = Field("draft", max_length=16, description=f"One of {', '.join(STATUSES)}")
    owner_email: str | None = Field(None, max_length=254, description="A rep, manager or leader")


class PlanUpdate(BaseModel):
    """The fields to change; a field sent as null clears it (goal, target_date, job_order_id)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=MAX_TITLE)
    goal: str | None = Field(None, max_length=MAX_GOAL)
    target_date: date | None = _day("The day the goal is reached")
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


class MilestoneCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=MAX_TITLE)
    side: str = Field(max_length=16, description=f"Who owns it: {', '.join(SIDES)}")
    due_date: date = Field(ge=FIRST_DAY, le=LAST_DAY)
    status: str = Field("open", max_length=16, description=f"One of {', '.join(MILESTONE_STATUSES)}")
    owner_name: str | None = Field(
        None, max_length=MAX_OWNER_NAME, description="A person, e.g. at the customer"
    )
    owner_email: str | None = Field(None, max_length=254, description="Or a RepFocus user")
    note: str | None = Field(None, max_length=MAX_NOTE)
    note_internal: bool = False


class MilestoneUpdate(BaseModel):
    """The fields to change; marking it done records today unless done_date is given."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=MAX_TITLE)
    side: str | None = Field(None, max_length=16)
    due_date: date | None = _day("Due day")
    status: str | None = Field(None, max_length=16, description=f"One of {', '.join(MILESTONE_STATUSES)}")
    done_date: date | None = _day("The day it was done (status done)")
    owner_name: str | None = Field(None, max_length=MAX_OWNER_NAME)
    owner_email: str | None = Field(None, max_length=254)
    note: str | None = Field(None, max_length=MAX_NOTE)
    note_internal: bool | None = None


class ShareCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expires: date | None = _day("The last day the link works (at most a year ahead); none: until revoked")


class ShareCreated(BaseModel):
    """The link, shown this once: only its hash is stored."""

    id: int
    plan_id: int
    token: str
    path: str = Field(description="/shared/plans/{token}: the customer's page, no sign-in")
    expires_at: datetime | None


@contextmanager
def _errors() -> Iterator[None]:
    """A broken rule: 422 naming the body field (the 404s and 403s map in app.py)."""
    try:
        yield
    except PlanInvalid as exc:
        loc = ("body", BODY_FIELDS.get(exc.field, exc.field))
        raise RequestValidationError([{"loc": loc, "msg": str(exc), "type": "value_error"}]) from exc


def _sent(body: BaseModel) -> dict[str, Any]:
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
    with _errors():
        found = plans.list_plans(
            request.app.state.db, actor=actor, status=status, account_id=account_id, overdue_only=overdue
        )
    return [PlanRead.model_validate(p.as_dict()) for p in found]


@router.post("", status_code=201, responses={422: {"description": "A field breaks a rule"}})
def create_plan(request: Request, body: PlanCreate, actor: Actor = ACTOR) -> PlanRead:
    """Create a plan (leaders, managers, reps; reps own their plans); audited."""
    with _errors():
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
    sent = _sent(body)
    if "target_date" in sent:
        sent["target_on"] = sent.pop("target_date")
    with _errors():
        made = plan_edits.update_plan(request.app.state.db, actor=actor, plan_id=plan_id, **sent)
    return PlanRead.model_validate(made.as_dict())


@router.post(
    "/{plan_id}/milestones", status_code=201, responses={422: {"description": "A field breaks a rule"}}
)
def add_milestone(
    request: Request, plan_id: RowId, body: MilestoneCreate, actor: Actor = ACTOR
) -> MilestoneRead:
    """Add a milestone at the end (whoever manages the plan; delivery users on the delivery side); audited."""
    with _errors():
        made = plan_milestones.add_milestone(
            request.app.state.db,
            actor=actor,
            plan_id=plan_id,
            title=body.title,
            side=body.side,
            due_on=body.due_date,
            status=body.status,
            owner_name=body.owner_name,
            owner_email=body.owner_email,
            note=body.note,
            note_internal=body.note_internal,
        )
    return MilestoneRead.model_validate(made.as_dict())


@router.patch(
    "/{plan_id}/milestones/{milestone_id}", responses={422: {"description": "A field breaks a rule"}}
)
def update_milestone(
    request: Request, plan_id: RowId, milestone_id: RowId, body: MilestoneUpdate, actor: Actor = ACTOR
) -> MilestoneRead:
    """Change the fields sent (delivery users: delivery milestones only); audited."""
    sent = _sent(body)
    for api_name, name in (("due_date", "due_on"), ("done_date", "done_on")):
        if api_name in sent:
            sent[name] = sent.pop(api_name)
    with _errors():
        made = plan_milestones.update_milestone(
            request.app.state.db, actor=actor, plan_id=plan_id, milestone_id=milestone_id, **sent
        )
    return MilestoneRead.model_validate(made.as_dict())


@router.delete("/{plan_id}/milestones/{milestone_id}", status_code=204)
def delete_milestone(request: Request, plan_id: RowId, milestone_id: RowId, actor: Actor = ACTOR) -> Response:
    """Delete a milestone (whoever manages the plan); audited."""
    plan_milestones.delete_milestone(
        request.app.state.db, actor=actor, plan_id=plan_id, milestone_id=milestone_id
    )
    return Response(status_code=204)


@router.post("/{plan_id}/shares", status_code=201, responses={422: {"description": "A field breaks a rule"}})
def create_share(
    request: Request, plan_id: RowId, body: ShareCreate | None = None, actor: Actor = ACTOR
) -> ShareCreated:
    """Create a share link for the customer (whoever manages the plan); the token is returned only here."""
    with _errors():
        made = plan_shares.create_share(
            request.app.state.db, actor=actor, plan_id=plan_id, expires_on=body.expires if body else None
        )
    return ShareCreated.model_validate(made.as_dict())


@router.delete("/{plan_id}/shares/{share_id}", status_code=204)
def revoke_share(request: Request, plan_id: RowId, share_id: RowId, actor: Actor = ACTOR) -> Response:
    """Revoke a share link at once (whoever manages the plan); audited."""
    plan_shares.revoke_share(request.app.state.db, actor=actor, plan_id=plan_id, share_id=share_id)
    return Response(status_code=204)
