"""/api/v1/me: who the token belongs to."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from repfocus.api.auth import token_actor
from repfocus.domain.access import Actor

router = APIRouter(tags=["me"])


class MeRead(BaseModel):
    id: int
    email: str
    name: str
    role: str
    team_ids: list[int]


@router.get("/me")
def me(actor: Actor = Depends(token_actor)) -> MeRead:
    """The user the bearer token acts for."""
    return MeRead(
        id=actor.user_id, email=actor.email, name=actor.name, role=actor.role, team_ids=sorted(actor.team_ids)
    )
