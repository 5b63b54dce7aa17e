"""Signing in: password check with throttling and temporary lockout, and the session signing key."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from repfocus.config import get_settings
from repfocus.domain.access import Actor
from repfocus.services.users import actor_of, session_stamp, verify_password
from repfocus.store.db import Database
from repfocus.store.models import ServerSecret, SignInThrottle, User

IP_FACTOR = 4  # an address may fail this many times more often than one email (shared offices)


class SignInFailed(Exception):
    """Wrong email or password (the message never says which)."""


class SignInLocked(Exception):
    """Too many failures: signing in is refused until `until`."""

    def __init__(self, until: datetime) -> None:
        super().__init__(f"too many failed sign-ins; try again after {until:%H:%M} UTC")
        self.until = until


@dataclass(frozen=True, slots=True)
class SignedIn:
    actor: Actor
    stamp: str


def _keys(email: str, ip: str | None) -> list[tuple[str, int]]:
    limit = get_settings().sign_in_max_failures
    keys = [(_email_key(email), limit)]
    if ip:
        keys.append((f"ip:{ip[:64]}", limit * IP_FACTOR))
    return keys


def _locked_until(session: Session, keys: list[tuple[str, int]], now: datetime) -> datetime | None:
    for key, _limit in keys:
        row = session.get(SignInThrottle, key)
        if row is not None and row.locked_until is not None and row.locked_until > now:
            return row.locked_until
    return None


def _count_failure(session: Session, keys: list[tuple[str, int]], now: datetime) -> None:
    window = timedelta(minutes=get_settings().sign_in_lockout_minutes)
    for key, limit in keys:
        row = session.get(SignInThrottle, key)
        if row is None:
            row = SignInThrottle(key=key, failures=0, window_started_at=now)
            session.add(row)
        if now - row.window_started_at > window:
            row.failures, row.window_started_at, row.locked_until = 0, now, None
        row.failures += 1
        if row.failures >= limit:
            row.locked_until = now + window


def _email_key(email: str) -> str:
    return f"email:{email.strip().lower()[:280]}"


def locked_emails(session: Session, now: datetime | None = None) -> dict[str, datetime]:
    """Return lower-cased email -> the time its sign-in lockout ends, for every email locked out now."""
    now = now or datetime.now(UTC)
    rows = session.execute(
        select(SignInThrottle.key, SignInThrottle.locked_until).where(
            SignInThrottle.key.startswith("email:"), SignInThrottle.locked_until > now
        )
    )
    return {key.removeprefix("email:"): until for key, until in rows if until is not None}


def clear_lockout(session: Session, email: str) -> None:
    """Forget the failed sign-ins of `email` (a leader reset its password), in the caller's transaction."""
    row = session.get(SignInThrottle, _email_key(email))
    if row is not None:
        session.delete(row)


def sign_in(db: Database, *, email: str, password: str, ip: str | None = None) -> SignedIn:
    """Return the signed-in actor; count failures per email and address and lock out after too many."""
    now = datetime.now(UTC)
    keys = _keys(email, ip)
    with db.session() as session:
        until = _locked_until(session, keys, now)
        if until is not None:
            raise SignInLocked(until)
        user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
        ok = verify_password(user.password_hash if user else None, password)
        if not ok or user is None or not user.is_active:
            _count_failure(session, keys, now)
            session.commit()
            raise SignInFailed("wrong email or password")
        for key, _limit in keys[:1]:  # success clears the email's count, not the address's
            row = session.get(SignInThrottle, key)
            if row is not None:
                session.delete(row)
        user.last_signed_in_at = now
        session.commit()
        return SignedIn(actor=actor_of(session, user), stamp=session_stamp(user.password_hash))


def session_secret(db: Database, *, configured: str = "") -> str:
    """Return the configured secret key, else one made once and kept in the database."""
    if configured:
        return configured
    with db.session() as session:  # a write transaction: two workers starting at once make one key
        row = session.get(ServerSecret, "session")
        if row is not None:
            return row.value
        value = secrets.token_urlsafe(48)
        session.add(ServerSecret(name="session", value=value))
        try:
            session.commit()
        except IntegrityError:  # PostgreSQL: another worker won the race; use its key
            session.rollback()
            stored = session.get(ServerSecret, "session")
            if stored is None:
                raise
            return stored.value
        return value
