"""The account list: each account's minutes, activities and last touch in a period, and its open plans (one
account's page: services/account_detail.py).

Rollups carry no account, so time on an account is one GROUP BY over the raw activities within the period's
UTC bounds, narrowed to the reps the actor may see: leaders every rep, managers their teams' reps and
themselves, reps themselves, delivery users nobody (they see the account, its contacts and its plans).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final

from sqlalchemy import ColumnElement, case, false, func, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from repfocus.analytics.persistence import utc_bounds
from repfocus.domain.access import Actor, NotFound, can_view_accounts, require, visible_rep_filter
from repfocus.domain.period import Period
from repfocus.domain.taxonomy import ACCOUNT_STATUSES, TIERS
from repfocus.services.plans import today_in_org, visible_plans
from repfocus.store.db import Database
from repfocus.store.models import Account, Activity, MutualActionPlan, User

SORTS: Final = ("name", "minutes", "last_touch")
PAGE_SIZE: Final = 50
DEFAULT_DAYS: Final = 90
OPEN_PLAN_STATUSES: Final = ("draft", "active")
CSV_HEADER: Final = (
    "id",
    "name",
    "domain",
    "status",
    "tier",
    "minutes",
    "activities",
    "last_touch",
    "open_plans",
)


class AccountNotFound(NotFound):
    """No account has this id (HTTP 404)."""


class AccountQueryInvalid(ValueError):
    """A filter of the account list cannot be used; `field` names it."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True, slots=True)
class AccountRow:
    """One account in the list: its minutes and activities in the period, last touch up to its end."""

    id: int
    name: str
    domain: str | None
    status: str
    tier: str
    minutes: int
    activities: int
    last_touch: datetime | None
    open_plans: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "domain": self.domain,
            "status": self.status,
            "tier": self.tier,
            "minutes": self.minutes,
            "activities": self.activities,
            "last_touch": self.last_touch.isoformat() if self.last_touch else None,
            "open_plans": self.open_plans,
        }

    def as_row(self) -> list[Any]:
        """Return the account as a CSV row under CSV_HEADER."""
        return list(self.as_dict().values())


@dataclass(frozen=True, slots=True)
class AccountPage:
    """One page of the list; `scope` says whose activity the numbers count (see activity_scope)."""

    rows: list[AccountRow]
    total: int
    limit: int | None
    offset: int
    period: Period
    scope: str

    def as_dict(self) -> dict[str, Any]:
        """Return {"items", "total", "limit", "offset", "period": {"from", "to"}, "activity_scope"}."""
        return {
            "items": [r.as_dict() for r in self.rows],
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "period": self.period.as_dict(),
            "activity_scope": self.scope,
        }


def account_period(session: Session, start: date | None, end: date | None) -> Period:
    """Return [start, end]: by default the last DEFAULT_DAYS days up to today in the organization's zone."""
    to_day = end or today_in_org(session)
    return Period(start or to_day - timedelta(days=DEFAULT_DAYS - 1), to_day)


def activity_scope(actor: Actor | None) -> str:
    """Return whose activity the actor sees on accounts: 'all', 'teams' (their teams' reps and
    themself), 'self' or 'none' (delivery users)."""
    return "all" if actor is None else visible_rep_filter(actor)[0]


def owner_clause(
    actor: Actor | None, column: InstrumentedAttribute[int], *, delivery_sees_all: bool = False
) -> ColumnElement[bool]:
    """Return a condition narrowing rows owned by the rep in `column` to those the actor may see."""
    mode = activity_scope(actor)
    if mode == "all" or (mode == "none" and delivery_sees_all):
        return true()
    assert actor is not None
    if mode == "teams":
        team_reps = select(User.id).where(User.team_id.in_(sorted(actor.team_ids)))
        return or_(column == actor.user_id, column.in_(team_reps))
    if mode == "self":
        return column == actor.user_id
    return false()


