"""Who may see and change what: the actor and the pure access rules every service applies.

Roles: a rep sees only their own data; a manager the reps of the team(s) they manage
(table team_managers) and their own; a leader everything; a delivery user only mutual action plans.
API token scopes: read (GET only), write (read and change), import (read and run imports).
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("leader", "manager", "rep", "delivery")
SCOPES = ("read", "write", "import")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AccessDenied(Exception):
    """The actor is known but may not do this (HTTP 403)."""


class NotFound(Exception):
    """The thing does not exist, or the actor may not know it exists (HTTP 404)."""


class SignInRequired(Exception):
    """No one is signed in (pages: redirect to /login; API: 401)."""


@dataclass(frozen=True, slots=True)
class Actor:
    """A signed-in user as the rules see them. team_ids: the teams they manage, plus their own team."""

    user_id: int
    role: str
    team_ids: frozenset[int]
    email: str
    name: str = ""


def is_leader(actor: Actor) -> bool:
    """Return True when the actor sees and changes everything."""
    return actor.role == "leader"


def is_manager(actor: Actor) -> bool:
    """Return True when the actor manages one or more teams."""
    return actor.role == "manager"


def can_view_rep(actor: Actor, rep_id: int, rep_team_id: int | None) -> bool:
    """Return True when the actor may read this rep's activities, scorecard and diagnosis."""
    if actor.role == "leader":
        return True
    if actor.role == "manager":
        return rep_id == actor.user_id or (rep_team_id is not None and rep_team_id in actor.team_ids)
    if actor.role == "rep":
        return rep_id == actor.user_id
    return False


def can_edit_rep_data(actor: Actor, rep_id: int, rep_team_id: int | None) -> bool:
    """Return True when the actor may change this rep's activities (the rep, their manager, a leader)."""
    return can_view_rep(actor, rep_id, rep_team_id)


def can_view_team(actor: Actor, team_id: int) -> bool:
    """Return True when the actor may read a whole team's numbers (its managers and leaders)."""
    return actor.role == "leader" or (actor.role == "manager" and team_id in actor.team_ids)


def can_coach(actor: Actor, rep_id: int, rep_team_id: int | None) -> bool:
    """Return True when the actor may write coaching notes for this rep (their manager or a leader)."""
    if actor.role == "leader":
        return True
    return actor.role == "manager" and rep_team_id is not None and rep_team_id in actor.team_ids


def can_hire(actor: Actor) -> bool:
    """Return True when the actor may add, score and compare hiring candidates (leaders, managers)."""
    return actor.role in ("leader", "manager")


def can_edit_targets(actor: Actor) -> bool:
    """Return True when the actor may set targets, the bullseye, incentives and organization settings."""
    return actor.role == "leader"


def can_view_settings(actor: Actor) -> bool:
    """Return True when the actor may read the organization settings (leaders and managers; leaders change
    them, see can_edit_targets)."""
    return actor.role in ("leader", "manager")


def can_manage_users(actor: Actor) -> bool:
    """Return True when the actor may add, disable and change the role of users."""
    return actor.role == "leader"


def can_view_users(actor: Actor) -> bool:
    """Return True when the actor may read the people list (leaders all; managers their teams, read-only)."""
    return actor.role in ("leader", "manager")


def people_visibility(actor: Actor | None) -> tuple[str, frozenset[int]]:
    """Return whose user records `actor` may read: ('all', {}) for leaders and the command line (None),
    ('teams', team ids) for managers: the members and managers of their teams, and themself.
    Raise AccessDenied for reps and delivery users."""
    if actor is None or actor.role == "leader":
        return ("all", frozenset())
    require(can_view_users(actor), "the people list is for leaders and managers")
    return ("teams", actor.team_ids)


def last_leader_problem(
    *, was_leader: bool, role_after: str, active_after: bool, other_leaders: int, is_self: bool
) -> str | None:
    """Return why a change to an active leader (`was_leader`) may not happen: the organization must keep
    at least one active leader. None when the change may happen."""
    if not was_leader or (role_after == "leader" and active_after) or other_leaders > 0:
        return None
    who = "you are" if is_self else "this user is"
    return (
        f"{who} the last active leader: make another user a leader first, "
        "so that someone can still manage users and settings"
    )


def can_read_audit(actor: Actor) -> bool:
    """Return True when the actor may read the audit log."""
    return actor.role == "leader"


def can_import(actor: Actor) -> bool:
    """Return True when the actor may import activity files (reps import their own; checked per row)."""
    return actor.role in ("leader", "manager", "rep")


