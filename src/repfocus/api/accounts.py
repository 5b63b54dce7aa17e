"""/api/v1/accounts: the account list and one account, the same services as the pages.

Every signed-in role reads accounts (shared company data); minutes and activities count only the reps the
token's user may see (leaders all, managers their teams' and their own, reps their own, delivery none)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from repfocus.api.auth import token_actor
from repfocus.api.params import RowId, day_query, invalid_field
from repfocus.api.plans import PlanRead
from repfocus.domain.access import Actor
from repfocus.domain.period import PeriodInvalid
from repfocus.domain.taxonomy import ACCOUNT_STATUSES, TIERS
from repfocus.services import account_detail, account_views

router = APIRouter(prefix="/accounts", tags=["accounts"])
ACTOR = Depends(token_actor)
SCOPE = "Whose activity the numbers count: all, teams (your teams' reps and you), self, or none (delivery)."


class PeriodRead(BaseModel):
    from_: date = Field(alias="from")
    to: date


class AccountRead(BaseModel):
    id: int
    name: str
    domain: str | None
    status: str
    tier: str
    minutes: int = Field(description="Minutes of activity in the period")
    activities: int = Field(description="Activities in the period")
    last_touch: datetime | None = Field(description="The latest activity up to the period's end")
    open_plans: int = Field(description="Draft or active plans the user may see")


class AccountPage(BaseModel):
    items: list[AccountRead]
    total: int = Field(description="Accounts matching the filters, on every page")
    limit: int
    offset: int
    period: PeriodRead
    activity_scope: str = Field(description=SCOPE)


class ContactRead(BaseModel):
    id: int
    name: str
    title: str | None
    email: str | None
    persona: str


class RepMinutesRead(BaseModel):
    email: str
    name: str
    minutes: int
    activities: int


class JobOrderRead(BaseModel):
    id: int
    title: str
    status: str
    job_type: str
    opened_on: date
    submittals: int
    placements: int


class AccountDetailRead(BaseModel):
    id: int
    name: str
    domain: str | None
    status: str
    tier: str
    tech_tags: list[str]
    industry: str | None
    source: str | None
    external_id: str | None
    period: PeriodRead
    activity_scope: str = Field(description=SCOPE)
    total_minutes: int
    contacts: list[ContactRead]
    minutes_by_bucket: dict[str, int]
    minutes_by_category: dict[str, int]
    minutes_by_rep: list[RepMinutesRead]
    plans: list[PlanRead]
    job_orders: list[JobOrderRead]


def _period_error(exc: PeriodInvalid) -> Exception:
    return invalid_field("query", "to", str(exc))


@router.get("")
def list_accounts(
    request: Request,
    q: str = Query("", max_length=200, description="Part of the name or domain, any case"),
    status: str | None = Query(None, max_length=16, description=f"One of {', '.join(ACCOUNT_STATUSES)}"),
    tier: str | None = Query(None, max_length=3, description=f"One of {', '.join(TIERS)}"),
    sort: Literal["name", "minutes", "last_touch"] = Query("name"),
    date_from: date | None = day_query("from", "First local day (default: 89 days before `to`)."),
    date_to: date | None = day_query("to", "Last local day (default: today)."),
    limit: int = Query(account_views.PAGE_SIZE, ge=1, le=500),
    offset: int = Query(0, ge=0, le=2**31),
    actor: Actor = ACTOR,
) -> AccountPage:
    """The accounts matching the filters, `limit` from `offset`, with their time in the period."""
    try:
        found = account_views.list_accounts(
            request.app.state.db,
            actor=actor,
            start=date_from,
            end=date_to,
            search=q,
            status=status,
            tier=tier,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    except PeriodInvalid as exc:
        raise _period_error(exc) from exc
    except account_views.AccountQueryInvalid as exc:
        raise invalid_field("query", exc.field, exc.reason) from exc
    return AccountPage.model_validate(found.as_dict())


@router.get("/{account_id}")
def get_account(
    request: Request,
    account_id: RowId,
    date_from: date | None = day_query("from", "First local day (default: 89 days before `to`)."),
    date_to: date | None = day_query("to", "Last local day (default: today)."),
    actor: Actor = ACTOR,
) -> AccountDetailRead:
    """One account: details, contacts, minutes by bucket, category and rep in the period, plans, jobs."""
    try:
        found = account_detail.account_detail(
            request.app.state.db, actor=actor, account_id=account_id, start=date_from, end=date_to
        )
    except PeriodInvalid as exc:
        raise _period_error(exc) from exc
    return AccountDetailRead.model_validate(found.as_dict())
