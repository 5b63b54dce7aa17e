"""The demo's mutual action plans: three plans on the accounts of recent job orders, in different states (on
track with an overdue customer step, blocked, won), so /plans shows progress bars and overdue steps."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.store.models import Account, JobOrder, MutualActionPlan, PlanMilestone, User

# title, goal, status, target (days from today), milestones: (title, side, owner, due (days), status, note)
Step = tuple[str, str, str | None, int, str, str | None]
PLANS: tuple[tuple[str, str, str, int, tuple[Step, ...]], ...] = (
    (
        "Java contractors for the payments team",
        "First 3 Java contractors start by {target}",
        "active",
        30,
        (
            ("Intake call: skills, rates, interview loop", "sales", None, -14, "done", None),
            ("Shortlist of 6 profiles", "delivery", "Delivery lead", -5, "done", None),
            (
                "Interview slots for the shortlist",
                "customer",
                "Hiring manager",
                -2,
                "open",
                "Two slots a week",
            ),
            ("Statement of work signed", "customer", "Procurement", 7, "open", None),
            ("Background checks cleared", "delivery", "Delivery lead", 21, "open", None),
            ("First 3 contractors start", "sales", None, 30, "open", "Margin floor 22%: keep internal"),
        ),
    ),
    (
        "Data engineering squad, phase 2",
        "A squad of 4 data engineers running by {target}",
        "active",
        45,
        (
            ("Review phase 1 with the IT director", "sales", None, -7, "done", None),
            (
                "Approved vendor list renewal",
                "customer",
                "Procurement",
                3,
                "blocked",
                "Waiting on insurance papers",
            ),
            ("Rate card agreed", "sales", None, 10, "open", None),
            ("Two candidates per role presented", "delivery", "Delivery lead", 20, "open", None),
        ),
    ),
    (
        "Cloud migration contract team",
        "Migration team of 5 on site by {target}",
        "won",
        -10,
        (
            ("Scope call", "sales", None, -40, "done", None),
            ("Profiles presented", "delivery", "Delivery lead", -30, "done", None),
            ("Contract signed", "customer", "IT director", -20, "done", None),
        ),
    ),
)
INTERNAL = "keep internal"


def write_plans(session: Session, *, today: date) -> int:
    """Add the demo plans on the accounts of the first reps' most recent job orders; return how many."""
    jobs = session.execute(
        select(JobOrder.id, JobOrder.account_id, Account.owner_id)
        .join(Account, Account.id == JobOrder.account_id)
        .join(User, User.id == Account.owner_id)
        .where(User.role == "rep")
        .order_by(JobOrder.opened_on.desc(), JobOrder.id)
        .limit(50)
    ).all()
    used: set[int] = set()
    picked = []
    for job_id, account_id, owner_id in jobs:
        if account_id is not None and account_id not in used and owner_id is not None:
            used.add(account_id)
            picked.append((job_id, account_id, owner_id))
    for (title, goal, status, target, steps), (job_id, account_id, owner_id) in zip(
        PLANS, picked, strict=False
    ):
        target_on = today + timedelta(days=target)
        plan = MutualActionPlan(
            account_id=account_id,
            job_order_id=job_id,
            title=title,
            goal=goal.format(target=f"{target_on:%d %B}"),
            target_on=target_on,
            status=status,
            owner_id=owner_id,
            created_by_id=owner_id,
        )
        session.add(plan)
        session.flush()
        for position, (name, side, owner, due, state, note) in enumerate(steps, start=1):
            due_on = today + timedelta(days=due)
            session.add(
                PlanMilestone(
                    plan_id=plan.id,
                    position=position,
                    title=name,
                    side=side,
                    owner_name=owner,
                    owner_id=owner_id if side == "sales" else None,
                    due_on=due_on,
                    status=state,
                    done_on=due_on if state == "done" else None,
                    note=note,
                    note_internal=bool(note and INTERNAL in note),
                )
            )
    return min(len(PLANS), len(picked))
