"""Users: add, disable, reset passwords, change roles; and the Actor a signed-in user becomes."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field, replace
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repfocus.config import get_settings
from repfocus.domain.access import ROLES, AccessDenied, Actor, can_manage_users, password_problems
from repfocus.services import audit
from repfocus.services.user_changes import UserInvalid as UserInvalid
from repfocus.services.user_changes import check_text, set_active, set_role, team_named
from repfocus.store.db import Database
from repfocus.store.models import Organization, Team, User, team_managers

DEMO_LEADER_EMAIL = "leader@demo.repfocus.test"


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    email: str
    name: str
    role: str
    team: str | None
    is_active: bool
    has_password: bool
    # set only by add_user when it generated the password: shown once, never stored in clear
    initial_password: str | None = field(default=None, repr=False, compare=False)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "email": self.email,
            "name": self.name,
            "role": self.role,
            "team": self.team,
            "is_active": self.is_active,
            "has_password": self.has_password,
        }


@lru_cache(maxsize=4)
def _hasher(time_cost: int, memory_kib: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)


def hasher() -> PasswordHasher:
    """Return the argon2id hasher with the configured cost."""
    s = get_settings()
    return _hasher(s.argon2_time_cost, s.argon2_memory_kib)


def hash_password(password: str, *, email: str = "") -> str:
    """Return the argon2id hash of `password`; raise UserInvalid when it breaks the password policy."""
    problems = password_problems(password, email=email)
    if problems:
        raise UserInvalid("password " + "; ".join(problems))
    return hasher().hash(password)


def generate_password(email: str = "") -> str:
    """Return a random password that satisfies the password policy (for a one-time, shown-once password)."""
    while True:
        password = secrets.token_urlsafe(12)
        if not password_problems(password, email=email):
            return password


def verify_password(password_hash: str | None, password: str) -> bool:
    """Return True when `password` matches `password_hash` (False for users without a password)."""
    if not password_hash:
        hasher().hash("timing-equaliser")  # spend the same time as a real check
        return False
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def session_stamp(password_hash: str | None) -> str:
    """Return a short fingerprint of the password hash: sessions carry it, so a reset signs them out."""
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:16]


def actor_of(session: Session, user: User) -> Actor:
    """Return the Actor for `user`: team_ids are the teams they manage plus their own team."""
    managed = set(session.scalars(select(team_managers.c.team_id).where(team_managers.c.user_id == user.id)))
    if user.team_id is not None:
        managed.add(user.team_id)
    return Actor(
        user_id=user.id, role=user.role, team_ids=frozenset(managed), email=user.email, name=user.name
    )


def actor_for_session(db: Database, *, user_id: int, stamp: str) -> Actor | None:
    """Return the Actor of an active user whose password stamp still matches; None otherwise."""
    with db.read_session() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active or session_stamp(user.password_hash) != stamp:
            return None
        return actor_of(session, user)


def _user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def add_user(
    db: Database,
    *,
    email: str,
    role: str,
    password: str | None,
    name: str | None = None,
    team: str | None = None,
    by: Actor | None = None,
) -> UserRow:
    """Add a user who can sign in (a manager is made a manager of `team`); emails are unique.
    Without a password one is generated and returned once in the row's initial_password."""
    if by is not None and not can_manage_users(by):
        raise AccessDenied("only leaders add users")
    email = email.strip()
    if "@" not in email or len(email) > 254 or not email.isprintable() or any(c.isspace() for c in email):
        raise UserInvalid(f"email {email!r} is not an email address")
    if not email.isascii():  # emails match case-insensitively, and SQLite's lower() knows ASCII only
        raise UserInvalid(
            f"email {email!r} has letters outside ASCII: write it in ASCII (an internationalized domain in "
            "its xn-- form)"
        )
    if role not in ROLES:
        raise UserInvalid(f"role {role!r} is not one of {', '.join(ROLES)}")
    name, team = (name or "").strip() or None, (team or "").strip() or None
    check_text("name", name, 200)
    check_text("team", team, 120)
    generated = generate_password(email) if password is None else None
    password_hash = hash_password(generated or password or "", email=email)
    with db.session() as session:
        existing = _user_by_email(session, email)
        if existing is not None and existing.password_hash:
            raise UserInvalid(f"a user with email {email} already exists")
        team_row = team_named(session, team) if team else None
        user = existing or User(email=email, name=name or email.split("@", 1)[0])
        user.role = role
        user.password_hash = password_hash
        user.is_active = True
        if name:
            user.name = name
        if team_row is not None and role == "rep":
            user.team_id = team_row.id
        session.add(user)
        session.flush()
        if team_row is not None and role == "manager":
            linked = session.scalar(
                select(team_managers.c.team_id).where(
                    team_managers.c.team_id == team_row.id, team_managers.c.user_id == user.id
                )
            )
            if linked is None:
                session.execute(team_managers.insert().values(team_id=team_row.id, user_id=user.id))
        audit.record(
            session,
            actor_id=by.user_id if by else None,
            action="user.add",
            target=f"user:{user.id}",
            details={"email": email, "role": role, "team": team},
        )
        session.commit()
        row = _row(session, user)
    return replace(row, initial_password=generated) if generated else row


