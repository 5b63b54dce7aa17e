"""Mutual action plan pages: the plans an actor sees (filters, progress bars, CSV), the new-plan form, and a
plan's page with its milestones (changed by web/plan_milestones.py) and, for whoever manages the plan, its
edit form and share links (web/plan_shares.py). A broken rule shows the form again (422)."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from repfocus.domain.access import Actor
from repfocus.domain.plans import MILESTONE_STATUSES, SIDES, STATUSES, PlanInvalid
from repfocus.services import plan_edits, plans
from repfocus.web.auth import current_actor
from repfocus.web.params import QueryInvalid, RowId, bad_request, parse_day, query_string
from repfocus.web.templating import templates

router = APIRouter()
ACTOR = Depends(current_actor)
FIELD_LABELS = {
    "title": "Title",
    "goal": "Goal",
    "target_date": "Target date",
    "status": "Status",
    "account": "Account",
    "job_order": "Job order",
    "owner": "Owner",
    "side": "Side",
    "due": "Due date",
    "done_on": "Done date",
    "owner_name": "Owner name",
    "owner_email": "Owner user",
    "note": "Note",
    "milestones": "Milestones",
    "expires": "Expires",
}


def message(exc: PlanInvalid) -> str:
    """Return a rule broken as the form's words ("Due date: give the day it is due")."""
    return f"{FIELD_LABELS.get(exc.field, exc.field)}: {exc.reason}"


def _filters(status: str, account: str, overdue: str) -> tuple[str | None, int | None, bool]:
    if status and status not in STATUSES:
        raise QueryInvalid(f"Status: {status!r} is not a plan status; use one of {', '.join(STATUSES)}")
    if account and not (account.isdecimal() and 0 < int(account) < 2**63):
        raise QueryInvalid(f"Account: {account!r} is not an account id")
    return status or None, int(account) if account else None, overdue in ("1", "true", "on")


@router.get("/plans", response_class=HTMLResponse)
def index(
    request: Request,
    status: str = Query("", max_length=16),
    account: str = Query("", max_length=20),
    overdue: str = Query("", max_length=5),
    actor: Actor = ACTOR,
) -> HTMLResponse:
    """The plans the actor sees, newest first, with a progress bar each; ?status=, ?account=, ?overdue=1."""
    try:
        wanted, account_id, late = _filters(status, account, overdue)
    except QueryInvalid as exc:
        return bad_request(request, str(exc))
    db = request.app.state.db
    found = plans.list_plans(db, actor=actor, status=wanted, account_id=account_id, overdue_only=late)
    accounts = sorted(
        {(p.account_id, p.account_name) for p in plans.list_plans(db, actor=actor)}, key=lambda a: a[1]
    )
    context = {
        "plans": found,
        "statuses": STATUSES,
        "accounts": accounts,
        "filters": {"status": status, "account": account, "overdue": late},
        "csv_link": "/plans.csv"
        + query_string(status=status, account=account, overdue="1" if late else None),
        "may_create": actor.role != "delivery",
    }
    return templates.TemplateResponse(request, "plans/index.html", context)


@router.get("/plans.csv", response_class=Response)
def plans_csv(
    request: Request,
    status: str = Query("", max_length=16),
    account: str = Query("", max_length=20),
    overdue: str = Query("", max_length=5),
    actor: Actor = ACTOR,
) -> Response:
    """The same plans as the list, one CSV row each with its progress."""
    try:
        wanted, account_id, late = _filters(status, account, overdue)
    except QueryInvalid as exc:
        return bad_request(request, str(exc))
    found = plans.list_plans(
        request.app.state.db, actor=actor, status=wanted, account_id=account_id, overdue_only=late
    )
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(plans.CSV_HEADER)
    writer.writerows(p.as_row() for p in found)
    headers = {"Content-Disposition": 'attachment; filename="plans.csv"'}
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


