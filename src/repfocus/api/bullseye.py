"""/api/v1/bullseye and /api/v1/targets: what the leader aims the team at."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from repfocus.api.auth import token_actor
from repfocus.api.params import invalid_field
from repfocus.domain.access import Actor
from repfocus.domain.bullseye import BullseyeInvalid
from repfocus.domain.targets import TargetInvalid, TargetValue
from repfocus.services import bullseye as bullseye_service
from repfocus.services import targets as target_service

router = APIRouter(tags=["bullseye"])
ACTOR = Depends(token_actor)


class BullseyeUpdate(BaseModel):
    """A new bullseye version: the definition (see GET) with who saves it and why."""

    bullseye: dict[str, Any]
    note: str = Field("", max_length=500)


class TargetItem(BaseModel):
    metric: str
    key: str = ""
    value: float | None = Field(None, description="null removes the target")


class TargetsUpdate(BaseModel):
    """Targets for one team, or overrides for one rep (give exactly one of team and rep)."""

    team: str | None = None
    rep: str | None = None
    targets: list[TargetItem]


@router.get("/bullseye")
def get_bullseye(request: Request, actor: Actor = ACTOR) -> dict[str, Any]:
    """The bullseye in force, its version, who saved it when, and accounts per tier."""
    return bullseye_service.get_bullseye(request.app.state.db, actor=actor).as_dict()


@router.put("/bullseye")
def put_bullseye(request: Request, body: BullseyeUpdate, actor: Actor = ACTOR) -> dict[str, Any]:
    """Save a new bullseye version (leaders); every account is re-tiered. 422 names the field at fault."""
    try:
        state = bullseye_service.save_bullseye(
            request.app.state.db, definition=body.bullseye, actor=actor, note=body.note
        )
    except BullseyeInvalid as exc:
        raise invalid_field("body", "bullseye", str(exc)) from exc
    return state.as_dict()


@router.get("/bullseye/history")
def bullseye_history(request: Request, actor: Actor = ACTOR) -> list[dict[str, Any]]:
    """Every saved version, newest first."""
    return [v.as_dict() for v in bullseye_service.bullseye_history(request.app.state.db, actor=actor)]


@router.get("/targets")
def get_targets(request: Request, team: str | None = None, actor: Actor = ACTOR) -> list[dict[str, Any]]:
    """Each team's targets and its reps' overrides."""
    return [t.as_dict() for t in target_service.show_targets(request.app.state.db, actor=actor, team=team)]


@router.put("/targets")
def put_targets(request: Request, body: TargetsUpdate, actor: Actor = ACTOR) -> dict[str, int]:
    """Set (or with value null, remove) targets of a team or overrides of a rep (leaders)."""
    try:
        changed = target_service.set_targets(
            request.app.state.db,
            actor=actor,
            team=body.team if not body.rep else None,
            rep_email=body.rep,
            values=[TargetValue(t.metric, t.key, t.value) for t in body.targets if t.value is not None],
            clear=[(t.metric, t.key) for t in body.targets if t.value is None],
        )
    except TargetInvalid as exc:
        raise invalid_field("body", "targets", str(exc)) from exc
    return {"changed": changed}
