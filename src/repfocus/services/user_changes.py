"""Changes to one user inside the caller's transaction: role, team, active; each audited and each keeping
at least one active leader. services/users.py (command line) and services/people.py (pages, API) use them."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from repfocus.domain.access import ROLES, Actor, last_leader_problem
from repfocus.services import audit
from repfocus.store.models import Team, User, team_managers

TEAM_ROLES = ("rep", "manager")


class UserInvalid(ValueError):
    """A user could not be added or changed; the message says which field and why."""


def check_text(field_name: str, value: str | None, max_length: int) -> None:
    """Raise UserInvalid when a name or team name is too long or holds control characters."""
    if value is None:
        return
    if len(value) > max_length:
        raise UserInvalid(f"{field_name} is longer than {max_length} characters")
    if not value.isprintable():
        raise UserInvalid(f"{field_name} must not contain control characters")


def team_named(session: Session, name: str) -> Team:
    """Return the team called `name` (any case), adding it when there is none."""
    team = session.scalar(select(Team).where(func.lower(Team.name) == name.strip().lower()))
    if team is None:
        team = Team(name=name.strip())
        session.add(team)
        session.flush()
    return team


def led_team_ids(session: Session, user_id: int) -> list[int]:
    """Return the ids of the teams `user_id` manages."""
    return list(session.scalars(select(team_managers.c.team_id).where(team_managers.c.user_id == user_id)))


def team_names(session: Session, user: User) -> list[str]:
    """Return the teams a manager leads, else the user's own team (empty when none)."""
    ids = led_team_ids(session, user.id) or ([user.team_id] if user.team_id else [])
    return sorted(session.scalars(select(Team.name).where(Team.id.in_(ids)))) if ids else []


def _keep_a_leader(session: Session, user: User, *, role: str, active: bool, by: Actor | None) -> None:
    # FOR UPDATE: two leaders demoting each other at once wait for one another (PostgreSQL), so the
    # second one sees the first one's change and the organization never ends up without a leader.
    leaders = session.scalars(
        select(User.id).where(User.role == "leader", User.is_active, User.id != user.id).with_for_update()
    )
    others = len(list(leaders))
    problem = last_leader_problem(
        was_leader=user.role == "leader" and user.is_active,
        role_after=role,
        active_after=active,
        other_leaders=others,
        is_self=by is not None and by.user_id == user.id,
    )
    if problem:
        raise UserInvalid(problem)


def _actor_id(by: Actor | None) -> int | None:
    return by.user_id if by else None


def set_role(session: Session, user: User, role: str, *, by: Actor | None) -> None:
    """Change the role (audited as user.role). A manager who stops managing keeps the one team they led."""
    if role not in ROLES:
        raise UserInvalid(f"role {role!r} is not one of {', '.join(ROLES)}")
    if role == user.role:
        return
    _keep_a_leader(session, user, role=role, active=user.is_active, by=by)
    before = user.role
    if before == "manager":
        led = led_team_ids(session, user.id)
        if user.team_id is None and len(led) == 1:
            user.team_id = led[0]
        session.execute(delete(team_managers).where(team_managers.c.user_id == user.id))
    user.role = role
    audit.record(
        session,
        actor_id=_actor_id(by),
        action="user.role",
        target=f"user:{user.id}",
        details={"from": before, "to": role},
    )


def set_active(session: Session, user: User, active: bool, *, by: Actor | None) -> None:
    """Deactivate (user.disable) or reactivate (user.enable) a user; the last active leader stays active."""
    if active == user.is_active:
        return
    _keep_a_leader(session, user, role=user.role, active=active, by=by)
    user.is_active = active
    action = "user.enable" if active else "user.disable"
    audit.record(session, actor_id=_actor_id(by), action=action, target=f"user:{user.id}")


def set_team(session: Session, user: User, team: str | None, *, by: Actor | None) -> None:
    """Put a rep in `team`, or make a manager lead exactly `team` (made if new); None takes them out.
    Leaders and delivery users belong to no team."""
    team = (team or "").strip() or None
    check_text("team", team, 120)
    if user.role not in TEAM_ROLES:
        if team is None:
            return
        raise UserInvalid(f"team: a {user.role} belongs to no team; only reps and managers have one")
    before = team_names(session, user)
    row = team_named(session, team) if team else None
    if user.role == "rep":
        user.team_id = row.id if row else None
    else:
        session.execute(delete(team_managers).where(team_managers.c.user_id == user.id))
        if row is not None:
            session.execute(team_managers.insert().values(team_id=row.id, user_id=user.id))
        user.team_id = row.id if row else None
    after = [row.name] if row else []
    if before == after:
        return
    audit.record(
        session,
        actor_id=_actor_id(by),
        action="user.team",
        target=f"user:{user.id}",
        details={"from": ", ".join(before) or None, "to": row.name if row else None},
    )
