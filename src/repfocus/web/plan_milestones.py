"""A plan's milestones on its page: add, edit, set the status in place (HTMX: the row and the progress line),
move up or down, delete. A broken rule shows the plan's page again (422) naming the field."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from repfocus.domain.access import Actor
from repfocus.domain.plans import MILESTONE_STATUSES, PlanInvalid
from repfocus.services import plan_milestones, plans
from repfocus.web.params import QueryInvalid, RowId, parse_day
from repfocus.web.plans import ACTOR, detail_page, form_fields, message
from repfocus.web.templating import templates

router = APIRouter()


@router.post("/plans/{plan_id}/milestones", response_class=HTMLResponse, response_model=None)
async def add_milestone(request: Request, plan_id: RowId, actor: Actor = ACTOR) -> Response:
    """Add the milestone on the form at the end of the plan; the page again (422) naming the field."""
    form = form_fields(await request.form())
    try:
        plan_milestones.add_milestone(
            request.app.state.db,
            actor=actor,
            plan_id=plan_id,
            title=form.get("title", ""),
            side=form.get("side", ""),
            due_on=parse_day("Due date", form.get("due_date")),
            owner_name=form.get("owner_name"),
            owner_email=form.get("owner_email"),
            note=form.get("note"),
            note_internal=form.get("note_internal") == "on",
        )
    except QueryInvalid as exc:
        return detail_page(request, actor, plan_id, status=422, milestone_error=str(exc), form=form)
    except PlanInvalid as exc:
        return detail_page(request, actor, plan_id, status=422, milestone_error=message(exc), form=form)
    return RedirectResponse(f"/plans/{plan_id}#milestones", status_code=303)


@router.post("/plans/{plan_id}/milestones/{milestone_id}", response_class=HTMLResponse, response_model=None)
async def edit_milestone(
    request: Request, plan_id: RowId, milestone_id: RowId, actor: Actor = ACTOR
) -> Response:
    """Change a milestone's title, due date, owner name and note from its edit form (audited)."""
    form = form_fields(await request.form())
    try:
        plan_milestones.update_milestone(
            request.app.state.db,
            actor=actor,
            plan_id=plan_id,
            milestone_id=milestone_id,
            title=form.get("title", ""),
            due_on=parse_day("Due date", form.get("due_date")),
            owner_name=form.get("owner_name"),
            note=form.get("note"),
            note_internal=form.get("note_internal") == "on",
        )
    except QueryInvalid as exc:
        return detail_page(request, actor, plan_id, status=422, milestone_error=str(exc))
    except PlanInvalid as exc:
        return detail_page(request, actor, plan_id, status=422, milestone_error=message(exc))
    return RedirectResponse(f"/plans/{plan_id}#milestone-{milestone_id}", status_code=303)


@router.post("/plans/{plan_id}/milestones/{milestone_id}/status", response_model=None)
def milestone_status(
    request: Request,
    plan_id: RowId,
    milestone_id: RowId,
    status: str = Form("", max_length=16),
    actor: Actor = ACTOR,
) -> Response:
    """Set a milestone open, done or blocked: the row again to HTMX, else back to the plan."""
    try:
        row = plan_milestones.update_milestone(
            request.app.state.db, actor=actor, plan_id=plan_id, milestone_id=milestone_id, status=status
        )
    except PlanInvalid as exc:
        return detail_page(request, actor, plan_id, status=422, milestone_error=message(exc))
    if request.headers.get("hx-request"):
        # the row, and the plan's progress line swapped out of band: both change together
        plan = plans.plan_detail(request.app.state.db, actor=actor, plan_id=plan_id).plan
        context = {"m": row, "plan_id": plan_id, "milestone_statuses": MILESTONE_STATUSES, "oob_plan": plan}
        return templates.TemplateResponse(request, "plans/_milestone.html", context)
    return RedirectResponse(f"/plans/{plan_id}#milestone-{milestone_id}", status_code=303)


@router.post("/plans/{plan_id}/milestones/{milestone_id}/move", response_model=None)
def move_milestone(
    request: Request,
    plan_id: RowId,
    milestone_id: RowId,
    to: int = Form(..., ge=1, le=1000),
    actor: Actor = ACTOR,
) -> Response:
    """Move a milestone to another place (the up and down buttons; audited) and go back to the plan."""
    plan_milestones.move_milestone(
        request.app.state.db, actor=actor, plan_id=plan_id, milestone_id=milestone_id, to=to
    )
    return RedirectResponse(f"/plans/{plan_id}#milestone-{milestone_id}", status_code=303)


@router.post("/plans/{plan_id}/milestones/{milestone_id}/delete", response_model=None)
def delete_milestone(request: Request, plan_id: RowId, milestone_id: RowId, actor: Actor = ACTOR) -> Response:
    """Delete a milestone (whoever manages the plan; audited) and go back to the plan."""
    plan_milestones.delete_milestone(
        request.app.state.db, actor=actor, plan_id=plan_id, milestone_id=milestone_id
    )
    return RedirectResponse(f"/plans/{plan_id}#milestones", status_code=303)
