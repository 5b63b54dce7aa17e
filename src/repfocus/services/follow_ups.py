"""Follow-up tasks: a remedy of a finding turned into a dated task for the manager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from repfocus.domain.access import Actor, can_coach, is_leader, require
from repfocus.domain.diagnosis import REMEDIES
from repfocus.domain.period import Period
from repfocus.store.db import Database
from repfocus.store.models import FollowUpTask, User


class FollowUpRejected(ValueError):
    """The remedy, the rep or the task is unknown."""


@dataclass(frozen=True, slots=True)
class FollowUpView:
    id: int
    rep_email: str | None
    cause: str
    remedy: str
    title: str
    due_on: date
    done: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "rep_email": self.rep_email,
            "cause": self.cause,
            "remedy": self.remedy,
            "title": self.title,
            "due_on": self.due_on.isoformat(),
            "done": self.done,
        }


def create_follow_up(
    db: Database,
    *,
    actor: Actor | None,
    remedy: str,
    rep_email: str | None = None,
    period: Period | None = None,
    due_on: date | None = None,
    created_by: str = "",
    today: date | None = None,
) -> FollowUpView:
    """Create the manager's task for `remedy` (for one rep, or the organization); due by default after the
    remedy's usual number of days."""
    if remedy not in REMEDIES:
        raise FollowUpRejected(f"unknown remedy {remedy!r}; known: {', '.join(REMEDIES)}")
    spec = REMEDIES[remedy]
    due = due_on or (today or datetime.now(UTC).date()) + timedelta(days=spec.due_in_days)
    with db.session() as session:
        rep = None
        if rep_email:
            rep = session.scalars(select(User).where(func.lower(User.email) == rep_email.lower())).first()
            if rep is None:
                raise FollowUpRejected(f"no user with email {rep_email}")
        if actor is not None:
            if rep is None:
                require(is_leader(actor), "organization-level tasks are for leaders")
            else:
                require(can_coach(actor, rep.id, rep.team_id), "you may only make tasks for reps you coach")
        task = FollowUpTask(
            rep_id=rep.id if rep else None,
            cause=spec.cause,
            remedy=remedy,
            title=f"{spec.text} ({rep.name})" if rep else spec.text,
            due_on=due,
            period_start=period.start if period else None,
            period_end=period.end if period else None,
            created_by=created_by or (actor.email if actor is not None else ""),
        )
        session.add(task)
        session.commit()
        return FollowUpView(task.id, rep.email if rep else None, task.cause, remedy, task.title, due, False)


def complete_follow_up(
    db: Database, *, actor: Actor | None, task_id: int, now: datetime | None = None
) -> None:
    """Mark the task done; the cause then counts as addressed for the rep (the DNA gate reads this)."""
    with db.session() as session:
        task = session.get(FollowUpTask, task_id)
        if task is None:
            raise FollowUpRejected(f"no follow-up task {task_id}")
        if actor is not None:
            rep = session.get(User, task.rep_id) if task.rep_id is not None else None
            allowed = is_leader(actor) if rep is None else can_coach(actor, rep.id, rep.team_id)
            require(allowed, "you may only close tasks for reps you coach")
        task.done_at = now or datetime.now(UTC)
        session.commit()


def list_follow_ups(
    db: Database, *, actor: Actor | None, rep_email: str | None = None, open_only: bool = False
) -> list[FollowUpView]:
    """Return the follow-up tasks the actor may see (of one rep when given), soonest due first: a leader
    sees all, a manager the tasks for their teams' reps, a rep none."""
    if actor is not None:
        require(actor.role in ("leader", "manager"), "follow-up tasks are for leaders and managers")
    with db.read_session() as session:
        stmt = select(FollowUpTask, User.email).outerjoin(User, User.id == FollowUpTask.rep_id)
        if actor is not None and actor.role == "manager":
            stmt = stmt.where(User.team_id.in_(sorted(actor.team_ids)))
        if rep_email:
            stmt = stmt.where(func.lower(User.email) == rep_email.lower())
        if open_only:
            stmt = stmt.where(FollowUpTask.done_at.is_(None))
        rows = session.execute(stmt.order_by(FollowUpTask.due_on, FollowUpTask.id)).all()
        return [
            FollowUpView(t.id, email, t.cause, t.remedy, t.title, t.due_on, t.done_at is not None)
            for t, email in rows
        ]
