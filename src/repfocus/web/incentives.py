"""Incentive pages: the plans in force, a leader's form to add one (up to 3 rules) or deactivate one, and
the payout table of a period (rep x rule line items, total per rep) with its CSV. A rep sees their own."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from repfocus.domain.access import Actor, can_edit_targets, require
from repfocus.domain.incentives import IncentiveInvalid, describe
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.domain.taxonomy import CATEGORIES
from repfocus.services import incentives, people
from repfocus.web.auth import sales_actor
from repfocus.web.params import QueryInvalid, RowId, bad_request, parse_day, query_string
from repfocus.web.spreadsheet import csv_download
from repfocus.web.templating import templates

router = APIRouter(prefix="/incentives")
ACTOR = Depends(sales_actor)
RULE_ROWS = 3
FROM = Query("", alias="from", max_length=20)
TO = Query("", alias="to", max_length=20)
CSV_HEADER = ["rep_email", "rep_name", "team", "plan", "rule", "category", "count", "rate", "gross", "amount"]
CSV_HEADER += ["capped", "currency"]
LABELS = {"name": "Name", "valid_from": "Valid from", "valid_to": "Valid to", "currency": "Currency"}
LABELS |= {"teams": "Teams", "rules": "Rules", "per_event": "per event", "cap": "cap", "category": "category"}


def _period(request: Request, start: str, end: str) -> Period:
    default = incentives.default_period(request.app.state.db)
    try:
        return Period(parse_day("From", start) or default.start, parse_day("To", end) or default.end)
    except PeriodInvalid as exc:
        raise QueryInvalid(f"To: {exc}") from exc


def _page(
    request: Request, actor: Actor, *, start: str, end: str, team: str, status: int = 200, **extra: Any
) -> HTMLResponse:
    db = request.app.state.db
    try:
        period = _period(request, start, end)
        report = incentives.payouts(db, actor=actor, period=period, team=team or None)
    except QueryInvalid as exc:
        return bad_request(request, str(exc))
    except IncentiveInvalid as exc:
        return bad_request(request, f"Team: {exc.reason}")
    leader = can_edit_targets(actor)
    context = {
        "plans": incentives.list_plans(db, actor=actor, include_inactive=leader),
        "describe": describe,
        "report": report,
        "totals": report.totals(),
        "filters": {"from": start, "to": end, "team": team},
        "csv_href": "/incentives/payouts.csv" + query_string(**{"from": start, "to": end, "team": team}),
        "may_edit": leader,
        "teams": people.visible_teams(db, actor=actor) if actor.role in ("leader", "manager") else [],
        "categories": CATEGORIES,
        "rows": range(RULE_ROWS),
        "form": {},
        "error": None,
        "created": None,
        "selected_teams": [],
        **extra,
    }
    return templates.TemplateResponse(request, "incentives/index.html", context, status_code=status)


@router.get("", response_class=HTMLResponse)
def index(
    request: Request,
    start: str = FROM,
    end: str = TO,
    team: str = "",
    created: int | None = None,
    actor: Actor = ACTOR,
) -> HTMLResponse:
    """The plans and the payout table (?from=&to= local days, default this month; ?team=)."""
    return _page(request, actor, start=start, end=end, team=team, created=created)


def _label(field: str) -> str:
    """Return a service field as the form names it ("rules[1].tiers[0].from" -> "Rule 2 tiers")."""
    if found := re.match(r"^rules\[(\d+)\]\.(\w+)", field):
        return f"Rule {int(found[1]) + 1} {LABELS.get(found[2], found[2].replace('_', ' '))}"
    return LABELS.get(field, field)


def _rule(form: dict[str, str], i: int) -> dict[str, Any] | None:
    """Return rule row `i` of the form as plan data; None when the row is empty."""
    get = lambda name: form.get(f"rule_{name}_{i}", "").strip()  # noqa: E731
    if not get("category") and not get("per_event"):
        return None
    rule: dict[str, Any] = {
        "name": get("name") or None,
        "category": get("category"),
        "per_event": get("per_event"),
    }
    if get("tiers"):
        tiers = []
        for part in get("tiers").split(","):
            start, sep, amount = part.partition(":")
            if not sep:
                raise QueryInvalid(f"Rule {i + 1} tiers: write them as FROM:AMOUNT, e.g. 10:35.00, 20:50.00")
            tiers.append({"from": start.strip(), "amount": amount.strip()})
        rule["tiers"] = tiers
    if get("accel_after") or get("accel_multiplier"):
        rule["accelerator"] = {"after": get("accel_after"), "multiplier": get("accel_multiplier")}
    if get("cap"):
        rule["cap"] = get("cap")
    return {k: v for k, v in rule.items() if v is not None}


@router.post("/plans", response_class=HTMLResponse, response_model=None)
async def add_plan(request: Request, actor: Actor = ACTOR) -> Response:
    """Add the plan on the form (leaders); the page again (422) naming the field and keeping the input."""
    require(can_edit_targets(actor), "only leaders set incentive plans")  # before the form is read
    data = await request.form()
    form = {k: v for k, v in data.items() if isinstance(v, str)}
    teams = [t for t in data.getlist("teams") if isinstance(t, str) and t]
    form_teams = {"selected_teams": teams}
    try:
        rules = [r for i in range(RULE_ROWS) if (r := _rule(form, i)) is not None]
        definition = {k: form.get(k, "") for k in ("name", "valid_from", "valid_to")}
        definition |= {"rules": rules, "teams": teams}
        if form.get("currency", "").strip():
            definition["currency"] = form["currency"]
        made = incentives.create_plan(request.app.state.db, actor=actor, definition=definition)
    except QueryInvalid as exc:
        return _page(
            request, actor, start="", end="", team="", status=422, form=form, error=str(exc), **form_teams
        )
    except IncentiveInvalid as exc:
        error = f"{_label(exc.field)}: {exc.reason}"
        return _page(
            request, actor, start="", end="", team="", status=422, form=form, error=error, **form_teams
        )
    return RedirectResponse(f"/incentives?created={made.id}", status_code=303)


@router.post("/plans/{plan_id}/deactivate", response_model=None)
def deactivate(request: Request, plan_id: RowId, actor: Actor = ACTOR) -> Response:
    """Take a plan out of force (leaders); back to the page."""
    try:
        incentives.deactivate_plan(request.app.state.db, actor=actor, plan_id=plan_id)
    except incentives.IncentiveNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return RedirectResponse("/incentives", status_code=303)


@router.get("/payouts.csv", response_model=None)
def payouts_csv(
    request: Request, start: str = FROM, end: str = TO, team: str = "", actor: Actor = ACTOR
) -> Response:
    """The payout table as CSV: one row per rep, plan and rule (the same filters as the page)."""
    try:
        period = _period(request, start, end)
        report = incentives.payouts(request.app.state.db, actor=actor, period=period, team=team or None)
    except QueryInvalid as exc:
        return bad_request(request, str(exc))
    except IncentiveInvalid as exc:
        return bad_request(request, f"Team: {exc.reason}")
    rows = ([row[h] for h in CSV_HEADER] for row in (line.as_dict() for line in report.lines))
    return csv_download(f"repfocus-payouts-{period.start}-{period.end}.csv", CSV_HEADER, rows)