def _new_form(
    request: Request, actor: Actor, form: dict[str, str], *, status: int = 200, **extra: Any
) -> HTMLResponse:
    db = request.app.state.db
    accounts, owners = plan_edits.account_choices(db), plan_edits.owner_choices(db, actor=actor)
    account_id = int(form["account_id"]) if form.get("account_id", "").isdecimal() else None
    context = {
        "accounts": accounts,
        "owners": owners,
        "job_orders": plan_edits.job_orders_of(request.app.state.db, account_id=account_id),
        "statuses": STATUSES,
        "form": form,
        "actor": actor,
        "error": None,
        **extra,
    }
    return templates.TemplateResponse(request, "plans/new.html", context, status_code=status)


@router.get("/plans/new", response_class=HTMLResponse)
def new(request: Request, account_id: str = Query("", max_length=20), actor: Actor = ACTOR) -> HTMLResponse:
    """The form for a new plan; ?account_id= preselects the account and lists its job orders."""
    plan_edits.require_may_create(actor)
    return _new_form(request, actor, {"account_id": account_id})


def form_fields(data: Any) -> dict[str, str]:
    """Return a submitted form's text fields."""
    return {k: v for k, v in data.items() if isinstance(v, str)}


def _optional_id(label: str, value: str | None) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdecimal() or not 0 < int(value) < 2**63:
        raise QueryInvalid(f"{label}: {value!r} is not an id")
    return int(value)


@router.post("/plans", response_class=HTMLResponse, response_model=None)
async def create(request: Request, actor: Actor = ACTOR) -> Response:
    """Create the plan on the form and open it; the form again (422) naming the field at fault."""
    form = form_fields(await request.form())
    try:
        made = plan_edits.create_plan(
            request.app.state.db,
            actor=actor,
            title=form.get("title", ""),
            account_id=_optional_id("Account", form.get("account_id")),
            job_order_id=_optional_id("Job order", form.get("job_order_id")),
            goal=form.get("goal"),
            target_on=parse_day("Target date", form.get("target_date")),
            status=form.get("status") or "draft",
            owner_email=form.get("owner_email"),
        )
    except QueryInvalid as exc:
        return _new_form(request, actor, form, status=422, error=str(exc))
    except PlanInvalid as exc:
        if exc.field == "account" and not form.get("account_id"):
            exc = PlanInvalid("account", "choose the account the plan is for")
        return _new_form(request, actor, form, status=422, error=message(exc))
    return RedirectResponse(f"/plans/{made.id}", status_code=303)


def detail_page(
    request: Request, actor: Actor, plan_id: int, *, status: int = 200, **extra: Any
) -> HTMLResponse:
    """Return a plan's page (with `extra` in its context: an error, a form, a new share link)."""
    db = request.app.state.db
    found = plans.plan_detail(db, actor=actor, plan_id=plan_id)
    context = {
        "owners": plan_edits.owner_choices(db, actor=actor) if found.plan.may_manage else [],
        "d": found,
        "p": found.plan,
        "statuses": STATUSES,
        "milestone_statuses": MILESTONE_STATUSES,
        "sides": SIDES if found.plan.may_manage else ("delivery",),
        "may_add": found.plan.may_manage or actor.role == "delivery",
        "error": None,
        "milestone_error": None,
        "share_error": None,
        "new_share": None,
        "form": {},
        **extra,
    }
    return templates.TemplateResponse(request, "plans/detail.html", context, status_code=status)


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
def detail(request: Request, plan_id: RowId, actor: Actor = ACTOR) -> HTMLResponse:
    """A plan: its goal and progress, milestones in order, and the forms the actor may use."""
    return detail_page(request, actor, plan_id)


@router.post("/plans/{plan_id}", response_class=HTMLResponse, response_model=None)
async def update(request: Request, plan_id: RowId, actor: Actor = ACTOR) -> Response:
    """Change the plan's title, goal, target date, status and owner from the edit form (audited)."""
    form = form_fields(await request.form())
    try:
        plan_edits.update_plan(
            request.app.state.db,
            actor=actor,
            plan_id=plan_id,
            title=form.get("title"),
            goal=form.get("goal", ""),
            target_on=parse_day("Target date", form.get("target_date")),
            status=form.get("status"),
            owner_email=form.get("owner_email"),
        )
    except QueryInvalid as exc:
        return detail_page(request, actor, plan_id, status=422, error=str(exc))
    except PlanInvalid as exc:
        return detail_page(request, actor, plan_id, status=422, error=message(exc))
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)