def _check(status: str | None, tier: str | None, sort: str) -> None:
    if status and status not in ACCOUNT_STATUSES:
        raise AccountQueryInvalid("status", f"{status!r} is not one of {', '.join(ACCOUNT_STATUSES)}")
    if tier and tier not in TIERS:
        raise AccountQueryInvalid("tier", f"{tier!r} is not one of {', '.join(TIERS)}")
    if sort not in SORTS:
        raise AccountQueryInvalid("sort", f"{sort!r} is not one of {', '.join(SORTS)}")


def list_accounts(
    db: Database,
    *,
    actor: Actor | None,
    start: date | None = None,
    end: date | None = None,
    search: str = "",
    status: str | None = None,
    tier: str | None = None,
    sort: str = "name",
    limit: int | None = PAGE_SIZE,
    offset: int = 0,
) -> AccountPage:
    """Return the accounts whose name or domain holds `search` (any case), of one status and tier when
    given, sorted by name, minutes (most first) or last touch (latest first, never-touched last), `limit` of
    them (None: all) from `offset`; minutes and activities count the period, last touch any time up to its
    end, open plans the visible ones."""
    if actor is not None:
        require(can_view_accounts(actor), "accounts are for signed-in users")
    _check(status, tier, sort)
    with db.read_session() as session:
        period = account_period(session, start, end)
        lo, hi = utc_bounds(session, period)
        in_period = Activity.started_at >= lo
        touches = (
            select(
                Activity.account_id.label("account_id"),
                func.sum(case((in_period, Activity.duration_minutes), else_=0)).label("minutes"),
                func.sum(case((in_period, 1), else_=0)).label("n"),
                func.max(Activity.started_at).label("last"),
            )
            # No "account_id IS NOT NULL" (rows without an account make one group that joins no account):
            # it would let SQLite read through the partial account index, fetching every row by id in
            # account order (3.1 s at a million activities) instead of one pass and a sort (0.3 s).
            .where(
                Activity.started_at < hi,
                owner_clause(actor, Activity.rep_id),
            )
            .group_by(Activity.account_id)
            .subquery()
        )
        open_plans = (
            visible_plans(
                select(MutualActionPlan.account_id, func.count().label("n"))
                .join(User, User.id == MutualActionPlan.owner_id)
                .where(MutualActionPlan.status.in_(OPEN_PLAN_STATUSES)),
                actor,
            )
            .group_by(MutualActionPlan.account_id)
            .subquery()
        )
        wanted = []
        # PostgreSQL text cannot hold NUL, and no name or domain contains one
        if needle := search.replace("\x00", "").strip().lower():
            wanted.append(
                or_(
                    func.lower(Account.name).contains(needle, autoescape=True),
                    func.lower(func.coalesce(Account.domain, "")).contains(needle, autoescape=True),
                )
            )
        if status:
            wanted.append(Account.status == status)
        if tier:
            wanted.append(Account.tier == tier)
        total = session.scalar(select(func.count()).select_from(Account).where(*wanted)) or 0
        minutes = func.coalesce(touches.c.minutes, 0)
        by_name = (func.lower(Account.name), Account.id)
        order = {
            "name": by_name,
            "minutes": (minutes.desc(), *by_name),
            "last_touch": (touches.c.last.is_(None), touches.c.last.desc(), *by_name),
        }[sort]
        rows = session.execute(
            select(Account.id, Account.name, Account.domain, Account.status, Account.tier)
            .add_columns(minutes, func.coalesce(touches.c.n, 0), touches.c.last)
            .add_columns(func.coalesce(open_plans.c.n, 0))
            .outerjoin(touches, touches.c.account_id == Account.id)
            .outerjoin(open_plans, open_plans.c.account_id == Account.id)
            .where(*wanted)
            .order_by(*order)
            .limit(limit)
            .offset(offset)
        ).all()
    found = [
        AccountRow(aid, name, domain, st, tr, int(m), int(n), last, int(p))
        for aid, name, domain, st, tr, m, n, last, p in rows
    ]
    return AccountPage(found, total, limit, offset, period, activity_scope(actor))
