"""The bullseye editor and the targets form (/targets). Leaders change them; everyone in sales reads them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from repfocus.domain.access import Actor
from repfocus.domain.bullseye import CRITERIA, BullseyeInvalid
from repfocus.domain.targets import TargetInvalid, parse_assignment
from repfocus.domain.taxonomy import JOB_TYPES, PERSONAS
from repfocus.services import bullseye as bullseye_service
from repfocus.services import targets as target_service
from repfocus.web.auth import sales_actor
from repfocus.web.templating import templates

router = APIRouter(prefix="/targets")


def _page(request: Request, actor: Actor, *, error: str | None = None, status: int = 200) -> HTMLResponse:
    db = request.app.state.db
    context = {
        "state": bullseye_service.get_bullseye(db, actor=actor),
        "history": bullseye_service.bullseye_history(db, actor=actor)[:10],
        "teams": target_service.show_targets(db, actor=actor),
        "criteria": CRITERIA,
        "personas": PERSONAS,
        "job_types": JOB_TYPES,
        "can_edit": actor.role == "leader",
        "error": error,
    }
    return templates.TemplateResponse(request, "targets/index.html", context, status_code=status)


@router.get("", response_class=HTMLResponse)
def index(request: Request, actor: Actor = Depends(sales_actor)) -> HTMLResponse:
    return _page(request, actor)


def bullseye_from_form(form: Any) -> dict[str, Any]:
    """Return the bullseye definition the editor's form fields describe (validated by the service)."""

    def number(name: str, default: float) -> float:
        raw = str(form.get(name) or "").strip()
        try:
            return float(raw) if raw else default
        except ValueError as exc:
            raise BullseyeInvalid(f"{name}: {raw!r} is not a number") from exc

    criteria = {}
    for name in CRITERIA:
        values = [v.strip() for v in str(form.get(f"{name}_values") or "").replace("\n", ",").split(",")]
        if any(values):
            criteria[name] = {"values": [v for v in values if v], "weight": number(f"{name}_weight", 1.0)}
    return {
        "criteria": criteria,
        "thresholds": {t: number(f"threshold_{t}", d) for t, d in (("A", 0.75), ("B", 0.5), ("C", 0.25))},
        "target_personas": form.getlist("target_personas"),
        "avoid_personas": form.getlist("avoid_personas"),
        "placement_mix": {
            j: number(f"mix_{j}", 0) / 100 for j in JOB_TYPES if str(form.get(f"mix_{j}") or "").strip()
        },
    }


@router.post("/bullseye", response_class=HTMLResponse)
async def save_bullseye(request: Request, actor: Actor = Depends(sales_actor)) -> Response:
    form = await request.form()
    try:
        bullseye_service.save_bullseye(
            request.app.state.db,
            definition=bullseye_from_form(form),
            actor=actor,
            note=str(form.get("note") or ""),
        )
    except BullseyeInvalid as exc:
        return _page(request, actor, error=f"Bullseye not saved — {exc}", status=422)
    return RedirectResponse("/targets?saved=bullseye", status_code=303)


@router.post("/set", response_class=HTMLResponse)
async def set_targets(request: Request, actor: Actor = Depends(sales_actor)) -> Response:
    form = await request.form()
    team = str(form.get("team") or "") or None
    rep = str(form.get("rep") or "").strip() or None
    assignment = str(form.get("assignment") or "").strip()
    try:
        if assignment.endswith("="):  # METRIC.KEY= with no value clears it
            metric, _, key = assignment[:-1].partition(".")
            target_service.set_targets(
                request.app.state.db, actor=actor, team=team, rep_email=rep, clear=[(metric, key)]
            )
        else:
            value = parse_assignment(assignment)
            target_service.set_targets(
                request.app.state.db, actor=actor, team=team, rep_email=rep, values=[value]
            )
    except (TargetInvalid, target_service.TargetScopeUnknown) as exc:
        return _page(request, actor, error=f"Target not saved — {str(exc).strip(chr(39))}", status=422)
    return RedirectResponse("/targets?saved=targets", status_code=303)
