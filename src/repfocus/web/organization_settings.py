"""The organization settings page (/admin, leaders): name, time zone, currency, working week and hours,
per-kind duration defaults and the counting of all-day calendar events. A save is all or nothing: a
broken rule shows the form again (422) with the reason beside each field at fault."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from repfocus.domain.access import Actor
from repfocus.domain.org_settings import KEYS, WEEKDAYS, OrgSettings, time_zones
from repfocus.domain.taxonomy import KINDS
from repfocus.services import audit
from repfocus.services import organization_settings as service
from repfocus.web.auth import leader_actor
from repfocus.web.templating import templates

router = APIRouter(prefix="/admin")
ACTOR = Depends(leader_actor)


def form_of(settings: OrgSettings) -> dict[str, Any]:
    """Return the form's field values for `settings`."""
    return {
        **{k: v for k, v in settings.flat().items() if not k.startswith("duration.")},
        "working_days": list(settings.working_days),
        "working_hours_start": f"{settings.day_start:%H:%M}",
        "working_hours_end": f"{settings.day_end:%H:%M}",
        "count_all_day": "yes" if settings.count_all_day else "no",
        **{f"duration_{k}": str(settings.durations[k]) for k in KINDS},
    }


def changes_of(form: Any) -> dict[str, object]:
    """Return the setting changes ({key: value}) the submitted form describes (fields left out of the
    request are left alone); the service drops those that equal the current values."""
    text = {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}
    out: dict[str, object] = {
        k: text[k] for k in ("name", "time_zone", "currency", "count_all_day", "all_day_hours") if k in text
    }
    if "working_days_shown" in text:  # unticked checkboxes send nothing: the marker says the boxes were there
        out["working_days"] = ",".join(str(d) for d in form.getlist("working_days"))
    if "working_hours_start" in text or "working_hours_end" in text:
        out["working_hours"] = f"{text.get('working_hours_start', '')}-{text.get('working_hours_end', '')}"
    out |= {f"duration.{k}": text[f"duration_{k}"] for k in KINDS if f"duration_{k}" in text}
    return out


def _page(request: Request, actor: Actor, *, status: int = 200, **extra: Any) -> HTMLResponse:
    db = request.app.state.db
    settings = service.read_settings(db, actor=actor)
    context = {
        "settings": settings,
        "form": form_of(settings),
        "problems": {},
        "keys": KEYS,
        "kinds": KINDS,
        "weekdays": WEEKDAYS,
        "time_zones": sorted(time_zones()),
        "history": audit.list_entries(db, actor=actor, action="settings.change", limit=5),
        "saved": None,
        **extra,
    }
    return templates.TemplateResponse(
        request, "organization_settings/index.html", context, status_code=status
    )


@router.get("", response_class=HTMLResponse)
def index(request: Request, saved: str = "", rebuilt: str = "", actor: Actor = ACTOR) -> HTMLResponse:
    """The settings form with the current values, and the latest changes with who made them."""
    message = None
    if saved.isdecimal():
        message = f"Settings saved: {saved} change{'s' if saved != '1' else ''}."
        if rebuilt:
            message += " The time zone changed, so every rollup was rebuilt in the new zone."
    elif saved == "none":
        message = "Nothing changed."
    return _page(request, actor, saved=message)


@router.post("", response_class=HTMLResponse, response_model=None)
async def save(request: Request, actor: Actor = ACTOR) -> Response:
    """Save every changed setting at once; the form again (422) with the reasons beside the fields."""
    form = await request.form()
    try:
        done = service.change_settings(request.app.state.db, actor=actor, changes=changes_of(form))
    except service.SettingsInvalid as exc:
        entered = {k: v for k, v in form.items() if isinstance(v, str)}
        entered["working_days"] = [str(d) for d in form.getlist("working_days")]
        problems = {k.replace(".", "_"): v for k, v in exc.problems.items()}
        return _page(request, actor, status=422, form=entered, problems=problems)
    if not done.changes:
        return RedirectResponse("/admin?saved=none", status_code=303)
    rebuilt = "&rebuilt=1" if done.rollups_rebuilt else ""
    return RedirectResponse(f"/admin?saved={len(done.changes)}{rebuilt}", status_code=303)
