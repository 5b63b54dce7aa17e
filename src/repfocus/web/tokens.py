"""The API tokens page: make a token (shown once), list and revoke them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from repfocus.domain.access import SCOPES, Actor
from repfocus.services import tokens
from repfocus.web.auth import current_actor
from repfocus.web.params import RowId
from repfocus.web.templating import templates

router = APIRouter()


def _page(request: Request, actor: Actor, status: int = 200, **extra: Any) -> HTMLResponse:
    rows = tokens.list_tokens(request.app.state.db, by=actor)
    context = {"tokens": rows, "scopes": SCOPES, "new": None, "error": None, **extra}
    return templates.TemplateResponse(request, "tokens/index.html", context, status_code=status)


@router.get("/tokens", response_class=HTMLResponse)
def token_list(request: Request, actor: Actor = Depends(current_actor)) -> HTMLResponse:
    return _page(request, actor)


@router.post("/tokens", response_class=HTMLResponse)
def token_create(
    request: Request,
    scope: str = Form("read", max_length=8),
    name: str = Form("", max_length=120),
    expires_days: str = Form("90", max_length=6),
    actor: Actor = Depends(current_actor),
) -> HTMLResponse:
    days: int | None = None
    if expires_days.strip():
        if not expires_days.strip().isdecimal():
            return _page(request, actor, 422, error="expires: give a number of days, or leave it empty")
        days = int(expires_days)
    try:
        new = tokens.create_token(
            request.app.state.db, email=actor.email, scope=scope, expires_days=days, name=name, by=actor
        )
    except tokens.TokenInvalid as exc:
        return _page(request, actor, 422, error=str(exc))
    return _page(request, actor, 201, new=new)


@router.post("/tokens/{token_id}/revoke")
def token_revoke(
    request: Request, token_id: RowId, actor: Actor = Depends(current_actor)
) -> RedirectResponse:
    tokens.revoke_token(request.app.state.db, token_id=token_id, by=actor)
    return RedirectResponse("/tokens", status_code=303)
