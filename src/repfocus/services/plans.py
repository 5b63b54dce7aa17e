"""Mutual action plans: create and change plans, list the plans an actor may see with their progress, and a
plan's page (milestones and share links). Milestones: services/plan_milestones.py; share links and the
customer's page: services/plan_shares.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, false, func, or_, select
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
from repfocus.domain.plans import MilestoneFacts, PlanInvalid, Progress, check_plan, check_status, progress
from repfocus.services import audit
from repfocus.services.plan_views import MilestoneView, ShareView, milestone_views, share_views
from repfocus.store.activities import org_zone
from repfocus.store.db import Database
from repfocus.store.models import Account, JobOrder, MutualActionPlan, PlanMilestone, User

__all__ = ["AccessDenied", "PlanInvalid", "PlanNotFound"]
OWNER_ROLES = ("leader", "manager", "rep")


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
    created_at: datetime
    progress: Progress
    may_manage: bool

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


def _visible(stmt: Select[Any], actor: Actor | None) -> Select[Any]:
    """Narrow a query joined to the owner (User) to the plans `actor` may see (as can_see_plan)."""
    if actor is None or actor.role in ("leader", "delivery"):
        return stmt
    if actor.role == "manager":
        return stmt.where(or_(User.team_id.in_(sorted(actor.team_ids)), User.id == actor.user_id))
    if actor.role == "rep":
        return stmt.where(User.id == actor.user_id)
    return stmt.where(false())


def _views(
    session: Session, actor: Actor | None, ids: Select[Any] | list[int], today: date
) -> list[PlanView]:
    """Return the plans `ids` (a list, or a query of ids) with their progress; newest first."""
    rows = session.execute(
        select(MutualActionPlan, Account.name, JobOrder.title, User.email, User.name, User.team_id)
        .join(Account, Account.id == MutualActionPlan.account_id)
        .join(User, User.id == MutualActionPlan.owner_id)
        .outerjoin(JobOrder, JobOrder.id == MutualActionPlan.job_order_id)
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
            p.created_at,
            progress(facts.get(p.id, ()), today=today),
            actor is None or can_manage_plan(actor, p.owner_id, team_id),
        )
        for p, account, job, email, name, team_id in rows
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
        stmt = _visible(select(MutualActionPlan.id).join(User, User.id == MutualActionPlan.owner_id), actor)
        if wanted:
            stmt = stmt.where(MutualActionPlan.status == wanted)
        if account_id is not None:
            stmt = stmt.where(MutualActionPlan.account_id == account_id)
        views = _views(session, actor, stmt, today)
    return [v for v in views if v.progress.overdue] if overdue_only else views


def plan_detail(db: Database, *, actor: Actor | None, plan_id: int, today: date | None = None) -> PlanDetail:
    """Return a plan with its milestones in order and, for whoever manages it, its share links."""
    with db.read_session() as session:
        today = today or today_in_org(session)
        plan, manages = plan_for(session, actor, plan_id)
        view = _views(session, actor, [plan.id], today)[0]
        milestones = milestone_views(session, actor, plan.id, manages=manages, today=today)
        shares = share_views(session, plan.id) if manages else []
        return PlanDetail(view, milestones, shares)


def _account(session: Session, account_id: int | None, account_name: str | None) -> Account:
    if account_id is not None:
        found = session.get(Account, account_id)
        if found is None:
            raise PlanInvalid("account", f"no account {account_id}")
        return found
    name = (account_name or "").strip()
    if not name:
        raise PlanInvalid("account", "give the account the plan is for")
    matches = list(session.scalars(select(Account).where(func.lower(Account.name) == name.lower()).limit(3)))
    if not matches:
        raise PlanInvalid("account", f"no account called {name!r}")
    if len(matches) > 1:
        raise PlanInvalid("account", f"several accounts are called {name!r}; give its id instead")
    return matches[0]


def _job_order(session: Session, job_order_id: int | None, account: Account) -> int | None:
    if job_order_id is None:
        return None
    found = session.get(JobOrder, job_order_id)
    if found is None or found.account_id != account.id:
        raise PlanInvalid("job_order", f"no job order {job_order_id} for {account.name}")
    return found.id


def owner_for(session: Session, actor: Actor | None, email: str | None) -> User:
    """Return the owner with `email` (default: the actor): an active leader, manager or rep whose plans the
    actor may manage; PlanInvalid when there is none, AccessDenied when the actor may not."""
    wanted = (email or "").strip().lower()
    if not wanted:
        if actor is None:
            raise PlanInvalid("owner", "give the email of the rep, manager or leader who owns the plan")
        wanted = actor.email.lower()
    owner = session.scalars(select(User).where(func.lower(User.email) == wanted)).first()
    if owner is None or not owner.is_active or owner.role not in OWNER_ROLES:
        raise PlanInvalid("owner", f"no active rep, manager or leader with email {wanted!r}")
    if actor is not None:
        require(
            can_manage_plan(actor, owner.id, owner.team_id),
            "you may own plans yourself; managers assign them within their teams, leaders to anyone",
        )
    return owner


def create_plan(
    db: Database,
    *,
    actor: Actor | None,
    title: str,
    account_id: int | None = None,
    account_name: str | None = None,
    job_order_id: int | None = None,
    goal: str | None = None,
    target_on: date | None = None,
    status: str = "draft",
    owner_email: str | None = None,
) -> PlanView:
    """Create a plan for an account (by id, or by its exact name) and optionally one of its job orders;
    the owner is the actor unless given. Leaders, managers and reps only. Audited."""
    if actor is not None:
        require(actor.role in OWNER_ROLES, "delivery users read plans and update delivery milestones")
    draft = check_plan(title=title, goal=goal, target_on=target_on, status=status)
    with db.session() as session:
        account = _account(session, account_id, account_name)
        owner = owner_for(session, actor, owner_email)
        row = MutualActionPlan(
            account_id=account.id,
            job_order_id=_job_order(session, job_order_id, account),
            title=draft.title,
            goal=draft.goal,
            target_on=draft.target_on,
            status=draft.status,
            owner_id=owner.id,
            created_by_id=actor.user_id if actor else None,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor_id=actor.user_id if actor else None,
            action="plan.create",
            target=f"plan:{row.id}",
            details={"title": draft.title, "account": account.name, "owner": owner.email},
        )
        session.commit()
        return _views(session, actor, [row.id], today_in_org(session))[0]


_UNSET: Any = object()


def update_plan(
    db: Database,
    *,
    actor: Actor | None,
    plan_id: int,
    title: str | None = None,
    goal: str | None = _UNSET,
    target_on: date | None = _UNSET,
    status: str | None = None,
    owner_email: str | None = None,
    job_order_id: int | None = _UNSET,
) -> PlanView:
    """Change the given fields of a plan (whoever manages it); audited as plan.update with the fields."""
    with db.session() as session:
        plan, manages = plan_for(session, actor, plan_id)
        require(manages, "only the plan's owner, their manager or a leader changes the plan")
        draft = check_plan(
            title=plan.title if title is None else title,
            goal=plan.goal if goal is _UNSET else goal,
            target_on=plan.target_on if target_on is _UNSET else target_on,
            status=plan.status if status is None else status,
        )
        after: dict[str, Any] = {
            "title": draft.title,
            "goal": draft.goal,
            "target_on": draft.target_on,
            "status": draft.status,
        }
        if owner_email is not None:
            after["owner_id"] = owner_for(session, actor, owner_email).id
        if job_order_id is not _UNSET:
            after["job_order_id"] = _job_order(
                session, job_order_id, session.get_one(Account, plan.account_id)
            )
        changed = sorted(k for k, v in after.items() if getattr(plan, k) != v)
        if changed:
            details: dict[str, Any] = {"title": draft.title, "fields": changed}
            if "status" in changed:
                details |= {"from": plan.status, "to": draft.status}
            for key in changed:
                setattr(plan, key, after[key])
            audit.record(
                session,
                actor_id=actor.user_id if actor else None,
                action="plan.update",
                target=f"plan:{plan.id}",
                details=details,
            )
        session.commit()
        return _views(session, actor, [plan.id], today_in_org(session))[0]


def plan_choices(db: Database, *, actor: Actor | None) -> tuple[list[tuple[int, str]], list[User]]:
    """Return the accounts (id, name; by name) and the people the actor may make owners of a new plan."""
    with db.read_session() as session:
        accounts = [
            (i, n) for i, n in session.execute(select(Account.id, Account.name).order_by(Account.name))
        ]
        people = session.scalars(
            select(User).where(User.is_active.is_(True), User.role.in_(OWNER_ROLES)).order_by(User.name)
        ).all()
        owners = [u for u in people if actor is None or can_manage_plan(actor, u.id, u.team_id)]
        session.expunge_all()
        return accounts, owners
