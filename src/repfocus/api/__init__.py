"""The JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json, docs at /api/docs)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

# Every operation may answer these besides its own; documented so clients (and schemathesis) know.
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "Malformed request body"},
    401: {"description": "Missing, unknown, expired or revoked API token"},
    403: {"description": "The token's scope or the user's role does not allow this"},
    404: {"description": "Not found, or not visible to this user"},
    413: {"description": "Request body over the upload limit"},
}


def install(app: FastAPI) -> FastAPI:
    """Mount the versioned API on `app`; every router in it needs a bearer token. Return the API app."""
    from repfocus.api import bullseye, imports, me, playbook, reports
    from repfocus.api.auth import token_actor

    api = FastAPI(
        title="RepFocus API", version="1", docs_url=None, redoc_url=None, openapi_url="/openapi.json"
    )
    api.state = app.state
    authenticated = APIRouter(dependencies=[Depends(token_actor)], responses=COMMON_RESPONSES)
    for module in (reports, bullseye, me, imports, playbook):
        authenticated.include_router(module.router)
    api.include_router(authenticated)
    app.mount("/api/v1", api)

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/api/v1/openapi.json", title="RepFocus API")

    return api
