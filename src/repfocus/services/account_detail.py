"""One account's page: its details and contacts, the time the visible reps spent on it in a period by
category and by rep, their latest activities, its plans and its job orders with their submittals and
placements (the narrowing of activity to visible reps: services/account_views.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from repfocus.analytics.persistence import utc_bounds
from repfocus.domain.access import Actor, can_view_accounts, require
from repfocus.domain.period import Period
from repfocus.domain.taxonomy import BUCKET_NAMES, bucket_of
from repfocus.services.account_views import AccountNotFound, account_period, activity_scope, owner_clause
from repfocus.services.plans import PlanView, plan_views, today_in_org, visible_plans
from repfocus.store.activities import org_zone
from repfocus.store.db import Database
from repfocus.store.models import (
    Account,
    Activity,
    Contact,
    JobOrder,
    MutualActionPlan,
    Placement,
    Submittal,
    User,
)

RECENT = 20


@dataclass(frozen=True, slots=True)
class ContactLine:
    id: int
    name: str
    title: str | None
    email: str | None
    persona: str


@dataclass(frozen=True, slots=True)
class RepTime:
    """Minutes and activities of one rep on the account in the period."""

    rep_id: int
    name: str
    email: str
    minutes: int
    activities: int


@dataclass(frozen=True, slots=True)
class ActivityLine:
    id: int
    started_at: datetime  # in the organization's time zone
    rep: str
    kind: str
    subject: str
    category: str | None
    minutes: int
    contact: str | None


@dataclass(frozen=True, slots=True)
class JobOrderLine:
    id: int
    title: str
    status: str
    job_type: str
    opened_on: date
    submittals: int
    placements: int


@dataclass(frozen=True, slots=True)
class AccountDetail:
    """An account's page. categories: {category: (minutes, activities)}; buckets: {bucket: minutes}."""

    id: int
    name: str
    domain: str | None
    status: str
    tier: str
    tech_tags: list[str]
    industry: str | None
    source: str | None
    external_id: str | None
    period: Period
    scope: str
    contacts: list[ContactLine]
    categories: dict[str, tuple[int, int]]
    buckets: dict[str, int]
    reps: list[RepTime]
    activities: list[ActivityLine]
    plans: list[PlanView]
    job_orders: list[JobOrderLine]

    @property
    def total_minutes(self) -> int:
        """Return the minutes of the visible reps on the account in the period."""
        return sum(self.buckets.values())

    def bucket_rows(self) -> list[tuple[str, int, list[tuple[str, int, int]]]]:
        """Return the buckets with time, each with its categories' (category, minutes, activities)."""
        return [
            (
                bucket,
                minutes,
                [(c, m, n) for c, (m, n) in sorted(self.categories.items()) if m and bucket_of(c) == bucket],
            )
            for bucket, minutes in self.buckets.items()
            if minutes
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "domain": self.domain,
            "status": self.status,
            "tier": self.tier,
            "tech_tags": self.tech_tags,
            "industry": self.industry,
            "source": self.source,
            "external_id": self.external_id,
            "period": self.period.as_dict(),
            "activity_scope": self.scope,
            "total_minutes": self.total_minutes,
            "contacts": [
                {"id": c.id, "name": c.name, "title": c.title, "email": c.email, "persona": c.persona}
                for c in self.contacts
            ],
            "minutes_by_bucket": self.buckets,
            "minutes_by_category": {k: m for k, (m, _n) in sorted(self.categories.items())},
            "minutes_by_rep": [
                {"email": r.email, "name": r.name, "minutes": r.minutes, "activities": r.activities}
                for r in self.reps
            ],
            "plans": [p.as_dict() for p in self.plans],
            "job_orders": [
                {
                    "id": j.id,
                    "title": j.title,
                    "status": j.status,
                    "job_type": j.job_type,
                    "opened_on": j.opened_on.isoformat(),
                    "submittals": j.submittals,
                    "placements": j.placements,
                }
                for j in self.job_orders
            ],
        }


