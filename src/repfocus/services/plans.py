"""Mutual action plans: create and change plans, list the plans an actor may see with their progress, and a
plan's page (milestones and share links). Milestones: services/plan_milestones.py; share links and the
customer's page: services/plan_shares.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVarTuple

from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import Session

from repfocus.domain.access import (
    AccessDenied,
    Actor,
    NotFound,
    can_manage_plan,
    can_see_plan,
    can_view_plans,
    require,
)
from repfocus.domain.plans import MilestoneFacts, PlanInvalid, Progress, check_status, progress
from repfocus.services.plan_views import MilestoneView, ShareView, milestone_views, share_views
from repfocus.store.activities import org_zone
from repfocus.store.db import Database
from repfocus.store.models import Account, JobOrder, MutualActionPlan, PlanMilestone, User

__all__ = ["AccessDenied", "PlanInvalid", "PlanNotFound"]
Ts = TypeVarTuple("Ts")
OWNER_ROLES = ("leader", "manager", "rep")
CSV_HEADER = ["id", "title", "account", "job_order", "owner_email", "status", "target_date"]
CSV_HEADER += ["done", "total", "overdue", "next_milestone", "next_due"]


class PlanNotFound(NotFound):
    """No such plan (or milestone, or share link), or the actor may not know of it (HTTP 404)."""


@dataclass(frozen=True, slots=True)
class PlanView:
    """A plan as a list row and a page head: who owns it, for which account, and its progress."""

    id: int
    title: str
    goal: str | None
    target_on: date | None
    status: str
    account_id: int
    account_name: str
    job_order_id: int | None
    job_order_title: str | None
    owner_email: str
    owner_name: str
    created_by_email: str | None
    created_at: datetime
    progress: Progress
    may_manage: bool

    def as_row(self) -> list[Any]:
        """Return the plan as a CSV row under CSV_HEADER."""
        g = self.progress
        return [
            *(self.id, self.title, self.account_name, self.job_order_title or "", self.owner_email),
            *(self.status, self.target_on or "", g.done, g.total, g.overdue, g.next_title or ""),
            g.next_due or "",
        ]

    def as_dict(self) -> dict[str, Any]:
        p = self.progress
        return {
            "id": self.id,
            "title": self.title,
            "goal": self.goal,
            "target_date": self.target_on.isoformat() if self.target_on else None,
            "status": self.status,
            "account_id": self.account_id,
            "account_name": self.account_name,
            "job_order_id": self.job_order_id,
            "job_order_title": self.job_order_title,
            "owner_email": self.owner_email,
            "owner_name": self.owner_name,
            "created_by_email": self.created_by_email,
            "created_at": self.created_at.isoformat(),
            "progress": {
                "done": p.done,
                "total": p.total,
                "overdue": p.overdue,
                "next_milestone_id": p.next_id,
                "next_milestone": p.next_title,
                "next_due": p.next_due.isoformat() if p.next_due else None,
            },
        }


@dataclass(frozen=True, slots=True)
class PlanDetail:
    plan: PlanView
    milestones: list[MilestoneView]
    shares: list[ShareView] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {**self.plan.as_dict(), "milestones": [m.as_dict() for m in self.milestones]}


def today_in_org(session: Session) -> date:
    """Return today's date in the organization's time zone."""
    return datetime.now(org_zone(session)).date()


def plan_for(session: Session, actor: Actor | None, plan_id: int) -> tuple[MutualActionPlan, bool]:
    """Return the plan and whether `actor` manages it (None, the command line, manages every plan); raise
    PlanNotFound when there is none or the actor may not see it."""
    found = session.execute(
        select(MutualActionPlan, User.team_id)
        .join(User, User.id == MutualActionPlan.owner_id)
        .where(MutualActionPlan.id == plan_id)
    ).first()
    if found is None or (actor is not None and not can_see_plan(actor, found[0].owner_id, found[1])):
        raise PlanNotFound(f"no plan {plan_id}")
    plan, team_id = found
    return plan, actor is None or can_manage_plan(actor, plan.owner_id, team_id)


def visible_plans(stmt: Select[*Ts], actor: Actor | None) -> Select[*Ts]:
    """Narrow a query joined to the owner (User) to the plans `actor` may see (as can_see_plan)."""
    if actor is None or actor.role in ("leader", "delivery"):
        return stmt
    if actor.role == "manager":
        return stmt.where(or_(User.team_id.in_(sorted(actor.team_ids)), User.id == actor.user_id))
    if actor.role == "rep":
        return stmt.where(User.id == actor.user_id)
    return stmt.where(false())


def plan_views(
    session: Session, actor: Actor | None, ids: Select[Any] | list[int], today: date
) -> list[PlanView]:
    """Return the plans `ids` (a list, or a query of ids) with their progress; newest first."""
    creator = User.__table__.alias("creator")
    rows = session.execute(
        select(MutualActionPlan, Account.name, JobOrder.title, User.email, User.name, User.team_id)
        .add_columns(creator.c.email)
        .join(Account, Account.id == MutualActionPlan.account_id)
        .join(User, User.id == MutualActionPlan.owner_id)
        .outerjoin(JobOrder, JobOrder.id == MutualActionPlan.job_order_id)
        .outerjoin(creator, creator.c.id == MutualActionPlan.created_by_id)
        .where(MutualActionPlan.id.in_(ids))
        .order_by(MutualActionPlan.created_at.desc(), MutualActionPlan.id.desc())
    ).all()
    facts: dict[int, list[MilestoneFacts]] = {}
    for plan_id, *fact in session.execute(
        select(PlanMilestone.plan_id, PlanMilestone.id, PlanMilestone.title)
        .add_columns(PlanMilestone.due_on, PlanMilestone.status)
        .where(PlanMilestone.plan_id.in_(ids))
    ):
        facts.setdefault(plan_id, []).append(MilestoneFacts(*fact))
    return [
        PlanView(
            p.id,
            p.title,
            p.goal,
            p.target_on,
            p.status,
            p.account_id,
            account,
            p.job_order_id,
            job,
            email,
            name,
            created_by,
            p.created_at,
            progress(facts.get(p.id, ()), today=today),
            actor is None or can_manage_plan(actor, p.owner_id, team_id),
        )
        for p, account, job, email, name, team_id, created_by in rows
    ]


def list_plans(
    db: Database,
    *,
    actor: Actor | None,
    status: str | None = None,
    account_id: int | None = None,
    overdue_only: bool = False,
    today: date | None = None,
) -> list[PlanView]:
    """Return the plans the actor may see (leaders and delivery all, managers their teams' and their own,
    reps their own), of one status and account when given, only those with an overdue milestone when
    `overdue_only`; newest first."""
    if actor is not None:
        require(can_view_plans(actor), "mutual action plans are for signed-in users")
    wanted = check_status(status) if status else None
    with db.read_session() as session:
        today = today or today_in_org(session)
        stmt = visible_plans(
            select(MutualActionPlan.id).join(User, User.id == MutualActionPlan.owner_id), actor
        )
        if wanted:
            stmt = stmt.where(MutualActionPlan.status == wanted)
        if account_id is not None:
            stmt = stmt.where(MutualActionPlan.account_id == account_id)
        views = plan_views(session, actor, stmt, today)
    return [v for v in views if v.progress.overdue] if overdue_only else views


def plan_detail(db: Database, *, actor: Actor | None, plan_id: int, today: date | None = None) -> PlanDetail:
    """Return a plan with its milestones in order and, for whoever manages it, its share links."""
    with db.read_session() as session:
        today = today or today_in_org(session)
        plan, manages = plan_for(session, actor, plan_id)
        view = plan_views(session, actor, [plan.id], today)[0]
        milestones = milestone_views(session, actor, plan.id, manages=manages, today=today)
        shares = share_views(session, plan.id) if manages else []
        return PlanDetail(view, milestones, shares)
