"""API tokens: created per user, shown once, stored as a SHA-256, scoped, expiring and revocable."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from repfocus.domain.access import SCOPES, AccessDenied, Actor, NotFound, is_leader, scope_allows
from repfocus.services import audit
from repfocus.services.users import UserInvalid, actor_of
from repfocus.store.db import Database
from repfocus.store.models import ApiToken, User

PREFIX = "rf_"
MAX_DAYS = 3650


class TokenInvalid(ValueError):
    """A token could not be created; the message names the field and the reason."""


@dataclass(frozen=True, slots=True)
class NewToken:
    """The one moment the token itself is known: right after creation."""

    token: str
    id: int
    scope: str
    expires_at: datetime | None

    def as_dict(self) -> dict[str, object]:
        return {
            "token": self.token,
            "id": self.id,
            "scope": self.scope,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
        }


@dataclass(frozen=True, slots=True)
class TokenRow:
    id: int
    email: str
    name: str
    prefix: str
    scope: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.expires_at and self.expires_at <= datetime.now(UTC):
            return "expired"
        return "active"

    def as_dict(self) -> dict[str, object]:
        def iso(d: datetime | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "id": self.id,
            "email": self.email,
            "name": self.name,
            "prefix": self.prefix,
            "scope": self.scope,
            "status": self.status,
            "created_at": iso(self.created_at),
            "expires_at": iso(self.expires_at),
            "revoked_at": iso(self.revoked_at),
            "last_used_at": iso(self.last_used_at),
        }


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    db: Database,
    *,
    email: str,
    scope: str,
    expires_days: int | None = None,
    name: str = "",
    by: Actor | None = None,
) -> NewToken:
    """Create a token for the user with `email`; a user makes their own, a leader anyone's."""
    if scope not in SCOPES:
        raise TokenInvalid(f"scope {scope!r} is not one of {', '.join(SCOPES)}")
    if expires_days is not None and not 1 <= expires_days <= MAX_DAYS:
        raise TokenInvalid(f"expires must be between 1 and {MAX_DAYS} days, got {expires_days}")
    if len(name) > 120:
        raise TokenInvalid("name must be at most 120 characters")
    with db.session() as session:
        user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
        if user is None or not user.is_active:
            raise UserInvalid(f"no active user with email {email}")
        if by is not None and by.user_id != user.id and not is_leader(by):
            raise AccessDenied("you may create tokens only for yourself")
        token = PREFIX + secrets.token_urlsafe(32)
        expires = datetime.now(UTC) + timedelta(days=expires_days) if expires_days else None
        row = ApiToken(
            user_id=user.id,
            name=name.strip(),
            token_hash=_digest(token),
            prefix=token[:10],
            scope=scope,
            expires_at=expires,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor_id=by.user_id if by else None,
            action="token.create",
            target=f"token:{row.id}",
            details={
                "user": user.email,
                "scope": scope,
                "expires_at": expires.isoformat() if expires else None,
            },
        )
        session.commit()
        return NewToken(token=token, id=row.id, scope=scope, expires_at=expires)


def list_tokens(db: Database, *, by: Actor | None = None) -> list[TokenRow]:
    """Return tokens, newest first: a user's own, or everyone's for a leader and the command line."""
    with db.session() as session:
        stmt = select(ApiToken, User.email).join(User, User.id == ApiToken.user_id)
        if by is not None and not is_leader(by):
            stmt = stmt.where(ApiToken.user_id == by.user_id)
        rows = session.execute(stmt.order_by(ApiToken.id.desc())).all()
        return [
            TokenRow(
                id=t.id,
                email=email,
                name=t.name,
                prefix=t.prefix,
                scope=t.scope,
                created_at=t.created_at,
                expires_at=t.expires_at,
                revoked_at=t.revoked_at,
                last_used_at=t.last_used_at,
            )
            for t, email in rows
        ]


def revoke_token(db: Database, *, token_id: int, by: Actor | None = None) -> None:
    """Revoke a token at once; only its owner or a leader may (others get NotFound)."""
    with db.session() as session:
        row = session.get(ApiToken, token_id)
        if row is None or (by is not None and row.user_id != by.user_id and not is_leader(by)):
            raise NotFound(f"no token with id {token_id}")
        if row.revoked_at is None:
            row.revoked_at = datetime.now(UTC)
            audit.record(
                session, actor_id=by.user_id if by else None, action="token.revoke", target=f"token:{row.id}"
            )
        session.commit()


def _lookup(session: Session, token: str) -> tuple[ApiToken, User] | None:
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    found = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == _digest(token))
    ).first()
    return (found[0], found[1]) if found else None


class TokenRejected(Exception):
    """The bearer token is missing, unknown, expired, revoked or its user disabled (HTTP 401)."""


class ScopeMissing(Exception):
    """The token is valid but its scope does not allow this request (HTTP 403)."""


def actor_for_token(db: Database, *, token: str, needed: str) -> Actor:
    """Return the Actor a bearer token stands for, if it is live and its scope allows `needed`."""
    now = datetime.now(UTC)
    with db.read_session() as session:  # reads never queue behind an import on SQLite
        found = _lookup(session, token)
        if found is None:
            raise TokenRejected("unknown token")
        row, user = found
        if row.revoked_at is not None:
            raise TokenRejected("token revoked")
        if row.expires_at is not None and row.expires_at <= now:
            raise TokenRejected("token expired")
        if not user.is_active:
            raise TokenRejected("user disabled")
        if not scope_allows(row.scope, needed):
            raise ScopeMissing(f"this token's scope is {row.scope}; this request needs {needed}")
        actor = actor_of(session, user)
        stale = row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5)
        token_id = row.id
    if stale:  # written at most every 5 minutes, in its own short transaction
        with db.session() as session:
            session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
            session.commit()
    return actor
