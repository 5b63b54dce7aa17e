"""The people list of the pages and the API: who signs in, their role, team and status; and changes to
one user by id. Leaders see and change everyone; managers read the people of their teams."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from repfocus.domain.access import (
    ROLES,
    Actor,
    NotFound,
    can_manage_users,
    people_visibility,
    require,
    require_visible,
)
from repfocus.services import signin
from repfocus.services.user_changes import (
    TEAM_ROLES,
    UserInvalid,
    check_text,
    set_active,
    set_role,
    set_team,
    team_names,
)
from repfocus.services.users import set_password
from repfocus.store.db import Database
from repfocus.store.models import Team, User, team_managers

STATUSES = ("active", "locked", "no password", "deactivated")


@dataclass(frozen=True, slots=True)
class Person:
    """One user as the people list shows them; status is active, locked, no password or deactivated."""

    id: int
    email: str
    name: str
    role: str
    team: str | None
    status: str
    locked_until: datetime | None
    created_at: datetime
    last_signed_in_at: datetime | None

    @property
    def is_active(self) -> bool:
        return self.status != "deactivated"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "email": self.email,
            "name": self.name,
            "role": self.role,
            "team": self.team,
            "status": self.status,
            "is_active": self.is_active,
            "locked_until": self.locked_until.isoformat() if self.locked_until else None,
            "created_at": self.created_at.isoformat(),
            "last_signed_in_at": self.last_signed_in_at.isoformat() if self.last_signed_in_at else None,
        }


@dataclass(frozen=True, slots=True)
class People:
    """The people a viewer may see, the team names the filter offers, and whether they may change them."""

    people: list[Person]
    teams: list[str]
    can_edit: bool


def _team_index(session: Session) -> dict[int, list[str]]:
    """Return user id -> the teams they lead, read once for a whole list (no query per user)."""
    index: dict[int, list[str]] = {}
    rows = session.execute(
        select(team_managers.c.user_id, Team.name).join(Team, Team.id == team_managers.c.team_id)
    )
    for user_id, name in rows:
        index.setdefault(user_id, []).append(name)
    return index


def _person(
    session: Session,
    user: User,
    locked: dict[str, datetime],
    led: dict[int, list[str]] | None = None,
    names_by_id: dict[int, str] | None = None,
) -> Person:
    if led is None or names_by_id is None:
        names = team_names(session, user)
    else:
        own = [names_by_id[user.team_id]] if user.team_id in names_by_id else []
        names = sorted(led.get(user.id) or own)
    until = locked.get(user.email.strip().lower()[:280])
    if not user.is_active:
        status = "deactivated"
    elif not user.password_hash:
        status = "no password"
    elif until is not None:
        status = "locked"
    else:
        status = "active"
    return Person(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        team=", ".join(names) or None,
        status=status,
        locked_until=until,
        created_at=user.created_at,
        last_signed_in_at=user.last_signed_in_at,
    )


def _in_teams(team_ids: frozenset[int] | list[int]) -> Any:
    """The SQL condition: a member of one of the teams, or a manager of one of them."""
    led = select(team_managers.c.user_id).where(team_managers.c.team_id.in_(sorted(team_ids)))
    return or_(User.team_id.in_(sorted(team_ids)), User.id.in_(led))


def list_people(
    db: Database, *, actor: Actor | None, team: str | None = None, role: str | None = None
) -> People:
    """Return the people `actor` may see (leaders: everyone; managers: their teams and themself), by name,
    narrowed to one team (by name, any case) and one role when given."""
    mode, ids = people_visibility(actor)
    if role and role not in ROLES:
        raise UserInvalid(f"role {role!r} is not one of {', '.join(ROLES)}")
    check_text("team", team, 120)
    with db.read_session() as session:
        stmt = select(User)
        teams_stmt = select(Team.name).order_by(Team.name)
        if mode == "teams" and actor is not None:
            stmt = stmt.where(or_(_in_teams(ids), User.id == actor.user_id))
            teams_stmt = teams_stmt.where(Team.id.in_(sorted(ids)))
        if team:
            team_ids = list(session.scalars(select(Team.id).where(func.lower(Team.name) == team.lower())))
            stmt = stmt.where(_in_teams(team_ids))
        if role:
            stmt = stmt.where(User.role == role)
        locked = signin.locked_emails(session)
        led = _team_index(session)
        names_by_id = {i: n for i, n in session.execute(select(Team.id, Team.name))}
        rows = session.scalars(stmt.order_by(func.lower(User.name), User.email))
        people = [_person(session, u, locked, led, names_by_id) for u in rows]
        return People(
            people=people,
            teams=list(session.scalars(teams_stmt)),
            can_edit=actor is None or can_manage_users(actor),
        )


def visible_teams(db: Database, *, actor: Actor | None) -> list[str]:
    """Return the names of the teams `actor` sees people of (leaders: every team), by name."""
    mode, ids = people_visibility(actor)
    with db.read_session() as session:
        stmt = select(Team.name).order_by(Team.name)
        if mode == "teams":
            stmt = stmt.where(Team.id.in_(sorted(ids)))
        return list(session.scalars(stmt))


def _visible_user(session: Session, actor: Actor | None, user_id: int) -> User:
    mode, ids = people_visibility(actor)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user with id {user_id}")
    if mode == "teams" and actor is not None and user.id != actor.user_id:
        visible = session.scalar(select(User.id).where(User.id == user.id, _in_teams(ids)))
        require_visible(visible is not None, f"no user with id {user_id}")
    return user


def get_person(db: Database, *, actor: Actor | None, user_id: int) -> Person:
    """Return one user the actor may see; NotFound otherwise (a manager does not learn who else exists)."""
    with db.read_session() as session:
        user = _visible_user(session, actor, user_id)
        return _person(session, user, signin.locked_emails(session))


def update_person(
    db: Database,
    *,
    by: Actor | None,
    user_id: int,
    role: str | None = None,
    team: str | None = None,
    active: bool | None = None,
    reset_password: bool = False,
) -> tuple[Person, str | None]:
    """Change a user's role, team ('' for none) and active state, and give them a generated password when
    asked (returned once), in one audited transaction; leaders only. None leaves a field as it is.
    A change that would leave no active leader is refused whole. A new password ends the user's sessions
    and lifts a sign-in lockout."""
    if by is not None:
        require(can_manage_users(by), "only leaders change users")
    with db.session() as session:
        user = _visible_user(session, by, user_id)
        if role is not None:
            set_role(session, user, role, by=by)
        if team is not None:
            current = ", ".join(team_names(session, user))
            # a form sends the team it showed; for a leader or delivery user that is no change
            if user.role in TEAM_ROLES or team.strip().lower() != current.lower():
                set_team(session, user, team, by=by)
        if active is not None:
            set_active(session, user, active, by=by)
        password = None
        if reset_password:
            password = set_password(session, user, None, by=by)
            signin.clear_lockout(session, user.email)
        session.commit()
        return _person(session, user, signin.locked_emails(session)), password
