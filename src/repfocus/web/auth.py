"""Signing in and out of the pages, and the dependencies that say who is asking.

How a page route is protected (web.install already adds sign-in and CSRF to every router in PAGES):
    @router.get("/reps/{rep_id}")
    def rep_page(request: Request, rep_id: int, actor: Actor = Depends(current_actor)): ...
        -> call the service with actor=actor; the service raises AccessDenied / NotFound.
    Leaders only: `actor: Actor = Depends(leader_actor)`;
    other roles: `Depends(require_role("leader", "manager"))`.
Forms include {{ csrf_input(request) }}; HTMX requests carry the header set on <body> by base.html.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from repfocus.domain.access import AccessDenied, Actor, SignInRequired
from repfocus.services import signin, users
from repfocus.web.templating import templates

router = APIRouter()


def _max_age(request: Request) -> int:
    return int(request.app.state.settings.session_max_age_hours) * 3600


def current_actor(request: Request) -> Actor:
    """Return the signed-in Actor; raise SignInRequired (a redirect to /login) when nobody is."""
    cached = getattr(request.state, "actor", None)
    if isinstance(cached, Actor):
        return cached
    session = request.session
    uid, stamp, since = session.get("uid"), session.get("stamp"), session.get("at")
    if not isinstance(uid, int) or not isinstance(stamp, str) or not isinstance(since, int | float):
        raise SignInRequired("sign in to continue")
    if time.time() - since > _max_age(request):
        session.clear()
        raise SignInRequired("your session expired; sign in again")
    actor = users.actor_for_session(request.app.state.db, user_id=uid, stamp=stamp)
    if actor is None:
        session.clear()
        raise SignInRequired("sign in to continue")
    request.state.actor = actor
    return actor


def require_role(*roles: str) -> Callable[..., Actor]:
    """Return a dependency that yields the Actor when their role is one of `roles`, else 403."""

    def dependency(actor: Actor = Depends(current_actor)) -> Actor:
        if actor.role not in roles:
            raise AccessDenied(f"this page is for {' and '.join(roles)} users")
        return actor

    return dependency


leader_actor = require_role("leader")
sales_actor = require_role("leader", "manager", "rep")  # everyone who sees activity and reports


def _safe_next(target: str | None) -> str:
    """Return `target` when it is a path on this site, else '/' (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _form(request: Request, *, email: str = "", error: str | None = None, status: int = 200) -> HTMLResponse:
    nxt = _safe_next(request.query_params.get("next"))
    return templates.TemplateResponse(
        request,
        "auth/login.html",
        {"email": email, "error": error, "next": nxt},
        status_code=status,
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return _form(request)


@router.post("/login", response_model=None)
def login(
    request: Request,
    email: str = Form("", max_length=254),
    password: str = Form("", max_length=256),
    next_path: str = Form("/", alias="next", max_length=2000),
) -> Response:
    ip = request.client.host if request.client else None
    try:
        signed = signin.sign_in(request.app.state.db, email=email, password=password, ip=ip)
    except signin.SignInLocked as exc:
        return _form(request, email=email, error=str(exc), status=429)
    except signin.SignInFailed as exc:
        return _form(request, email=email, error=str(exc), status=401)
    request.session.clear()  # a fresh session (and CSRF token) on every sign-in: no session fixation
    request.session.update({"uid": signed.actor.user_id, "stamp": signed.stamp, "at": int(time.time())})
    return RedirectResponse(_safe_next(next_path), status_code=303)


@router.post("/logout")
def logout(request: Request) -> RedirectResponse:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


def sign_in_redirect(request: Request) -> Response:
    """Return the reply to an anonymous page request: a redirect to /login that comes back here."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    location = "/login?next=" + quote(target, safe="/")
    if request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": location})
    return RedirectResponse(location, status_code=303)
