"""What a plan's milestones and share links look like to the pages, the API and the command line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, can_update_milestone
from repfocus.domain.plans import is_overdue
from repfocus.store.models import PlanMilestone, PlanShare, User


@dataclass(frozen=True, slots=True)
class MilestoneView:
    id: int
    plan_id: int
    position: int
    title: str
    side: str
    owner_name: str | None
    owner_email: str | None
    owner_user: str | None
    due_on: date
    status: str
    done_on: date | None
    note: str | None
    note_internal: bool
    overdue: bool
    may_update: bool
    may_delete: bool

    @property
    def owner(self) -> str:
        """Return who does it: the named person, else the user's name (or email), else the side."""
        return self.owner_name or self.owner_user or self.side.capitalize()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "plan_id": self.plan_id,
            "position": self.position,
            "title": self.title,
            "side": self.side,
            "owner_name": self.owner_name,
            "owner_email": self.owner_email,
            "due_date": self.due_on.isoformat(),
            "status": self.status,
            "done_date": self.done_on.isoformat() if self.done_on else None,
            "note": self.note,
            "note_internal": self.note_internal,
            "overdue": self.overdue,
        }


@dataclass(frozen=True, slots=True)
class ShareView:
    id: int
    plan_id: int
    created_by_email: str | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= datetime.now(UTC):
            return "expired"
        return "active"

    def as_dict(self) -> dict[str, Any]:
        def iso(d: datetime | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "id": self.id,
            "plan_id": self.plan_id,
            "created_by_email": self.created_by_email,
            "created_at": iso(self.created_at),
            "expires_at": iso(self.expires_at),
            "revoked_at": iso(self.revoked_at),
            "status": self.status,
        }


def milestone_view(
    m: PlanMilestone, owner: tuple[str | None, str | None], actor: Actor | None, *, manages: bool, today: date
) -> MilestoneView:
    """Return one milestone as shown; may_update follows can_update_milestone (None: the command line)."""
    may = actor is None or can_update_milestone(actor, m.side, manages_plan=manages)
    return MilestoneView(
        m.id,
        m.plan_id,
        m.position,
        m.title,
        m.side,
        m.owner_name,
        owner[0],
        owner[1] or owner[0],
        m.due_on,
        m.status,
        m.done_on,
        m.note,
        m.note_internal,
        is_overdue(m.due_on, m.status, today=today),
        may,
        actor is None or manages,
    )


def milestone_views(
    session: Session, actor: Actor | None, plan_id: int, *, manages: bool, today: date
) -> list[MilestoneView]:
    """Return a plan's milestones in their order."""
    rows = session.execute(
        select(PlanMilestone, User.email, User.name)
        .outerjoin(User, User.id == PlanMilestone.owner_id)
        .where(PlanMilestone.plan_id == plan_id)
        .order_by(PlanMilestone.position, PlanMilestone.id)
    ).all()
    return [milestone_view(m, (email, name), actor, manages=manages, today=today) for m, email, name in rows]


def share_views(session: Session, plan_id: int) -> list[ShareView]:
    """Return a plan's share links, newest first (never their tokens: only hashes are stored)."""
    rows = session.execute(
        select(PlanShare, User.email)
        .outerjoin(User, User.id == PlanShare.created_by_id)
        .where(PlanShare.plan_id == plan_id)
        .order_by(PlanShare.id.desc())
    ).all()
    return [ShareView(s.id, s.plan_id, email, s.created_at, s.expires_at, s.revoked_at) for s, email in rows]
