"""A plan's milestones: add, change (status, dates, owner, note), move, delete. Whoever manages the plan
may change every milestone; delivery users add and change the delivery side's. Every change is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, can_update_milestone, require
from repfocus.domain.plans import MAX_MILESTONES, PlanInvalid, check_milestone
from repfocus.services import audit
from repfocus.services.plan_views import MilestoneView, milestone_view
from repfocus.services.plans import PlanNotFound, plan_for, today_in_org
from repfocus.store.db import Database
from repfocus.store.models import MutualActionPlan, PlanMilestone, User

_UNSET: Any = object()
DELIVERY_ONLY = "delivery users add and change only the delivery side's milestones"


def _owner_id(session: Session, email: str | None) -> int | None:
    wanted = (email or "").strip().lower()
    if "\x00" in wanted:  # PostgreSQL refuses NUL in a query
        raise PlanInvalid("owner_email", "contains a NUL character")
    if not wanted:
        return None
    found = session.scalar(select(User.id).where(func.lower(User.email) == wanted, User.is_active.is_(True)))
    if found is None:
        raise PlanInvalid("owner_email", f"no active user with email {wanted!r}")
    return found


def _audit(
    session: Session, actor: Actor | None, action: str, plan: MutualActionPlan, **details: Any
) -> None:
    audit.record(
        session,
        actor_id=actor.user_id if actor else None,
        action=action,
        target=f"plan:{plan.id}",
        details={"plan": plan.title, **details},
    )


def _owner(session: Session, user_id: int | None) -> tuple[str | None, str | None]:
    """Return the owner user's (email, name); (None, None) when a person outside RepFocus owns it."""
    found = (
        session.execute(select(User.email, User.name).where(User.id == user_id)).first() if user_id else None
    )
    return (found[0], found[1]) if found else (None, None)


def add_milestone(
    db: Database,
    *,
    actor: Actor | None,
    plan_id: int,
    title: str,
    side: str,
    due_on: date | None,
    owner_name: str | None = None,
    owner_email: str | None = None,
    note: str | None = None,
    note_internal: bool = False,
    status: str = "open",
    today: date | None = None,
) -> MilestoneView:
    """Add a milestone at the end of the plan (whoever manages it; delivery users on the delivery side)."""
    with db.session() as session:
        today = today or today_in_org(session)
        plan, manages = plan_for(session, actor, plan_id)
        if actor is not None:
            require(can_update_milestone(actor, side, manages_plan=manages), DELIVERY_ONLY)
        draft = check_milestone(
            title=title,
            side=side,
            due_on=due_on,
            status=status,
            owner_name=owner_name,
            note=note,
            note_internal=note_internal,
            today=today,
        )
        count, last = session.execute(
            select(func.count(), func.max(PlanMilestone.position)).where(PlanMilestone.plan_id == plan.id)
        ).one()
        if count >= MAX_MILESTONES:
            raise PlanInvalid("milestones", f"a plan holds at most {MAX_MILESTONES} milestones")
        row = PlanMilestone(
            plan_id=plan.id,
            position=(last or 0) + 1,
            title=draft.title,
            side=draft.side,
            owner_name=draft.owner_name,
            owner_id=_owner_id(session, owner_email),
            due_on=draft.due_on,
            status=draft.status,
            done_on=draft.done_on,
            note=draft.note,
            note_internal=draft.note_internal,
        )
        session.add(row)
        session.flush()
        _audit(
            session, actor, "plan.milestone.add", plan, milestone=row.id, title=draft.title, side=draft.side
        )
        session.commit()
        return milestone_view(row, _owner(session, row.owner_id), actor, manages=manages, today=today)


def _milestone(
    session: Session, actor: Actor | None, plan_id: int, milestone_id: int
) -> tuple[MutualActionPlan, PlanMilestone, bool]:
    plan, manages = plan_for(session, actor, plan_id)
    row = session.get(PlanMilestone, milestone_id)
    if row is None or row.plan_id != plan.id:
        raise PlanNotFound(f"no milestone {milestone_id} in plan {plan_id}")
    return plan, row, manages


