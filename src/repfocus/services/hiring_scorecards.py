"""Scorecards and trait weights: an interviewer's ratings of a candidate (one per interviewer, candidate and
day) and the organization's weights (organizations.settings["hiring_weights"], leaders only)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, can_edit_targets, can_hire, require
from repfocus.domain.hiring import HiringInvalid, check_scorecard, check_weights
from repfocus.services import audit
from repfocus.services.hiring import WEIGHTS_KEY, ScorecardView, candidate_row, require_hiring, trait_weights
from repfocus.services.users import actor_of
from repfocus.store.activities import org_zone
from repfocus.store.db import Database
from repfocus.store.models import Scorecard, User
from repfocus.store.organizations import the_organization


def _interviewer(session: Session, actor: Actor | None, email: str | None) -> User:
    if actor is not None:
        user = session.get(User, actor.user_id)
        assert user is not None  # the actor was read from this table
        return user
    wanted = (email or "").strip().lower()
    if not wanted:
        raise HiringInvalid("interviewer", "give the email of the leader or manager who interviewed")
    user = session.scalar(select(User).where(func.lower(User.email) == wanted))
    if user is None:
        raise HiringInvalid("interviewer", f"no user with email {email!r}")
    if not user.is_active or not can_hire(actor_of(session, user)):
        raise HiringInvalid("interviewer", f"{user.email} is not an active leader or manager")
    return user


def record_scorecard(
    db: Database,
    *,
    actor: Actor | None,
    candidate_id: int,
    ratings: Mapping[str, object],
    notes: Mapping[str, str | None] | None = None,
    interviewed_on: date | None = None,
    interviewer_email: str | None = None,
    today: date | None = None,
) -> ScorecardView:
    """Record one interviewer's ratings of a candidate: the interviewer is the actor (or, from the command
    line, the leader or manager `interviewer_email`); one per interviewer, candidate and day. Audited."""
    require_hiring(actor)
    with db.session() as session:
        today = today or datetime.now(org_zone(session)).date()
        candidate = candidate_row(session, candidate_id)
        interviewer = _interviewer(session, actor, interviewer_email)
        draft = check_scorecard(
            ratings=ratings, notes=notes, interviewed_on=interviewed_on or today, today=today
        )
        taken = select(Scorecard.id).where(
            Scorecard.candidate_id == candidate.id,
            Scorecard.interviewer_id == interviewer.id,
            Scorecard.interviewed_on == draft.interviewed_on,
        )
        problem = HiringInvalid(
            "interviewed_on",
            f"{interviewer.email} already scored {candidate.name} on {draft.interviewed_on}; "
            "one scorecard per interviewer and day",
        )
        if session.scalar(taken) is not None:
            raise problem
        row = Scorecard(
            candidate_id=candidate.id,
            interviewer_id=interviewer.id,
            interviewed_on=draft.interviewed_on,
            ratings=draft.ratings,
            notes=draft.notes,
        )
        session.add(row)
        try:
            session.flush()
        except IntegrityError as exc:  # the same scorecard sent twice at once
            raise problem from exc
        audit.record(
            session,
            actor_id=interviewer.id,
            action="hiring.score",
            target=candidate.name,
            details={"candidate": candidate.id, "scorecard": row.id, "ratings": draft.ratings},
        )
        session.commit()
        return ScorecardView(
            row.id, candidate.id, interviewer.email, row.interviewed_on, draft.ratings, draft.notes
        )


def get_weights(db: Database, *, actor: Actor | None) -> dict[str, float]:
    """Return the organization's trait weights (the defaults until a leader sets them)."""
    require_hiring(actor)
    with db.read_session() as session:
        return trait_weights(session)


def set_weights(db: Database, *, actor: Actor | None, weights: Mapping[str, object]) -> dict[str, float]:
    """Set the organization's trait weights (leaders; every trait, none negative, summing to 1). Audited."""
    if actor is not None:
        require(can_edit_targets(actor), "only leaders set the hiring weights")
    checked = check_weights(weights)
    with db.session() as session:
        org = the_organization(session)
        org.settings = {**(org.settings or {}), WEIGHTS_KEY: checked}
        audit.record(
            session, actor_id=actor.user_id if actor else None, action="hiring.weights", details=checked
        )
        session.commit()
        return checked
