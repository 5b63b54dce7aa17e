"""The JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json, docs at /api/docs)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse


def install(app: FastAPI) -> None:
    """Mount the versioned API on `app`."""
    from repfocus.api import diagnosis, reports

    api = FastAPI(
        title="RepFocus API", version="1", docs_url=None, redoc_url=None, openapi_url="/openapi.json"
    )
    api.state = app.state
    api.include_router(reports.router)
    api.include_router(diagnosis.router)
    app.mount("/api/v1", api)

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/api/v1/openapi.json", title="RepFocus API")