def account_detail(
    db: Database, *, actor: Actor | None, account_id: int, start: date | None = None, end: date | None = None
) -> AccountDetail:
    """Return an account with its contacts, the time the visible reps spent on it in the period by category
    and by rep, their last RECENT activities up to the period's end, its visible plans and job orders."""
    if actor is not None:
        require(can_view_accounts(actor), "accounts are for signed-in users")
    with db.read_session() as session:
        account = session.get(Account, account_id)
        if account is None:
            raise AccountNotFound(f"no account with id {account_id}")
        period = account_period(session, start, end)
        lo, hi = utc_bounds(session, period)
        mine = (Activity.account_id == account_id, owner_clause(actor, Activity.rep_id))
        spent = func.sum(Activity.duration_minutes)
        window = (*mine, Activity.started_at >= lo, Activity.started_at < hi)
        categories = {
            category or "unclassified": (int(m), int(n))
            for category, m, n in session.execute(
                select(Activity.category, spent, func.count()).where(*window).group_by(Activity.category)
            )
        }
        reps = [
            RepTime(rep_id, name, email, int(m), int(n))
            for rep_id, name, email, m, n in session.execute(
                select(User.id, User.name, User.email, spent, func.count())
                .join(User, User.id == Activity.rep_id)
                .where(*window)
                .group_by(User.id, User.name, User.email)
                .order_by(spent.desc(), User.name)
            )
        ]
        return AccountDetail(
            id=account.id,
            name=account.name,
            domain=account.domain,
            status=account.status,
            tier=account.tier,
            tech_tags=list(account.tech_tags or ()),
            industry=account.industry,
            source=account.source,
            external_id=account.external_id,
            period=period,
            scope=activity_scope(actor),
            contacts=_contacts(session, account_id),
            categories=categories,
            buckets=_buckets(categories),
            reps=reps,
            activities=_recent(session, mine, hi, org_zone(session)),
            plans=plan_views(
                session,
                actor,
                visible_plans(
                    select(MutualActionPlan.id)
                    .join(User, User.id == MutualActionPlan.owner_id)
                    .where(MutualActionPlan.account_id == account_id),
                    actor,
                ),
                today_in_org(session),
            ),
            job_orders=_job_orders(session, actor, account_id),
        )


def _buckets(categories: dict[str, tuple[int, int]]) -> dict[str, int]:
    minutes = dict.fromkeys(BUCKET_NAMES, 0)
    for category, (m, _n) in categories.items():
        minutes[bucket_of(category)] += m
    return minutes


def _contacts(session: Session, account_id: int) -> list[ContactLine]:
    rows = session.execute(
        select(Contact.id, Contact.name, Contact.title, Contact.email, Contact.persona)
        .where(Contact.account_id == account_id)
        .order_by(func.lower(Contact.name), Contact.id)
    )
    return [ContactLine(*row) for row in rows]


def _recent(
    session: Session, mine: tuple[ColumnElement[bool], ...], hi: datetime, zone: ZoneInfo
) -> list[ActivityLine]:
    rows = session.execute(
        select(Activity.id, Activity.started_at, User.name, Activity.kind, Activity.subject)
        .add_columns(Activity.category, Activity.duration_minutes, Contact.name)
        .join(User, User.id == Activity.rep_id)
        .outerjoin(Contact, Contact.id == Activity.contact_id)
        .where(*mine, Activity.started_at < hi)
        .order_by(Activity.started_at.desc(), Activity.id.desc())
        .limit(RECENT)
    )
    return [ActivityLine(aid, at.astimezone(zone), *rest) for aid, at, *rest in rows]


def _job_orders(session: Session, actor: Actor | None, account_id: int) -> list[JobOrderLine]:
    submittals = select(func.count()).where(Submittal.job_order_id == JobOrder.id).scalar_subquery()
    placements = select(func.count()).where(Placement.job_order_id == JobOrder.id).scalar_subquery()
    rows = session.execute(
        select(JobOrder.id, JobOrder.title, JobOrder.status, JobOrder.job_type, JobOrder.opened_on)
        .add_columns(submittals, placements)
        .where(
            JobOrder.account_id == account_id, owner_clause(actor, JobOrder.rep_id, delivery_sees_all=True)
        )
        .order_by(JobOrder.opened_on.desc(), JobOrder.id.desc())
    )
    return [JobOrderLine(*row) for row in rows]
