"""Share links for a plan's customer: created by whoever manages the plan and shown once (only the token's
SHA-256 is stored), optionally expiring, revocable; the customer's page shows that plan alone and lets the
customer mark their own milestones done."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, require
from repfocus.domain.plans import MilestoneFacts, PlanInvalid, Progress, is_overdue, progress
from repfocus.services import audit
from repfocus.services.plan_views import ShareView, share_views
from repfocus.services.plans import PlanNotFound, plan_for, today_in_org
from repfocus.store.activities import org_zone
from repfocus.store.db import Database
from repfocus.store.models import MutualActionPlan, PlanMilestone, PlanShare, User

SHARE_PATH = "/shared/plans/"
CUSTOMER = "customer via share link"
MAX_DAYS = 366


class ShareNotFound(PlanNotFound):
    """The link is unknown, revoked or expired; which of them is not said (HTTP 404)."""


@dataclass(frozen=True, slots=True)
class NewShare:
    """The one moment the link is known: right after creation."""

    id: int
    plan_id: int
    token: str
    expires_at: datetime | None

    @property
    def path(self) -> str:
        return SHARE_PATH + self.token

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "plan_id": self.plan_id,
            "token": self.token,
            "path": self.path,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
        }


@dataclass(frozen=True, slots=True)
class SharedMilestone:
    """A milestone as the customer sees it: no user emails, no internal note."""

    id: int
    title: str
    side: str
    owner: str
    due_on: date
    status: str
    done_on: date | None
    note: str | None
    overdue: bool

    @property
    def customer_may_mark_done(self) -> bool:
        return self.side == "customer" and self.status != "done"


@dataclass(frozen=True, slots=True)
class SharedPlan:
    """What a share link opens: one plan's title, goal, target day, status, progress and milestones."""

    title: str
    goal: str | None
    target_on: date | None
    status: str
    progress: Progress
    milestones: list[SharedMilestone]


def digest(token: str) -> str:
    """Return the SHA-256 (hex) a share token is stored and found by."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_share(
    db: Database,
    *,
    actor: Actor | None,
    plan_id: int,
    expires_on: date | None = None,
    today: date | None = None,
) -> NewShare:
    """Create a share link for one plan (whoever manages it); it stops working after `expires_on` (the end
    of that day in the organization's time zone; at most a year ahead) or when revoked. Audited."""
    with db.session() as session:
        zone = org_zone(session)
        today = today or today_in_org(session)
        plan, manages = plan_for(session, actor, plan_id)
        require(manages, "only the plan's owner, their manager or a leader shares it")
        expires_at = None
        if expires_on is not None:
            if not today <= expires_on <= today + timedelta(days=MAX_DAYS):
                raise PlanInvalid("expires", f"{expires_on} must lie between today and {MAX_DAYS} days ahead")
            expires_at = datetime.combine(expires_on + timedelta(days=1), time(), zone).astimezone(UTC)
        token = secrets.token_urlsafe(32)
        row = PlanShare(
            plan_id=plan.id,
            token_hash=digest(token),
            created_by_id=actor.user_id if actor else None,
            expires_at=expires_at,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor_id=actor.user_id if actor else None,
            action="plan.share.create",
            target=f"plan:{plan.id}",
            details={
                "plan": plan.title,
                "share": row.id,
                "expires_on": str(expires_on) if expires_on else None,
            },
        )
        session.commit()
        return NewShare(row.id, plan.id, token, expires_at)


def list_shares(db: Database, *, actor: Actor | None, plan_id: int) -> list[ShareView]:
    """Return a plan's share links, newest first, with who made them and whether they still work (whoever
    manages the plan; the tokens themselves are never stored, so never shown again)."""
    with db.read_session() as session:
        plan, manages = plan_for(session, actor, plan_id)
        require(manages, "only the plan's owner, their manager or a leader sees its share links")
        return share_views(session, plan.id)


def revoke_share(db: Database, *, actor: Actor | None, share_id: int, plan_id: int | None = None) -> None:
    """Revoke a share link at once (whoever manages its plan); revoking twice changes nothing. Audited."""
    with db.session() as session:
        row = session.get(PlanShare, share_id)
        if row is None or (plan_id is not None and row.plan_id != plan_id):
            raise PlanNotFound(f"no share link {share_id}")
        try:
            plan, manages = plan_for(session, actor, row.plan_id)
        except PlanNotFound as exc:
            raise PlanNotFound(f"no share link {share_id}") from exc
        require(manages, "only the plan's owner, their manager or a leader revokes its links")
        if row.revoked_at is None:
            row.revoked_at = datetime.now(UTC)
            audit.record(
                session,
                actor_id=actor.user_id if actor else None,
                action="plan.share.revoke",
                target=f"plan:{plan.id}",
                details={"plan": plan.title, "share": row.id},
            )
        session.commit()


def _live_share(session: Session, token: str, now: datetime) -> PlanShare:
    if not token or len(token) > 100:
        raise ShareNotFound("no such plan")
    row = session.scalar(select(PlanShare).where(PlanShare.token_hash == digest(token)))
    if row is None or row.revoked_at is not None or (row.expires_at is not None and row.expires_at <= now):
        raise ShareNotFound("no such plan")
    return row


def shared_plan(db: Database, *, token: str, now: datetime | None = None) -> SharedPlan:
    """Return the plan a live share link opens; ShareNotFound for an unknown, revoked or expired link."""
    with db.read_session() as session:
        share = _live_share(session, token, now or datetime.now(UTC))
        today = today_in_org(session)
        plan = session.get_one(MutualActionPlan, share.plan_id)
        rows = session.execute(
            select(PlanMilestone, User.name)
            .outerjoin(User, User.id == PlanMilestone.owner_id)
            .where(PlanMilestone.plan_id == plan.id)
            .order_by(PlanMilestone.position, PlanMilestone.id)
        ).all()
        milestones = [
            SharedMilestone(
                m.id,
                m.title,
                m.side,
                m.owner_name or user_name or m.side.capitalize(),
                m.due_on,
                m.status,
                m.done_on,
                None if m.note_internal else m.note,
                is_overdue(m.due_on, m.status, today=today),
            )
            for m, user_name in rows
        ]
        facts = [MilestoneFacts(m.id, m.title, m.due_on, m.status) for m in milestones]
        return SharedPlan(
            plan.title, plan.goal, plan.target_on, plan.status, progress(facts, today=today), milestones
        )


def customer_marks_done(db: Database, *, token: str, milestone_id: int, now: datetime | None = None) -> None:
    """Mark a customer-side milestone of the shared plan done (today); audited as done by the customer via
    the share link. ShareNotFound for a dead link or a milestone of another plan; PlanInvalid for a
    milestone that is not the customer's."""
    with db.session() as session:
        share = _live_share(session, token, now or datetime.now(UTC))
        row = session.get(PlanMilestone, milestone_id)
        if row is None or row.plan_id != share.plan_id:
            raise ShareNotFound("no such milestone")
        if row.side != "customer":
            raise PlanInvalid("milestone", "only the customer's own milestones are marked done here")
        if row.status != "done":
            before = row.status
            row.status, row.done_on = "done", today_in_org(session)
            plan = session.get_one(MutualActionPlan, share.plan_id)
            audit.record(
                session,
                actor_id=None,
                by=CUSTOMER,
                action="plan.milestone.update",
                target=f"plan:{plan.id}",
                details={
                    "plan": plan.title,
                    "milestone": row.id,
                    "fields": ["done_on", "status"],
                    "from": before,
                    "to": "done",
                    "share": share.id,
                },
            )
        session.commit()
