"""Account pages: the list (search, status and tier filters, sort, a period, 50 a page, CSV) and one account's
page (details, contacts, time by bucket and rep, latest activities, plans, job orders)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from repfocus.domain.access import Actor
from repfocus.domain.period import PeriodInvalid
from repfocus.domain.taxonomy import ACCOUNT_STATUSES, TIERS
from repfocus.services import account_detail, account_views
from repfocus.web.auth import current_actor
from repfocus.web.params import QueryInvalid, RowId, bad_request, parse_day, query_string
from repfocus.web.spreadsheet import csv_download
from repfocus.web.templating import templates

router = APIRouter()
ACTOR = Depends(current_actor)
SORT_LABELS = {"name": "Name", "minutes": "Minutes", "last_touch": "Last touch"}


def _filters(request: Request) -> dict[str, Any]:
    q = request.query_params
    page = q.get("page", "1")
    if not (page.isdecimal() and 0 < int(page) < 10**9):
        raise QueryInvalid(f"Page: {page!r} is not a page number")
    return {
        "start": parse_day("From", q.get("from")),
        "end": parse_day("To", q.get("to")),
        "search": q.get("q", "")[:200],
        "status": q.get("status") or None,
        "tier": q.get("tier") or None,
        "sort": q.get("sort") or "name",
        "page": int(page),
    }


def _load(request: Request, actor: Actor, f: dict[str, Any], *, paged: bool) -> account_views.AccountPage:
    size = account_views.PAGE_SIZE
    try:
        return account_views.list_accounts(
            request.app.state.db,
            actor=actor,
            start=f["start"],
            end=f["end"],
            search=f["search"],
            status=f["status"],
            tier=f["tier"],
            sort=f["sort"],
            limit=size if paged else None,
            offset=(f["page"] - 1) * size if paged else 0,
        )
    except PeriodInvalid as exc:
        raise QueryInvalid(f"From/To: {exc}") from exc
    except account_views.AccountQueryInvalid as exc:
        raise QueryInvalid(f"{exc.field.capitalize()}: {exc.reason}") from exc


@router.get("/accounts", response_class=HTMLResponse)
def index(request: Request, actor: Actor = ACTOR) -> HTMLResponse:
    """The accounts, 50 a page: ?q= (name or domain), ?status=, ?tier=, ?sort=, ?from=&to=, ?page=."""
    try:
        f = _filters(request)
        found = _load(request, actor, f, paged=True)
    except QueryInvalid as exc:
        return bad_request(request, str(exc))
    period = found.period
    keep = {"q": f["search"], "status": f["status"], "tier": f["tier"]}
    keep |= {"from": period.start.isoformat(), "to": period.end.isoformat()}
    pages = max(1, -(-found.total // account_views.PAGE_SIZE))
    context = {
        "found": found,
        "period": period,
        "filters": f,
        "statuses": ACCOUNT_STATUSES,
        "tiers": TIERS,
        "sorts": SORT_LABELS,
        "pages": pages,
        "sort_href": {key: query_string(**keep, sort=key) for key in SORT_LABELS},
        "page_href": lambda n: query_string(**keep, sort=f["sort"], page=n),
        "period_query": query_string(**{"from": period.start.isoformat(), "to": period.end.isoformat()}),
        "csv_href": "/accounts.csv" + query_string(**keep, sort=f["sort"]),
        "filtered": bool(f["search"] or f["status"] or f["tier"]),
    }
    return templates.TemplateResponse(request, "accounts/index.html", context)


@router.get("/accounts.csv")
def accounts_csv(request: Request, actor: Actor = ACTOR) -> Response:
    """Every account of the list's filters (not only one page), one CSV row each."""
    try:
        found = _load(request, actor, _filters(request), paged=False)
    except QueryInvalid as exc:
        return Response(f"error: {exc}\n", status_code=400, media_type="text/plain")
    rows = (r.as_row() for r in found.rows)
    period = found.period
    return csv_download(f"repfocus-accounts-{period.start}-{period.end}.csv", account_views.CSV_HEADER, rows)


@router.get("/accounts/{account_id}", response_class=HTMLResponse)
def detail(request: Request, account_id: RowId, actor: Actor = ACTOR) -> HTMLResponse:
    """An account's page over ?from=&to= (default: the last 90 days); an unknown id is a 404."""
    q = request.query_params
    try:
        start, end = parse_day("From", q.get("from")), parse_day("To", q.get("to"))
        found = account_detail.account_detail(
            request.app.state.db, actor=actor, account_id=account_id, start=start, end=end
        )
    except QueryInvalid as exc:
        return bad_request(request, str(exc))
    except PeriodInvalid as exc:
        return bad_request(request, f"From/To: {exc}")
    most = max([found.total_minutes, *(r.minutes for r in found.reps)], default=0)
    context = {"a": found, "period": found.period, "most": most or 1}
    return templates.TemplateResponse(request, "accounts/detail.html", context)
