"""The JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json, docs at /api/docs)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import HTMLResponse

# Every operation may answer these besides its own; documented so clients (and schemathesis) know.
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "Malformed request body"},
    401: {"description": "Missing, unknown, expired or revoked API token"},
    403: {"description": "The token's scope or the user's role does not allow this"},
    404: {"description": "Not found, or not visible to this user"},
    413: {"description": "Request body over the upload limit"},
}

# Swagger UI from the vendored swagger-ui-dist files; its start-up code is a file too, so the page
# works offline and under the same no-inline-script CSP as every other page.
DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>RepFocus API</title>
  <link rel="stylesheet" href="/static/vendor/swagger-ui-5.35.0.css">
</head>
<body>
  <div id="swagger-ui" data-openapi-url="/api/v1/openapi.json"></div>
  <script src="/static/vendor/swagger-ui-5.35.0-bundle.js"></script>
  <script src="/static/api-docs.js"></script>
</body>
</html>
"""


def install(app: FastAPI) -> FastAPI:
    """Mount the versioned API on `app`; every router in it needs a bearer token. Return the API app."""
    from repfocus.api import (
        accounts,
        activity_export,
        bullseye,
        coaching,
        competencies,
        diagnosis,
        hiring,
        imports,
        incentives,
        me,
        organization_settings,
        plan_milestones,
        plans,
        playbook,
        recognition,
        reports,
        users,
    )
    from repfocus.api.auth import token_actor

    api = FastAPI(
        title="RepFocus API", version="1", docs_url=None, redoc_url=None, openapi_url="/openapi.json"
    )
    api.state = app.state
    authenticated = APIRouter(dependencies=[Depends(token_actor)], responses=COMMON_RESPONSES)
    routers = (
        reports,
        bullseye,
        diagnosis,
        me,
        imports,
        activity_export,
        playbook,
        users,
        coaching,
        competencies,
        incentives,
        recognition,
        hiring,
        organization_settings,
        plans,
        plan_milestones,
        accounts,
    )
    for module in routers:
        authenticated.include_router(module.router)
    api.include_router(authenticated)
    app.mount("/api/v1", api)

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE)

    return api
