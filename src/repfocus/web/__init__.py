"""HTML pages (Jinja2 + HTMX). Each noun has its router module; install() mounts them all.

Every router listed in install() under `signed_in` requires a signed-in user (anonymous visitors are
sent to /login) and every state-changing request on any page router must carry the CSRF token.
A new page module goes into the `signed_in` tuple, and its routes into tests/e2e/test_role_matrix.py.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI


def install(app: FastAPI) -> None:
    """Mount every HTML router on `app`: the sign-in page is public, everything else needs a user."""
    from repfocus.web import (
        accounts,
        activity_export,
        audit,
        auth,
        coaching,
        competencies,
        dashboard,
        diagnosis,
        hiring,
        imports,
        incentives,
        measures,
        organization_settings,
        people,
        plan_milestones,
        plan_shares,
        plans,
        playbook,
        playbook_editor,
        recognition,
        reps,
        targets,
        tokens,
    )
    from repfocus.web.csrf import verify_csrf

    public = APIRouter(dependencies=[Depends(verify_csrf)])
    public.include_router(auth.router)
    public.include_router(plan_shares.public_router)  # the customer's page: a share link, no sign-in
    signed_in = APIRouter(dependencies=[Depends(verify_csrf), Depends(auth.current_actor)])
    pages = (
        dashboard,
        activity_export,
        reps,
        measures,
        targets,
        diagnosis,
        imports,
        playbook,
        playbook_editor,
        tokens,
        audit,
        people,
        coaching,
        recognition,
        competencies,
        incentives,
        hiring,
        organization_settings,
        plans,
        plan_milestones,
        plan_shares,
        accounts,
    )
    for module in pages:
        signed_in.include_router(module.router)
    app.include_router(public)
    app.include_router(signed_in)