def _row(session: Session, user: User) -> UserRow:
    """A rep's team, or the teams a manager manages (comma-separated)."""
    names = list(
        session.scalars(
            select(Team.name)
            .join(team_managers, team_managers.c.team_id == Team.id)
            .where(team_managers.c.user_id == user.id)
            .order_by(Team.name)
        )
    )
    if user.team_id and not names:
        own = session.get(Team, user.team_id)
        names = [own.name] if own else []
    return UserRow(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        team=", ".join(names) or None,
        is_active=user.is_active,
        has_password=bool(user.password_hash),
    )


def list_users(db: Database) -> list[UserRow]:
    """Return every user, by email."""
    with db.read_session() as session:
        return [_row(session, u) for u in session.scalars(select(User).order_by(User.email))]


def _require_user(session: Session, email: str) -> User:
    user = _user_by_email(session, email)
    if user is None:
        raise UserInvalid(f"no user with email {email}")
    return user


def disable_user(db: Database, *, email: str, by: Actor | None = None) -> None:
    """Disable a user: they can no longer sign in, their sessions end and their tokens stop working.
    The last active leader cannot be disabled."""
    if by is not None and not can_manage_users(by):
        raise AccessDenied("only leaders disable users")
    with db.session() as session:
        set_active(session, _require_user(session, email), False, by=by)
        session.commit()


def reset_password(db: Database, *, email: str, password: str | None = None, by: Actor | None = None) -> str:
    """Set a new password (generated when None) and return it; every session of the user ends."""
    if by is not None and not (can_manage_users(by) or by.email.lower() == email.lower()):
        raise AccessDenied("only leaders reset other users' passwords")
    with db.session() as session:
        user = _require_user(session, email)
        new = set_password(session, user, password, by=by)
        session.commit()
    return new


def set_password(session: Session, user: User, password: str | None, *, by: Actor | None) -> str:
    """Give `user` a new password (generated when None) in the caller's transaction, audited as
    user.reset_password; return it. The user's sessions end (their stamp changes)."""
    new = password if password is not None else generate_password(user.email)
    user.password_hash = hash_password(new, email=user.email)
    audit.record(
        session,
        actor_id=by.user_id if by else None,
        action="user.reset_password",
        target=f"user:{user.id}",
    )
    return new


def change_role(db: Database, *, email: str, role: str, by: Actor | None = None) -> None:
    """Change a user's role (leaders only); recorded in the audit log. The last active leader stays one."""
    if by is not None and not can_manage_users(by):
        raise AccessDenied("only leaders change roles")
    with db.session() as session:
        set_role(session, _require_user(session, email), role, by=by)
        session.commit()


def ensure_demo_sign_in(db: Database) -> tuple[str, str] | None:
    """On the demo database only, give the demo leader a fresh random password; return (email, password)."""
    with db.session() as session:
        if not session.scalar(select(Organization.is_demo).limit(1)):
            return None
        user = _user_by_email(session, DEMO_LEADER_EMAIL)
        if user is None:
            user = User(email=DEMO_LEADER_EMAIL, name="Demo Leader", role="leader")
            session.add(user)
        password = "demo-" + secrets.token_urlsafe(12)
        user.role, user.is_active = "leader", True
        user.password_hash = hasher().hash(password)
        session.commit()
    return DEMO_LEADER_EMAIL, password
