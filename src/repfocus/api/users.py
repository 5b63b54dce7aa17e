"""/api/v1/users: the people who sign in. Leaders list, add and change them (a write token for changes);
managers list the people of their teams; reps and delivery users get 403."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from repfocus.api.auth import token_actor
from repfocus.api.params import RowId
from repfocus.domain.access import Actor
from repfocus.services import people, users

router = APIRouter(tags=["users"])
ACTOR = Depends(token_actor)
Role = Literal["leader", "manager", "rep", "delivery"]


class UserRead(BaseModel):
    id: int
    email: str
    name: str
    role: str
    team: str | None = Field(description="A rep's team, or the teams a manager leads (comma-separated)")
    status: Literal["active", "locked", "no password", "deactivated"] = Field(
        description="locked: too many failed sign-ins, until locked_until; no password: cannot sign in yet"
    )
    is_active: bool
    locked_until: datetime | None
    created_at: datetime
    last_signed_in_at: datetime | None = Field(description="The last successful sign-in (web), or null")


class UserCreate(BaseModel):
    """A new user. Without a password RepFocus generates one and returns it once as initial_password."""

    email: str = Field(max_length=254)
    role: Role
    name: str | None = Field(None, max_length=200, description="Default: the email's name part")
    team: str | None = Field(
        None, max_length=120, description="A rep's team or the team a manager leads (made if new)"
    )
    password: str | None = Field(
        None, max_length=256, description="12+ characters, not the email's name; omit to generate one"
    )


class UserCreated(UserRead):
    initial_password: str | None = Field(description="The generated password, shown only in this reply")


class UserUpdate(BaseModel):
    """The fields to change; those left out stay as they are."""

    role: Role | None = None
    team: str | None = Field(None, max_length=120, description="A rep's or manager's team; \"\" for none")
    active: bool | None = Field(None, description="false deactivates (sessions and tokens end)")
    reset_password: bool = Field(False, description="Generate a new password, returned once")


class UserChanged(UserRead):
    new_password: str | None = Field(description="The generated password when reset_password was true")


@router.get("/users")
def list_users(
    request: Request,
    team: str | None = Query(None, max_length=120, description="Only this team (name)"),
    role: Role | None = Query(None, description="Only this role"),
    actor: Actor = ACTOR,
) -> list[UserRead]:
    """Everyone a leader sees, or the members and managers of a manager's teams, by name."""
    data = people.list_people(request.app.state.db, actor=actor, team=team, role=role)
    return [UserRead.model_validate(p.as_dict()) for p in data.people]


@router.post("/users", status_code=201, responses={422: {"description": "The user is not valid"}})
def add_user(request: Request, body: UserCreate, actor: Actor = ACTOR) -> UserCreated:
    """Add a user who can sign in (leaders); the same rules as `repfocus users add`. Audited."""
    row = users.add_user(
        request.app.state.db,
        email=body.email,
        role=body.role,
        password=body.password,
        name=body.name,
        team=body.team,
        by=actor,
    )
    person = people.get_person(request.app.state.db, actor=actor, user_id=row.id)
    return UserCreated(**person.as_dict(), initial_password=row.initial_password)


@router.patch("/users/{user_id}")
def change_user(request: Request, user_id: RowId, body: UserUpdate, actor: Actor = ACTOR) -> UserChanged:
    """Change role, team or active state, or reset the password (leaders); all or nothing, audited.
    The last active leader cannot be demoted or deactivated (422)."""
    person, password = people.update_person(
        request.app.state.db,
        by=actor,
        user_id=user_id,
        role=body.role,
        team=body.team,
        active=body.active,
        reset_password=body.reset_password,
    )
    return UserChanged(**person.as_dict(), new_password=password)
