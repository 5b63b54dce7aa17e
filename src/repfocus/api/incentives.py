"""/api/v1/incentives: incentive plans and their payouts — the same service as the pages and the CLI.
Leaders write plans; managers read them; reps read the plans that apply to them and their own payout."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from repfocus.api.auth import token_actor
from repfocus.api.params import RowId, day_query, invalid_field
from repfocus.domain.access import Actor
from repfocus.domain.incentives import MAX_RULES, MAX_TIERS
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.services import incentives

router = APIRouter(prefix="/incentives", tags=["incentives"])
ACTOR = Depends(token_actor)
AMOUNT = 'A decimal amount as a string with at most 2 decimals, e.g. "25.00"'


class TierIn(BaseModel):
    """From the event after the `from`th on, each event pays `amount` (marginal, like tax brackets)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: int = Field(alias="from", ge=1, le=1_000_000)
    amount: Decimal = Field(description=AMOUNT, ge=0)


class AcceleratorIn(BaseModel):
    """Every event past the `after`th pays its rate times `multiplier`."""

    model_config = ConfigDict(extra="forbid")

    after: int = Field(ge=0, le=1_000_000)
    multiplier: Decimal = Field(gt=1, le=10)


class RuleIn(BaseModel):
    """What one measured behaviour pays: each activity of `category` in the period."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, max_length=120, description="Default: the category")
    category: str = Field(max_length=40, description="An activity category, e.g. prospect_meeting")
    per_event: Decimal = Field(description=AMOUNT, ge=0)
    tiers: list[TierIn] = Field(default_factory=list, max_length=MAX_TIERS)
    accelerator: AcceleratorIn | None = None
    cap: Decimal | None = Field(None, ge=0, description="At most this much per rule and period")


class PlanCreate(BaseModel):
    """A plan: its window (inclusive local days), currency, rules, and the teams it applies to."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    valid_from: date
    valid_to: date
    currency: str | None = Field(None, max_length=3, description="Default: the organization's")
    teams: list[str] = Field(default_factory=list, max_length=100, description="None: every rep")
    rules: list[RuleIn] = Field(min_length=1, max_length=MAX_RULES)


class PlanRead(BaseModel):
    id: int
    name: str
    valid_from: date
    valid_to: date
    currency: str
    teams: list[str]
    active: bool
    rules: list[dict[str, object]]


class PayoutLineRead(BaseModel):
    rep_email: str
    rep_name: str
    team: str | None
    plan_id: int
    plan: str
    rule: str
    category: str
    count: int = Field(description="Events counted in the days of the period inside the plan's window")
    rate: str = Field(description='The bands paid, e.g. "10 × 25.00 + 3 × 35.00"')
    gross: str = Field(description="Before the cap")
    amount: str
    capped: bool
    currency: str


class TotalRead(BaseModel):
    rep_email: str
    currency: str
    amount: str


class PayoutsRead(BaseModel):
    period: dict[str, str]
    lines: list[PayoutLineRead]
    totals: list[TotalRead]


@contextmanager
def _errors(where: str) -> Iterator[None]:
    """A rule broken: 422 with `loc` naming the field (rules[1].tiers[0].from -> rules, 1, tiers, 0, from)."""
    try:
        yield
    except incentives.IncentiveNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    except incentives.IncentiveInvalid as exc:
        raise invalid_field(where, exc.field, str(exc)) from exc


@router.get("/plans")
def list_plans(
    request: Request,
    inactive: bool = Query(False, description="Also the deactivated plans"),
    actor: Actor = ACTOR,
) -> list[PlanRead]:
    """The plans the token's user may read (a rep: those that apply to them), newest window first."""
    found = incentives.list_plans(request.app.state.db, actor=actor, include_inactive=inactive)
    return [PlanRead.model_validate(p.as_dict()) for p in found]


@router.post("/plans", status_code=201, responses={422: {"description": "A field breaks a rule"}})
def add_plan(request: Request, body: PlanCreate, actor: Actor = ACTOR) -> PlanRead:
    """Create a plan (leaders only); checked like a TOML plan file; audited."""
    definition = body.model_dump(mode="json", by_alias=True, exclude_none=True)
    with _errors("body"):
        made = incentives.create_plan(request.app.state.db, actor=actor, definition=definition)
    return PlanRead.model_validate(made.as_dict())


@router.put("/plans/{plan_id}", responses={422: {"description": "A field breaks a rule"}})
def replace_plan(request: Request, plan_id: RowId, body: PlanCreate, actor: Actor = ACTOR) -> PlanRead:
    """Replace a plan's name, window, currency, teams and rules (leaders only); audited."""
    definition = body.model_dump(mode="json", by_alias=True, exclude_none=True)
    with _errors("body"):
        made = incentives.update_plan(
            request.app.state.db, actor=actor, plan_id=plan_id, definition=definition
        )
    return PlanRead.model_validate(made.as_dict())


@router.post("/plans/{plan_id}/deactivate")
def deactivate_plan(request: Request, plan_id: RowId, actor: Actor = ACTOR) -> PlanRead:
    """Take a plan out of force: it pays nothing any more and stays readable (leaders only); audited."""
    with _errors("body"):
        made = incentives.deactivate_plan(request.app.state.db, actor=actor, plan_id=plan_id)
    return PlanRead.model_validate(made.as_dict())


@router.get("/payouts")
def payouts(
    request: Request,
    date_from: date | None = day_query("from", "First day (default: this month's first)"),
    date_to: date | None = day_query("to", "Last day (default: this month's last)"),
    team: str | None = Query(None, max_length=120, description="Only the reps of this team"),
    actor: Actor = ACTOR,
) -> PayoutsRead:
    """Payout line items per rep, plan and rule for the period, with totals per rep and currency: a rep
    their own, a manager their teams', a leader everyone."""
    db = request.app.state.db
    default = incentives.default_period(db)
    try:
        period = Period(date_from or default.start, date_to or default.end)
    except PeriodInvalid as exc:
        raise invalid_field("query", "to", str(exc)) from exc
    with _errors("query"):
        report = incentives.payouts(db, actor=actor, period=period, team=team)
    return PayoutsRead.model_validate(report.as_dict())
