"""The composition root: builds the FastAPI app from the web and API routers, its middleware and
the one mapping from service errors to HTTP statuses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from repfocus.config import Settings, get_settings
from repfocus.domain.access import AccessDenied, NotFound, SignInRequired
from repfocus.domain.bullseye import BullseyeInvalid
from repfocus.domain.coaching import CoachingInvalid
from repfocus.domain.competencies import CompetencyInvalid
from repfocus.domain.plans import PlanInvalid
from repfocus.domain.targets import TargetInvalid
from repfocus.domain.uploads import UploadRejected
from repfocus.services.account_views import AccountQueryInvalid
from repfocus.services.activity_edits import ActivityEditInvalid
from repfocus.services.activity_export import ExportFilterInvalid
from repfocus.services.coaching import CoachingNotFound
from repfocus.services.signin import session_secret
from repfocus.services.tokens import ScopeMissing, TokenInvalid, TokenRejected
from repfocus.services.users import UserInvalid
from repfocus.store.db import Database

STATIC = Path(__file__).parent / "web" / "static"

# The one place service errors become HTTP statuses (pages and API alike).
STATUS: dict[type[Exception], int] = {
    SignInRequired: 401,
    TokenRejected: 401,
    AccessDenied: 403,
    ScopeMissing: 403,
    NotFound: 404,
    CoachingNotFound: 404,
    UserInvalid: 422,
    TokenInvalid: 422,
    UploadRejected: 415,
    BullseyeInvalid: 422,
    TargetInvalid: 422,
    CoachingInvalid: 422,
    PlanInvalid: 422,
    CompetencyInvalid: 422,
    ExportFilterInvalid: 422,
    AccountQueryInvalid: 422,
    ActivityEditInvalid: 422,  # or the status the exception carries (413 too large, 422 empty)
}


def create_app(settings: Settings | None = None, db: Database | None = None) -> FastAPI:
    """Return the RepFocus ASGI app on `db` (default: the configured database)."""
    from repfocus import api, web
    from repfocus.web.csrf import CsrfRejected
    from repfocus.web.security import BodyLimit, PublicRateLimit, SecurityHeaders
    from repfocus.web.sessions import SessionMiddleware

    settings = settings or get_settings()
    db = db or Database(settings.database_url)
    app = FastAPI(title="RepFocus", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.db = db
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    web.install(app)
    api_app = api.install(app)
    _install_page_errors(app, {**STATUS, CsrfRejected: 403})
    _install_api_errors(api_app, STATUS)
    app.add_middleware(
        SessionMiddleware,
        secret=lambda: session_secret(db, configured=settings.secret_key),
        max_age_seconds=settings.session_max_age_hours * 3600,
    )
    app.add_middleware(BodyLimit, limit_mb=settings.upload_max_mb)
    app.add_middleware(PublicRateLimit, per_minute=settings.public_requests_per_minute)
    app.add_middleware(SecurityHeaders)
    return app


def _install_api_errors(api_app: FastAPI, status: dict[type[Exception], int]) -> None:
    def handler(code: int) -> Callable[[Request, Any], Any]:
        async def reply(_request: Request, exc: Exception) -> Response:
            headers = {"WWW-Authenticate": "Bearer"} if code == 401 else None
            status = int(getattr(exc, "status", code))
            if status == 422:  # the shape FastAPI documents for every 422: a list of located errors
                located = [{"loc": ["body"], "msg": str(exc), "type": "value_error"}]
                return JSONResponse({"detail": located}, status_code=422)
            return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)

        return reply

    for exc_type, code in status.items():
        api_app.add_exception_handler(exc_type, handler(code))


def _install_page_errors(app: FastAPI, status: dict[type[Exception], int]) -> None:
    from repfocus.web.auth import sign_in_redirect
    from repfocus.web.templating import templates

    def page(request: Request, code: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=code)
        return templates.TemplateResponse(
            request, "error.html", {"status": code, "message": message}, status_code=code
        )

    def handler(code: int) -> Callable[[Request, Any], Any]:
        async def reply(request: Request, exc: Exception) -> Response:
            if isinstance(exc, SignInRequired):
                return sign_in_redirect(request)
            return page(request, int(getattr(exc, "status", code)), str(exc))

        return reply

    for exc_type, code in status.items():
        app.add_exception_handler(exc_type, handler(code))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        message = str(exc.detail) if exc.status_code != 404 else "There is no such page."
        reply = page(request, exc.status_code, message)
        for name, value in (exc.headers or {}).items():
            reply.headers[name] = value
        return reply

    async def bad_input(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'input'}: {e.get('msg')}"
            for e in exc.errors()
        )
        return page(request, 422, f"Some input was not valid: {problems}")

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, bad_input)
