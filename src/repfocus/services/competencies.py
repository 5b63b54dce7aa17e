"""Competency ratings: rate a rep (the rep's manager or a leader), read the history, a rep's grid and the
overview of the reps an actor sees (weakest competencies, training open and overdue)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, NotFound, can_coach, can_view_rep, require, sales_visibility
from repfocus.domain.competencies import (
    TREND_DAYS,
    CompetencyInvalid,
    CompetencyLine,
    Rating,
    check_rating,
    grid,
    needs_training,
    weakest,
)
from repfocus.domain.training import is_overdue
from repfocus.services import audit
from repfocus.store.activities import org_zone
from repfocus.store.db import Database
from repfocus.store.models import CompetencyRating, TrainingAssignment, User

__all__ = ["CompetencyInvalid", "CompetencyNotFound"]


class CompetencyNotFound(NotFound):
    """No such rep or assignment, or the actor may not know of it (HTTP 404)."""


@dataclass(frozen=True, slots=True)
class RatingView:
    id: int
    rep_email: str
    competency: str
    score: int
    rated_on: date
    evidence: str | None
    rated_by_email: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rep_email": self.rep_email,
            "competency": self.competency,
            "score": self.score,
            "rated_on": self.rated_on.isoformat(),
            "evidence": self.evidence,
            "rated_by_email": self.rated_by_email,
        }


@dataclass(frozen=True, slots=True)
class RepCompetencies:
    """One rep's grid, and whether the actor may rate them and assign training."""

    rep_id: int
    email: str
    name: str
    may_rate: bool
    lines: list[CompetencyLine]


@dataclass(frozen=True, slots=True)
class RepSummary:
    """One rep's line of the competencies overview."""

    email: str
    name: str
    weakest: list[Rating]
    needs_training: int
    open_training: int
    overdue_training: int


def org_today(session: Session) -> date:
    """Return today in the organization's time zone."""
    return datetime.now(org_zone(session)).date()


def find_rep(session: Session, actor: Actor | None, email: str) -> User:
    """Return the rep with `email`; CompetencyNotFound when unknown or not visible to `actor`."""
    sales_visibility(actor, "the competency grid")  # AccessDenied for roles without sales data
    rep = session.scalars(select(User).where(func.lower(User.email) == email.strip().lower())).first()
    if rep is None or rep.role != "rep" or (actor and not can_view_rep(actor, rep.id, rep.team_id)):
        raise CompetencyNotFound(f"no rep with email {email!r}")
    return rep


def visible_reps(stmt: Select[Any], actor: Actor | None) -> Select[Any]:
    """Narrow a query over User to the reps `actor` may read (as can_view_rep)."""
    how, ids = sales_visibility(actor, "the competency grid")
    if how == "teams" and actor is not None:
        return stmt.where(or_(User.team_id.in_(sorted(ids)), User.id == actor.user_id))
    if how == "self":
        return stmt.where(User.id.in_(sorted(ids)))
    return stmt if how == "all" else stmt.where(false())


def rate(
    db: Database,
    *,
    actor: Actor | None,
    rep_email: str,
    competency: str,
    score: int,
    rated_on: date | None = None,
    evidence: str | None = None,
    today: date | None = None,
) -> RatingView:
    """Add a rating to the rep's history (the rep's manager or a leader; the command line as no one).
    Audited."""
    with db.session() as session:
        today = today or org_today(session)
        rep = find_rep(session, actor, rep_email)
        if actor is not None:
            require(can_coach(actor, rep.id, rep.team_id), "only the rep's manager or a leader rates them")
        checked = check_rating(
            competency=competency, score=score, rated_on=rated_on or today, today=today, evidence=evidence
        )
        row = CompetencyRating(
            rep_id=rep.id,
            competency=checked.competency,
            score=checked.score,
            rated_on=checked.rated_on,
            evidence=checked.evidence,
            rated_by_id=actor.user_id if actor else None,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor_id=actor.user_id if actor else None,
            action="competency.rate",
            target=rep.email,
            details={"rating": row.id, "competency": row.competency, "score": row.score},
        )
        session.commit()
        return RatingView(
            row.id,
            rep.email,
            row.competency,
            row.score,
            row.rated_on,
            row.evidence,
            actor.email if actor else None,
        )


