"""/api/v1/plans/{id}/milestones and /shares: a plan's milestones (add, change, move, delete) and the share
links for its customer (created, the token shown once; revoked). The rights are the plan's (api/plans.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from repfocus.api.auth import token_actor
from repfocus.api.params import RowId
from repfocus.api.plans import MilestoneRead, day_field, errors, sent_fields
from repfocus.domain.access import Actor
from repfocus.domain.period import FIRST_DAY, LAST_DAY
from repfocus.domain.plans import (
    MAX_MILESTONES,
    MAX_NOTE,
    MAX_OWNER_NAME,
    MAX_TITLE,
    MILESTONE_STATUSES,
    SIDES,
)
from repfocus.services import plan_milestones, plan_shares

router = APIRouter(prefix="/plans", tags=["plans"])
ACTOR = Depends(token_actor)


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
    due_date: date | None = day_field("Due day")
    status: str | None = Field(None, max_length=16, description=f"One of {', '.join(MILESTONE_STATUSES)}")
    done_date: date | None = day_field("The day it was done (status done)")
    owner_name: str | None = Field(None, max_length=MAX_OWNER_NAME)
    owner_email: str | None = Field(None, max_length=254)
    note: str | None = Field(None, max_length=MAX_NOTE)
    note_internal: bool | None = None
    position: int | None = Field(
        None, ge=1, le=MAX_MILESTONES, description="Move it to this place (1: first)"
    )


class ShareCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expires: date | None = day_field(
        "The last day the link works (at most a year ahead); none: until revoked"
    )


class ShareCreated(BaseModel):
    """The link, shown this once: only its hash is stored."""

    id: int
    plan_id: int
    token: str
    path: str = Field(description="/shared/plans/{token}: the customer's page, no sign-in")
    expires_at: datetime | None


@router.post(
    "/{plan_id}/milestones", status_code=201, responses={422: {"description": "A field breaks a rule"}}
)
def add_milestone(
    request: Request, plan_id: RowId, body: MilestoneCreate, actor: Actor = ACTOR
) -> MilestoneRead:
    """Add a milestone at the end (whoever manages the plan; delivery users on the delivery side); audited."""
    with errors():
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
    """Change the fields sent (delivery users: delivery milestones only; moving one to another place:
    whoever manages the plan); audited."""
    sent = sent_fields(body)
    for api_name, name in (("due_date", "due_on"), ("done_date", "done_on")):
        if api_name in sent:
            sent[name] = sent.pop(api_name)
    to = sent.pop("position", None)
    db = request.app.state.db
    with errors():
        if to is not None:  # whoever manages the plan; checked before any other field changes
            plan_milestones.move_milestone(db, actor=actor, plan_id=plan_id, milestone_id=milestone_id, to=to)
        made = plan_milestones.update_milestone(
            db, actor=actor, plan_id=plan_id, milestone_id=milestone_id, **sent
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
    with errors():
        made = plan_shares.create_share(
            request.app.state.db, actor=actor, plan_id=plan_id, expires_on=body.expires if body else None
        )
    return ShareCreated.model_validate(made.as_dict())


class ShareRead(BaseModel):
    id: int
    plan_id: int
    created_by_email: str | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    status: Literal["active", "expired", "revoked"]


@router.get("/{plan_id}/shares")
def list_shares(request: Request, plan_id: RowId, actor: Actor = ACTOR) -> list[ShareRead]:
    """A plan's share links, newest first, and whether each still works (whoever manages the plan); the
    link itself was shown once, when it was made."""
    found = plan_shares.list_shares(request.app.state.db, actor=actor, plan_id=plan_id)
    return [ShareRead.model_validate(s.as_dict()) for s in found]


@router.delete("/{plan_id}/shares/{share_id}", status_code=204)
def revoke_share(request: Request, plan_id: RowId, share_id: RowId, actor: Actor = ACTOR) -> Response:
    """Revoke a share link at once (whoever manages the plan); audited."""
    plan_shares.revoke_share(request.app.state.db, actor=actor, plan_id=plan_id, share_id=share_id)
    return Response(status_code=204)
