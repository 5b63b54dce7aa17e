"""Hiring candidates: add and update them, and the ranked comparison (weighted score, per-trait averages,
flags, recommendation) under the organization's trait weights. Leaders and managers only; scorecards and
weights are written by services/hiring_scorecards.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, NotFound, can_hire, require
from repfocus.domain.hiring import (
    DEFAULT_WEIGHTS,
    TRAITS,
    Assessment,
    HiringInvalid,
    assess,
    check_candidate,
    check_status,
    check_weights,
)
from repfocus.services import audit
from repfocus.store.db import Database
from repfocus.store.models import HiringCandidate, Organization, Scorecard, User

__all__ = ["CandidateNotFound", "HiringInvalid"]
WEIGHTS_KEY = "hiring_weights"


class CandidateNotFound(NotFound):
    """No candidate with that id (HTTP 404)."""


@dataclass(frozen=True, slots=True)
class CandidateView:
    """A candidate with what their scorecards add up to."""

    id: int
    name: str
    email: str | None
    role: str
    source: str | None
    status: str
    created_at: datetime
    assessment: Assessment

    def as_dict(self) -> dict[str, Any]:
        a = self.assessment
        return {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "role": self.role,
            "source": self.source,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "scorecards": a.scorecards,
            "score": a.score,
            "trait_averages": a.trait_averages,
            "red_flags": list(a.red_flags),
            "needs_interview": a.needs_interview,
            "recommendation": a.recommendation,
        }


@dataclass(frozen=True, slots=True)
class ScorecardView:
    id: int
    candidate_id: int
    interviewer_email: str | None
    interviewed_on: date
    ratings: dict[str, int]
    notes: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "candidate_id": self.candidate_id,
            "interviewer_email": self.interviewer_email,
            "interviewed_on": self.interviewed_on.isoformat(),
            "ratings": self.ratings,
            "notes": self.notes,
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    """The weights in force and the candidates ranked by weighted score (unscored last)."""

    weights: dict[str, float]
    candidates: list[CandidateView]

    def as_dict(self) -> dict[str, Any]:
        return {"weights": self.weights, "candidates": [c.as_dict() for c in self.candidates]}


def require_hiring(actor: Actor | None) -> None:
    """Raise AccessDenied unless the actor may use hiring (leaders, managers; None is the command line)."""
    if actor is not None:
        require(can_hire(actor), "hiring is for leaders and managers")


def trait_weights(session: Session) -> dict[str, float]:
    """Return the organization's trait weights; the defaults until a leader sets them."""
    stored = (session.scalar(select(Organization.settings).limit(1)) or {}).get(WEIGHTS_KEY)
    try:
        return check_weights(stored) if isinstance(stored, dict) else dict(DEFAULT_WEIGHTS)
    except HiringInvalid:  # edited by hand into something invalid: the defaults, rather than no page
        return dict(DEFAULT_WEIGHTS)


def _views(
    session: Session, candidates: Sequence[HiringCandidate], weights: dict[str, float] | None = None
) -> list[CandidateView]:
    weights = weights or trait_weights(session)
    cards: dict[int, list[dict[str, int]]] = {}
    ids = [c.id for c in candidates]
    for candidate_id, ratings in session.execute(
        select(Scorecard.candidate_id, Scorecard.ratings).where(Scorecard.candidate_id.in_(ids))
    ):
        cards.setdefault(candidate_id, []).append({t: int(ratings[t]) for t in TRAITS})
    return [
        CandidateView(
            c.id,
            c.name,
            c.email,
            c.role,
            c.source,
            c.status,
            c.created_at,
            assess(cards.get(c.id, []), weights),
        )
        for c in candidates
    ]


def candidate_row(session: Session, candidate_id: int) -> HiringCandidate:
    """Return the candidate `candidate_id`; raise CandidateNotFound when there is none."""
    found = session.get(HiringCandidate, candidate_id)
    if found is None:
        raise CandidateNotFound(f"no candidate {candidate_id}")
    return found