def _ratings(session: Session, rep_ids: Select[Any]) -> list[tuple[CompetencyRating, str, str | None]]:
    rater = User.__table__.alias("rater")
    return [
        (r, email, by)
        for r, email, by in session.execute(
            select(CompetencyRating, User.email, rater.c.email)
            .join(User, User.id == CompetencyRating.rep_id)
            .outerjoin(rater, rater.c.id == CompetencyRating.rated_by_id)
            .where(CompetencyRating.rep_id.in_(rep_ids))
            .order_by(CompetencyRating.rated_on.desc(), CompetencyRating.id.desc())
        )
    ]


def list_ratings(db: Database, *, actor: Actor | None, rep_email: str | None = None) -> list[RatingView]:
    """Return the ratings of the reps the actor may read (of one rep when given), newest first."""
    with db.read_session() as session:
        reps = visible_reps(select(User.id).where(User.role == "rep"), actor)
        if rep_email:
            reps = select(User.id).where(User.id == find_rep(session, actor, rep_email).id)
        return [
            RatingView(r.id, email, r.competency, r.score, r.rated_on, r.evidence, by)
            for r, email, by in _ratings(session, reps)
        ]


def _domain(rows: list[CompetencyRating]) -> list[Rating]:
    return [Rating(r.competency, r.score, r.rated_on, r.evidence, r.id) for r in rows]


def rep_grid(
    db: Database, *, actor: Actor | None, rep_email: str, today: date | None = None, days: int = TREND_DAYS
) -> RepCompetencies:
    """Return the rep's grid: per competency the current rating, the last scores, the change over `days`
    days and whether it needs training."""
    with db.read_session() as session:
        today = today or org_today(session)
        rep = find_rep(session, actor, rep_email)
        rows = list(session.scalars(select(CompetencyRating).where(CompetencyRating.rep_id == rep.id)))
        may = actor is None or can_coach(actor, rep.id, rep.team_id)
        return RepCompetencies(rep.id, rep.email, rep.name, may, grid(_domain(rows), today=today, days=days))


def gaps_in(
    session: Session, rep_ids: list[int], *, days: int = TREND_DAYS
) -> dict[int, list[CompetencyLine]]:
    """Return, per rep that has any, the lines of the rep's grid that need training (the caller has checked
    the actor may read these reps), in the grid's order."""
    if not rep_ids:
        return {}
    ratings: dict[int, list[CompetencyRating]] = {}
    for r in session.scalars(select(CompetencyRating).where(CompetencyRating.rep_id.in_(rep_ids))):
        ratings.setdefault(r.rep_id, []).append(r)
    today = org_today(session)
    gaps = {
        rep_id: [line for line in grid(_domain(rows), today=today, days=days) if line.needs_training]
        for rep_id, rows in ratings.items()
    }
    return {rep_id: lines for rep_id, lines in gaps.items() if lines}


def overview(db: Database, *, actor: Actor | None, today: date | None = None) -> list[RepSummary]:
    """Return, per active rep the actor may read, the three weakest current ratings, how many competencies
    need training, and the training open and overdue; by name."""
    with db.read_session() as session:
        today = today or org_today(session)
        stmt: Any = select(User.id, User.email, User.name).where(User.role == "rep", User.is_active.is_(True))
        reps = list(session.execute(visible_reps(stmt, actor).order_by(User.name, User.id)))
        ids = [rep_id for rep_id, _, _ in reps]
        ratings: dict[int, list[CompetencyRating]] = {}
        for r in session.scalars(select(CompetencyRating).where(CompetencyRating.rep_id.in_(ids))):
            ratings.setdefault(r.rep_id, []).append(r)
        training: dict[int, list[TrainingAssignment]] = {}
        for t in session.scalars(
            select(TrainingAssignment).where(
                TrainingAssignment.rep_id.in_(ids), TrainingAssignment.status != "done"
            )
        ):
            training.setdefault(t.rep_id, []).append(t)
        out = []
        for rep_id, email, name in reps:
            mine = _domain(ratings.get(rep_id, []))
            keys = {r.competency for r in mine}
            open_ = training.get(rep_id, [])
            out.append(
                RepSummary(
                    email,
                    name,
                    weakest(mine),
                    sum(needs_training(mine, k, today=today) for k in keys),
                    len(open_),
                    sum(is_overdue(t.due_on, status=t.status, today=today) for t in open_),
                )
            )
        return out
