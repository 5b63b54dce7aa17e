"""The composition root: builds the FastAPI app from the web and API routers."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from repfocus.config import Settings, get_settings
from repfocus.store.db import Database

STATIC = Path(__file__).parent / "web" / "static"


def create_app(settings: Settings | None = None, db: Database | None = None) -> FastAPI:
    """Return the RepFocus ASGI app on `db` (default: the configured database)."""
    from repfocus import api, web

    settings = settings or get_settings()
    db = db or Database(settings.database_url)
    app = FastAPI(title="RepFocus", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.db = db
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    web.install(app)
    api.install(app)
    return app
