"""Share links: created and revoked on a plan's page by whoever manages it (the link is shown once), and the
customer's page at /shared/plans/{token}, which needs no sign-in, shows that plan alone, is not indexed, and
lets the customer mark their own milestones done. A dead or unknown link is a 404 that does not say which."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from repfocus.domain.access import Actor
from repfocus.domain.plans import PlanInvalid
from repfocus.services import plan_shares
from repfocus.web.auth import current_actor
from repfocus.web.params import QueryInvalid, RowId, parse_day
from repfocus.web.plans import detail_page, message
from repfocus.web.templating import templates

router = APIRouter()
public_router = APIRouter()
ACTOR = Depends(current_actor)
Token = Path(min_length=1, max_length=100)
NOINDEX = {"X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer"}


@router.post("/plans/{plan_id}/shares", response_class=HTMLResponse, response_model=None)
async def create(request: Request, plan_id: RowId, actor: Actor = ACTOR) -> Response:
    """Create a share link and show the plan's page with the link, this once (201)."""
    form = await request.form()
    expires = form.get("expires")
    try:
        made = plan_shares.create_share(
            request.app.state.db,
            actor=actor,
            plan_id=plan_id,
            expires_on=parse_day("Expires", expires if isinstance(expires, str) else None),
        )
    except QueryInvalid as exc:
        return detail_page(request, actor, plan_id, status=422, share_error=str(exc))
    except PlanInvalid as exc:
        return detail_page(request, actor, plan_id, status=422, share_error=message(exc))
    link = str(request.base_url).rstrip("/") + made.path
    return detail_page(request, actor, plan_id, status=201, new_share={"id": made.id, "link": link})


@router.post("/plans/{plan_id}/shares/{share_id}/revoke", response_model=None)
def revoke(request: Request, plan_id: RowId, share_id: RowId, actor: Actor = ACTOR) -> Response:
    """Revoke a share link at once (audited) and go back to the plan."""
    plan_shares.revoke_share(request.app.state.db, actor=actor, plan_id=plan_id, share_id=share_id)
    return RedirectResponse(f"/plans/{plan_id}#shares", status_code=303)


def _shared(request: Request, token: str, *, marked: bool = False, error: str | None = None) -> HTMLResponse:
    try:
        plan = plan_shares.shared_plan(request.app.state.db, token=token)
    except plan_shares.ShareNotFound as exc:
        raise HTTPException(404, "There is no such page.", headers=NOINDEX) from exc
    context = {"plan": plan, "token": token, "marked": marked, "error": error}
    status = 422 if error else 200
    return templates.TemplateResponse(
        request, "plans/shared.html", context, status_code=status, headers=NOINDEX
    )


@public_router.get("/shared/plans/{token}", response_class=HTMLResponse)
def shared(request: Request, token: str = Token, marked: str = "") -> HTMLResponse:
    """The customer's view of one plan: title, goal, progress and milestones (no internal notes)."""
    return _shared(request, token, marked=marked == "1")


@public_router.post("/shared/plans/{token}/milestones/{milestone_id}/done", response_model=None)
def customer_done(request: Request, milestone_id: RowId, token: str = Token) -> Response:
    """The customer marks one of their own milestones done (audited as the customer via the share link)."""
    try:
        plan_shares.customer_marks_done(request.app.state.db, token=token, milestone_id=milestone_id)
    except plan_shares.ShareNotFound as exc:
        raise HTTPException(404, "There is no such page.", headers=NOINDEX) from exc
    except PlanInvalid as exc:
        return _shared(request, token, error=exc.reason)
    return RedirectResponse(f"{plan_shares.SHARE_PATH}{token}?marked=1", status_code=303, headers=NOINDEX)
