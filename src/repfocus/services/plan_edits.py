"""Creating and changing mutual action plans: the account (by id or exact name), its job order, the owner the
actor may assign, and the audit entries."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, can_manage_plan, require
from repfocus.domain.plans import PlanInvalid, check_plan
from repfocus.services import audit
from repfocus.services.plans import OWNER_ROLES, PlanView, plan_for, plan_views, today_in_org
from repfocus.store.db import Database
from repfocus.store.models import Account, JobOrder, MutualActionPlan, User


def _account(session: Session, account_id: int | None, account_name: str | None) -> Account:
    if account_id is not None:
        found = session.get(Account, account_id)
        if found is None:
            raise PlanInvalid("account", f"no account {account_id}")
        return found
    name = (account_name or "").strip()
    if "\x00" in name:  # PostgreSQL refuses NUL in a query
        raise PlanInvalid("account", "contains a NUL character")
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


def owner_for(session: Session, actor: Actor | None, email: str | None, fallback: int | None = None) -> User:
    """Return the owner with `email` (default: the actor; from the command line, `fallback`, the account's
    owner): an active leader, manager or rep whose plans the actor may manage; PlanInvalid when there is
    none, AccessDenied when the actor may not."""
    wanted = (email or "").strip().lower()
    if "\x00" in wanted:
        raise PlanInvalid("owner", "contains a NUL character")
    if not wanted and actor is None and fallback is not None:
        wanted = session.scalar(select(User.email).where(User.id == fallback)) or ""
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


def require_may_create(actor: Actor | None) -> None:
    """Raise AccessDenied unless the actor may create plans (leaders, managers, reps; None: the CLI)."""
    if actor is not None:
        require(actor.role in OWNER_ROLES, "delivery users read plans and update delivery milestones")


def job_orders_of(db: Database, *, account_id: int | None) -> list[tuple[int, str]]:
    """Return the job orders (id, title; newest first) of an account; none without an account."""
    if account_id is None:
        return []
    with db.read_session() as session:
        stmt = select(JobOrder.id, JobOrder.title).where(JobOrder.account_id == account_id)
        return [(i, t) for i, t in session.execute(stmt.order_by(JobOrder.opened_on.desc(), JobOrder.id))]


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
    the owner is the actor unless given (from the command line: the account's owner). Leaders, managers
    and reps only. Audited."""
    require_may_create(actor)
    draft = check_plan(title=title, goal=goal, target_on=target_on, status=status)
    with db.session() as session:
        account = _account(session, account_id, account_name)
        owner = owner_for(session, actor, owner_email, account.owner_id)
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
        return plan_views(session, actor, [row.id], today_in_org(session))[0]


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
        current = session.get_one(User, plan.owner_id).email.lower()
        if (
            owner_email is not None and owner_email.strip().lower() != current
        ):  # the same: a deactivated owner stays
            if not owner_email.strip():
                raise PlanInvalid("owner", "give the email of the rep, manager or leader who owns the plan")
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
        return plan_views(session, actor, [plan.id], today_in_org(session))[0]


def account_choices(db: Database) -> list[tuple[int, str]]:
    """Return every account as (id, name), by name: a plan may be for any of them."""
    with db.read_session() as session:
        return [(i, n) for i, n in session.execute(select(Account.id, Account.name).order_by(Account.name))]


def owner_choices(db: Database, *, actor: Actor | None) -> list[tuple[str, str]]:
    """Return the people the actor may make owners of a plan as (email, "name (role)"), by name."""
    with db.read_session() as session:
        people = session.scalars(
            select(User).where(User.is_active.is_(True), User.role.in_(OWNER_ROLES)).order_by(User.name)
        ).all()
        return [
            (u.email, f"{u.name or u.email} ({u.role})")
            for u in people
            if actor is None or can_manage_plan(actor, u.id, u.team_id)
        ]