def add_candidate(
    db: Database,
    *,
    actor: Actor | None,
    name: str,
    role: str,
    email: str | None = None,
    source: str | None = None,
    status: str = "new",
) -> CandidateView:
    """Add a candidate (leaders and managers; None is the command line). Audited."""
    require_hiring(actor)
    draft = check_candidate(name=name, role=role, email=email, source=source, status=status)
    with db.session() as session:
        row = HiringCandidate(
            name=draft.name, email=draft.email, role=draft.role, source=draft.source, status=draft.status
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor_id=actor.user_id if actor else None,
            action="hiring.add",
            target=draft.name,
            details={"candidate": row.id, "role": draft.role, "status": draft.status},
        )
        session.commit()
        return _views(session, [row])[0]


def update_candidate(
    db: Database,
    *,
    actor: Actor | None,
    candidate_id: int,
    status: str | None = None,
    name: str | None = None,
    role: str | None = None,
    email: str | None = None,
    source: str | None = None,
) -> CandidateView:
    """Change a candidate's status or details (given fields only); a status change is audited as
    hiring.status (from, to), other changes as hiring.update."""
    require_hiring(actor)
    with db.session() as session:
        row = candidate_row(session, candidate_id)
        draft = check_candidate(
            name=row.name if name is None else name,
            role=row.role if role is None else role,
            email=row.email if email is None else email,
            source=row.source if source is None else source,
            status=row.status if status is None else check_status(status),
        )
        before = {"name": row.name, "email": row.email, "role": row.role, "source": row.source}
        after = {"name": draft.name, "email": draft.email, "role": draft.role, "source": draft.source}
        actor_id = actor.user_id if actor else None
        if draft.status != row.status:
            audit.record(
                session,
                actor_id=actor_id,
                action="hiring.status",
                target=draft.name,
                details={"candidate": row.id, "from": row.status, "to": draft.status},
            )
            row.status = draft.status
        changed = sorted(k for k in after if after[k] != before[k])
        if changed:
            audit.record(
                session,
                actor_id=actor_id,
                action="hiring.update",
                target=draft.name,
                details={"candidate": row.id, "fields": changed},
            )
            row.name, row.email, row.role, row.source = draft.name, draft.email, draft.role, draft.source
        session.commit()
        return _views(session, [row])[0]


def compare(db: Database, *, actor: Actor | None, statuses: Sequence[str] = ()) -> Comparison:
    """Return the candidates (of `statuses` when given) ranked by weighted score, best first; candidates
    without scorecards last; ties by more scorecards, then name."""
    require_hiring(actor)
    wanted = [check_status(s) for s in statuses]
    with db.read_session() as session:
        stmt = select(HiringCandidate)
        if wanted:
            stmt = stmt.where(HiringCandidate.status.in_(wanted))
        weights = trait_weights(session)
        views = _views(session, list(session.scalars(stmt)), weights)
    views.sort(
        key=lambda v: (
            v.assessment.score is None,
            -(v.assessment.score or 0),
            -v.assessment.scorecards,
            v.name,
        )
    )
    return Comparison(weights, views)


def candidate_detail(
    db: Database, *, actor: Actor | None, candidate_id: int
) -> tuple[CandidateView, list[ScorecardView]]:
    """Return a candidate with their assessment and their scorecards, newest first."""
    require_hiring(actor)
    with db.read_session() as session:
        candidate = candidate_row(session, candidate_id)
        rows = session.execute(
            select(Scorecard, User.email)
            .outerjoin(User, User.id == Scorecard.interviewer_id)
            .where(Scorecard.candidate_id == candidate_id)
            .order_by(Scorecard.interviewed_on.desc(), Scorecard.id.desc())
        ).all()
        cards = [
            ScorecardView(s.id, s.candidate_id, email, s.interviewed_on, dict(s.ratings), dict(s.notes or {}))
            for s, email in rows
        ]
        return _views(session, [candidate])[0], cards
