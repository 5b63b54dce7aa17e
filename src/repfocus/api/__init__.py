"""The JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json, docs at /api/docs)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse


def install(app: FastAPI) -> None:
    """Mount the versioned API on `app`."""
    from repfocus.api import bullseye, diagnosis, reports

    api = FastAPI(
        title="RepFocus API", version="1", docs_url=None, redoc_url=None, openapi_url="/openapi.json"
    )
    api.state = app.state
    api.include_router(reports.router)
    api.include_router(bullseye.router)
    api.include_router(diagnosis.router)
    _map_errors(api)
    app.mount("/api/v1", api)

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/api/v1/openapi.json", title="RepFocus API")


def _map_errors(api: FastAPI) -> None:
    """Domain errors to HTTP status, in one place: rule broken 422, unknown record 404."""
    from repfocus.domain.bullseye import BullseyeInvalid
    from repfocus.domain.targets import TargetInvalid
    from repfocus.services.accounts import RecordNotFound
    from repfocus.services.activity_edits import ActivityEditInvalid
    from repfocus.services.targets import TargetScopeUnknown

    def handler(status: int) -> Any:
        def handle(_request: Request, exc: Exception) -> JSONResponse:
            return JSONResponse({"detail": str(exc).strip("'\"")}, status_code=status)

        return handle

    for invalid in (BullseyeInvalid, TargetInvalid, ActivityEditInvalid):
        api.add_exception_handler(invalid, handler(422))
    for missing in (RecordNotFound, TargetScopeUnknown):
        api.add_exception_handler(missing, handler(404))
