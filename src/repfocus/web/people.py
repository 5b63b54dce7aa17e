"""The People page: who signs in, with role, team and status (leaders change them; managers read their
teams), its CSV export, and one person's page with the changes a leader makes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from repfocus.domain.access import ROLES, Actor, can_manage_users
from repfocus.services import people, users
from repfocus.web.auth import current_actor
from repfocus.web.params import RowId, query_string
from repfocus.web.spreadsheet import csv_download
from repfocus.web.templating import templates

router = APIRouter()

TeamQuery = Query("", max_length=120)
RoleQuery = Query("", max_length=16)
CSV_HEADER = ["id", "name", "email", "role", "team", "status", "created_at", "last_signed_in_at"]


def _list_page(
    request: Request,
    actor: Actor,
    *,
    team: str = "",
    role: str = "",
    status: int = 200,
    **extra: Any,
) -> HTMLResponse:
    data = people.list_people(request.app.state.db, actor=actor, team=team or None, role=role or None)
    context = {
        "data": data,
        "roles": ROLES,
        "filters": {"team": team, "role": role},
        "csv_href": "/people.csv" + query_string(team=team, role=role),
        "added": None,
        "error": None,
        "form": {},
        **extra,
    }
    return templates.TemplateResponse(request, "people/index.html", context, status_code=status)


@router.get("/people", response_class=HTMLResponse)
def people_list(
    request: Request, team: str = TeamQuery, role: str = RoleQuery, actor: Actor = Depends(current_actor)
) -> HTMLResponse:
    return _list_page(request, actor, team=team, role=role)


@router.get("/people.csv")
def people_csv(
    request: Request, team: str = TeamQuery, role: str = RoleQuery, actor: Actor = Depends(current_actor)
) -> Response:
    data = people.list_people(request.app.state.db, actor=actor, team=team or None, role=role or None)
    rows = ([row[h] for h in CSV_HEADER] for row in (p.as_dict() for p in data.people))
    return csv_download("repfocus-people.csv", CSV_HEADER, rows)


@router.post("/people", response_class=HTMLResponse)
def person_add(
    request: Request,
    email: str = Form("", max_length=254),
    name: str = Form("", max_length=200),
    role: str = Form("rep", max_length=16),
    team: str = Form("", max_length=120),
    password: str = Form("", max_length=256),
    actor: Actor = Depends(current_actor),
) -> HTMLResponse:
    form = {"email": email, "name": name, "role": role, "team": team}
    try:
        added = users.add_user(
            request.app.state.db,
            email=email,
            role=role,
            password=password or None,
            name=name.strip() or None,
            team=team.strip() or None,
            by=actor,
        )
    except users.UserInvalid as exc:
        return _list_page(request, actor, status=422, error=str(exc), form=form)
    return _list_page(request, actor, status=201, added=added)


def _person_page(
    request: Request, actor: Actor, person: people.Person, *, status: int = 200, **extra: Any
) -> HTMLResponse:
    """The person's page; to an HTMX request only its card, and always 200 so that HTMX swaps it in."""
    context = {
        "person": person,
        "roles": ROLES,
        "can_edit": can_manage_users(actor),
        "teams": people.visible_teams(request.app.state.db, actor=actor),
        "error": None,
        "notice": None,
        "new_password": None,
        **extra,
    }
    if request.headers.get("hx-request"):
        return templates.TemplateResponse(request, "people/_person.html", context)
    return templates.TemplateResponse(request, "people/detail.html", context, status_code=status)


@router.get("/people/{user_id}", response_class=HTMLResponse)
def person_detail(request: Request, user_id: RowId, actor: Actor = Depends(current_actor)) -> HTMLResponse:
    person = people.get_person(request.app.state.db, actor=actor, user_id=user_id)
    return _person_page(request, actor, person)


def _change(request: Request, actor: Actor, user_id: int, notice: str, **change: Any) -> HTMLResponse:
    db = request.app.state.db
    try:
        person, password = people.update_person(db, by=actor, user_id=user_id, **change)
    except users.UserInvalid as exc:
        person = people.get_person(db, actor=actor, user_id=user_id)
        return _person_page(request, actor, person, status=422, error=str(exc))
    return _person_page(request, actor, person, notice=None if password else notice, new_password=password)


@router.post("/people/{user_id}", response_class=HTMLResponse)
def person_change(
    request: Request,
    user_id: RowId,
    role: str = Form(..., max_length=16),
    team: str = Form("", max_length=120),
    actor: Actor = Depends(current_actor),
) -> HTMLResponse:
    return _change(request, actor, user_id, "Role and team saved.", role=role, team=team)


@router.post("/people/{user_id}/active", response_class=HTMLResponse)
def person_active(
    request: Request, user_id: RowId, active: bool = Form(...), actor: Actor = Depends(current_actor)
) -> HTMLResponse:
    notice = (
        "Reactivated: they can sign in again." if active else "Deactivated: their sessions and tokens end."
    )
    return _change(request, actor, user_id, notice, active=active)


@router.post("/people/{user_id}/password", response_class=HTMLResponse)
def person_password(request: Request, user_id: RowId, actor: Actor = Depends(current_actor)) -> HTMLResponse:
    return _change(request, actor, user_id, "", reset_password=True)
