"""Follow-up tasks: a remedy of a finding turned into a dated task for the manager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

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
        task = FollowUpTask(
            rep_id=rep.id if rep else None,
            cause=spec.cause,
            remedy=remedy,
            title=f"{spec.text} ({rep.name})" if rep else spec.text,
            due_on=due,
            period_start=period.start if period else None,
            period_end=period.end if period else None,
            created_by=created_by,
        )
        session.add(task)
        session.commit()
        return FollowUpView(task.id, rep.email if rep else None, task.cause, remedy, task.title, due, False)


def complete_follow_up(db: Database, *, task_id: int, now: datetime | None = None) -> None:
    """Mark the task done; the cause then counts as addressed for the rep (the DNA gate reads this)."""
    with db.session() as session:
        task = session.get(FollowUpTask, task_id)
        if task is None:
            raise FollowUpRejected(f"no follow-up task {task_id}")
        task.done_at = now or datetime.now(UTC)
        session.commit()


def list_follow_ups(
    db: Database, *, rep_email: str | None = None, open_only: bool = False
) -> list[FollowUpView]:
    """Return follow-up tasks (of one rep when given), soonest due first."""
    with db.session() as session:
        stmt = select(FollowUpTask, User.email).outerjoin(User, User.id == FollowUpTask.rep_id)
        if rep_email:
            stmt = stmt.where(func.lower(User.email) == rep_email.lower())
        if open_only:
            stmt = stmt.where(FollowUpTask.done_at.is_(None))
        rows = session.execute(stmt.order_by(FollowUpTask.due_on, FollowUpTask.id)).all()
        return [
            FollowUpView(t.id, email, t.cause, t.remedy, t.title, t.due_on, t.done_at is not None)
            for t, email in rows
        ]