def update_milestone(
    db: Database,
    *,
    actor: Actor | None,
    plan_id: int,
    milestone_id: int,
    title: str | None = None,
    side: str | None = None,
    due_on: date | None = None,
    status: str | None = None,
    owner_name: str | None = _UNSET,
    owner_email: str | None = _UNSET,
    done_on: date | None = None,
    note: str | None = _UNSET,
    note_internal: bool | None = None,
    today: date | None = None,
) -> MilestoneView:
    """Change the given fields: marking it done records the day (today unless given), reopening or
    blocking clears it. Delivery users change delivery milestones only, and may not move them to another
    side. Audited as plan.milestone.update with the fields and the status change."""
    with db.session() as session:
        today = today or today_in_org(session)
        plan, row, manages = _milestone(session, actor, plan_id, milestone_id)
        new_side = row.side if side is None else side
        if actor is not None:
            allowed = all(can_update_milestone(actor, s, manages_plan=manages) for s in (row.side, new_side))
            require(allowed, DELIVERY_ONLY)
        new_status = row.status if status is None else status
        keep_done = row.done_on if row.status == "done" and new_status == "done" else None
        draft = check_milestone(
            title=row.title if title is None else title,
            side=new_side,
            due_on=row.due_on if due_on is None else due_on,
            status=new_status,
            owner_name=row.owner_name if owner_name is _UNSET else owner_name,
            done_on=done_on or keep_done,
            note=row.note if note is _UNSET else note,
            note_internal=row.note_internal if note_internal is None else note_internal,
            today=today,
        )
        after: dict[str, Any] = {
            "title": draft.title,
            "side": draft.side,
            "due_on": draft.due_on,
            "status": draft.status,
            "owner_name": draft.owner_name,
            "done_on": draft.done_on,
            "note": draft.note,
            "note_internal": draft.note_internal,
        }
        if owner_email is not _UNSET:
            after["owner_id"] = _owner_id(session, owner_email)
        changed = sorted(k for k, v in after.items() if getattr(row, k) != v)
        if changed:
            extra = {"from": row.status, "to": draft.status} if "status" in changed else {}
            for key in changed:
                setattr(row, key, after[key])
            _audit(session, actor, "plan.milestone.update", plan, milestone=row.id, fields=changed, **extra)
        session.commit()
        return milestone_view(row, _owner(session, row.owner_id), actor, manages=manages, today=today)


def delete_milestone(db: Database, *, actor: Actor | None, plan_id: int, milestone_id: int) -> None:
    """Delete a milestone (whoever manages the plan). Audited."""
    with db.session() as session:
        plan, row, manages = _milestone(session, actor, plan_id, milestone_id)
        require(manages, "only the plan's owner, their manager or a leader deletes milestones")
        _audit(session, actor, "plan.milestone.delete", plan, milestone=row.id, title=row.title)
        session.delete(row)
        session.commit()


def move_milestone(db: Database, *, actor: Actor | None, plan_id: int, milestone_id: int, to: int) -> None:
    """Move a milestone to place `to` (1 is first; beyond the ends: first or last) and number the plan's
    milestones 1, 2, 3 ... again (whoever manages the plan). Audited when the place changes."""
    with db.session() as session:
        plan, row, manages = _milestone(session, actor, plan_id, milestone_id)
        require(manages, "only the plan's owner, their manager or a leader reorders milestones")
        ordered = list(
            session.scalars(
                select(PlanMilestone)
                .where(PlanMilestone.plan_id == plan.id)
                .order_by(PlanMilestone.position, PlanMilestone.id)
            )
        )
        before = ordered.index(row) + 1
        ordered.remove(row)
        ordered.insert(min(max(to, 1), len(ordered) + 1) - 1, row)
        for place, item in enumerate(ordered, start=1):
            item.position = place
        after = ordered.index(row) + 1
        if after != before:
            _audit(
                session,
                actor,
                "plan.milestone.update",
                plan,
                milestone=row.id,
                fields=["position"],
                moved={"from": before, "to": after},
            )
        session.commit()
