"""HTML pages (Jinja2 + HTMX). Each noun has its router module; install() mounts them all."""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Mount every HTML router on `app`; the "not built yet" pages last, so a real page always wins."""
    from repfocus.web import dashboard, diagnosis, modules, reps

    app.include_router(dashboard.router)
    app.include_router(reps.router)
    app.include_router(diagnosis.router)
    app.include_router(modules.router)