def can_view_plans(actor: Actor) -> bool:
    """Return True when the actor may read mutual action plans (everyone signed in; delivery only these)."""
    return actor.role in ROLES


def can_see_plan(actor: Actor, owner_id: int, owner_team_id: int | None) -> bool:
    """Return True when the actor may read this plan: leaders and delivery all; managers those owned by
    themselves or their teams' people; reps their own."""
    return actor.role == "delivery" or can_manage_plan(actor, owner_id, owner_team_id)


def can_manage_plan(actor: Actor, owner_id: int, owner_team_id: int | None) -> bool:
    """Return True when the actor may change the plan, any of its milestones and its share links: a leader,
    the manager of the owner's team, or the owner."""
    if actor.role == "leader":
        return True
    if actor.role == "manager":
        return owner_id == actor.user_id or (owner_team_id is not None and owner_team_id in actor.team_ids)
    return actor.role == "rep" and owner_id == actor.user_id


def can_update_milestone(actor: Actor, side: str, *, manages_plan: bool) -> bool:
    """Return True when the actor may add or change a milestone on `side`: whoever manages the plan, and
    delivery users the delivery side's milestones."""
    return manages_plan or (actor.role == "delivery" and side == "delivery")


def can_view_accounts(actor: Actor) -> bool:
    """Return True when the actor may open the account list and pages (shared company data: everyone signed
    in); the activity on them stays narrowed to the reps the actor may see (visible_rep_filter)."""
    return actor.role in ROLES


def can_edit_playbook(actor: Actor) -> bool:
    """Return True when the actor may write and change playbook items (leaders and managers)."""
    return actor.role in ("leader", "manager")


def can_view_sales_data(actor: Actor) -> bool:
    """Return True for roles that see activity, scorecards and reports at all (not delivery)."""
    return actor.role in ("leader", "manager", "rep")


def visible_rep_filter(actor: Actor) -> tuple[str, frozenset[int]]:
    """Return how to narrow a rep query: ('all', {}), ('teams', team ids), ('self', {id}) or ('none', {})."""
    if actor.role == "leader":
        return ("all", frozenset())
    if actor.role == "manager":
        return ("teams", actor.team_ids)
    if actor.role == "rep":
        return ("self", frozenset({actor.user_id}))
    return ("none", frozenset())


def sales_visibility(actor: Actor | None, what: str = "this") -> tuple[str, frozenset[int]]:
    """Return the reps whose sales data `actor` may read (as visible_rep_filter); None is the command line
    (the server's owner): every rep. Raise AccessDenied for roles that see no sales data."""
    if actor is None:
        return ("all", frozenset())
    require(can_view_sales_data(actor), f"{what} is for leaders, managers and reps")
    return visible_rep_filter(actor)


def require(allowed: bool, message: str = "you may not do this") -> None:
    """Raise AccessDenied unless `allowed`."""
    if not allowed:
        raise AccessDenied(message)


def require_visible(allowed: bool, what: str = "not found") -> None:
    """Raise NotFound unless `allowed`: for things whose existence must not leak."""
    if not allowed:
        raise NotFound(what)


def scope_allows(scope: str, needed: str) -> bool:
    """Return True when a token with `scope` may make a request that needs `needed`.

    read is needed by every GET; write by every change; import by import endpoints.
    A write token may also import; an import token may also read.
    """
    if needed == "read":
        return scope in SCOPES
    if needed == "write":
        return scope == "write"
    if needed == "import":
        return scope in ("write", "import")
    return False


def needed_scope(method: str) -> str:
    """Return the scope a request method needs by default: read for safe methods, else write."""
    return "read" if method.upper() in SAFE_METHODS else "write"


MIN_PASSWORD_LENGTH = 12
_COMMON = frozenset(
    {
        "password1234",
        "passwordpassword",
        "123456789012",
        "qwertyuiop12",
        "letmeinletmein",
        "changemechangeme",
        "repfocusrepfocus",
    }
)


def password_problems(password: str, *, email: str = "") -> list[str]:
    """Return why `password` is too weak (empty when acceptable): 12+ characters, not trivial or the email."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"must be at least {MIN_PASSWORD_LENGTH} characters long")
    if len(password) > 256:
        problems.append("must be at most 256 characters long")
    if password and len(set(password)) < 4:
        problems.append("must use at least 4 different characters")
    lowered = password.lower()
    if lowered in _COMMON:
        problems.append("is a commonly used password")
    local = email.split("@", 1)[0].lower()
    if local and len(local) >= 4 and local in lowered:
        problems.append("must not contain your email name")
    return problems
