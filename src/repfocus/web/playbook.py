"""Playbook pages: the library with search, an item, a template with preview, a persona (the editor is
web/playbook_editor.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from repfocus.domain.access import Actor, can_edit_playbook
from repfocus.domain.playbook import ITEM_KINDS, STAGES
from repfocus.domain.taxonomy import PERSONAS
from repfocus.services import (
    email_templates,
    playbook_items,
    playbook_personas,
    playbook_search,
    playbook_usage,
    reporting,
)
from repfocus.services.template_sandbox import Rendered, TemplateRejected
from repfocus.web.auth import sales_actor
from repfocus.web.templating import templates

# Reading and using the playbook is for everyone who sells or leads sellers (not delivery users).
router = APIRouter(prefix="/playbook", dependencies=[Depends(sales_actor)])


def _one(value: str | None, allowed: tuple[str, ...]) -> list[str]:
    return [value] if value in allowed else []


def _search(
    request: Request, q: str, persona: str | None, stage: str | None, kind: str | None
) -> list[playbook_search.Hit]:
    return playbook_search.search_items(
        request.app.state.db,
        query=q,
        personas=_one(persona, PERSONAS),
        stages=_one(stage, STAGES),
        kind=kind if kind in ITEM_KINDS else None,
        limit=50,
    )


@router.get("", response_class=HTMLResponse)
def library(
    request: Request,
    actor: Actor = Depends(sales_actor),
    q: str = Query("", max_length=500),
    persona: str | None = None,
    stage: str | None = None,
    kind: str | None = None,
) -> HTMLResponse:
    hits = _search(request, q, persona, stage, kind)
    context = {
        "hits": hits,
        "q": q,
        "persona": persona,
        "stage": stage,
        "kind": kind,
        "personas": PERSONAS,
        "stages": STAGES,
        "kinds": ITEM_KINDS,
        "profiles": playbook_personas.list_personas(request.app.state.db),
        "can_edit": can_edit_playbook(actor),
    }
    return templates.TemplateResponse(request, "playbook/index.html", context)


@router.get("/results", response_class=HTMLResponse)
def results(
    request: Request,
    q: str = Query("", max_length=500),
    persona: str | None = None,
    stage: str | None = None,
    kind: str | None = None,
) -> HTMLResponse:
    """The result list alone, for HTMX as the user types."""
    hits = _search(request, q, persona, stage, kind)
    return templates.TemplateResponse(request, "playbook/_results.html", {"hits": hits, "q": q})


@router.get("/items/{slug}", response_class=HTMLResponse)
def item(request: Request, slug: str, actor: Actor = Depends(sales_actor)) -> HTMLResponse:
    """An item with its tags and revisions; a rep's visit counts as a use of the item."""
    try:
        view = playbook_items.get_item(request.app.state.db, slug=slug)
    except playbook_items.PlaybookItemNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    if actor.role == "rep":
        playbook_usage.record_use(request.app.state.db, slug=slug, rep_id=actor.user_id, action="view")
    context = {"item": view, "d": view.draft, "can_edit": can_edit_playbook(actor)}
    return templates.TemplateResponse(request, "playbook/detail.html", context)


@router.post("/items/{slug}/copied", status_code=204)
def copied(request: Request, slug: str, actor: Actor = Depends(sales_actor)) -> Response:
    """Record that the signed-in user copied an item or a rendered template (sent by playbook.js)."""
    try:
        playbook_usage.record_use(request.app.state.db, slug=slug, rep_id=actor.user_id, action="copy")
    except playbook_items.PlaybookItemNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return Response(status_code=204)


@router.get("/templates/{slug}", response_class=HTMLResponse)
def template(
    request: Request,
    slug: str,
    contact: str | None = Query(None, max_length=254),
    sent: int = 0,
    actor: Actor = Depends(sales_actor),
) -> Response:
    """An email template with a preview for the chosen contact and a copy button."""
    db = request.app.state.db
    try:
        view = playbook_items.get_item(db, slug=slug)
    except playbook_items.PlaybookItemNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    if view.draft.kind != "email_template":
        return RedirectResponse(f"/playbook/items/{slug}", status_code=303)
    rendered: Rendered | None = None
    error = None
    if contact:
        try:
            rendered = email_templates.preview(db, contact_email=contact, slug=slug, rep_id=actor.user_id)
        except (TemplateRejected, email_templates.ContactNotFound, email_templates.RepNotFound) as exc:
            error = str(exc)
    contacts = email_templates.contact_choices(db)
    context = {
        "item": view,
        "d": view.draft,
        "contact": contact or "",
        "can_log": actor.role == "rep",
        "can_edit": can_edit_playbook(actor),
        "rendered": rendered,
        "error": error,
        "contacts": contacts,
        "sent": sent,
    }
    return templates.TemplateResponse(request, "playbook/template.html", context)


@router.post("/templates/{slug}/use")
def use_template(
    request: Request,
    slug: str,
    contact: str = Form(..., max_length=254),
    actor: Actor = Depends(sales_actor),
) -> RedirectResponse:
    """Log the templated email as sent by the signed-in user (a prospecting_email activity)."""
    try:
        email_templates.use_template(
            request.app.state.db, slug=slug, contact_email=contact, rep_id=actor.user_id
        )
    except (
        TemplateRejected,
        email_templates.MergeFieldsMissing,
        email_templates.ContactNotFound,
        email_templates.RepNotFound,
        playbook_items.PlaybookItemNotFound,
    ) as exc:
        raise HTTPException(422, str(exc)) from exc
    query = urlencode({"contact": contact, "sent": 1})
    return RedirectResponse(f"/playbook/templates/{slug}?{query}", status_code=303)


@router.get("/next", response_class=HTMLResponse)
def next_best(request: Request, contact: str | None = Query(None, max_length=254)) -> HTMLResponse:
    """The next best items and email template for a contact, each with the reason it was chosen."""
    db = request.app.state.db
    result, error = None, None
    if contact:
        try:
            result = email_templates.next_best(db, contact_email=contact)
        except email_templates.ContactNotFound as exc:
            error = str(exc)
    context = {"contact": contact or "", "result": result, "error": error}
    context["contacts"] = email_templates.contact_choices(db)
    return templates.TemplateResponse(request, "playbook/next.html", context)


@router.get("/usage", response_class=HTMLResponse)
def usage(request: Request, actor: Actor = Depends(sales_actor)) -> HTMLResponse:
    """Playbook use by rep, team and item over the last 13 weeks, for the reps the user may see."""
    db = request.app.state.db
    report = playbook_usage.usage_report(db, actor=actor, period=reporting.default_period(db))
    return templates.TemplateResponse(request, "playbook/usage.html", {"report": report})


@router.get("/personas/{key}", response_class=HTMLResponse)
def persona(request: Request, key: str) -> HTMLResponse:
    try:
        profile, items = playbook_personas.get_persona(request.app.state.db, key=key)
    except playbook_personas.PersonaNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return templates.TemplateResponse(request, "playbook/persona.html", {"p": profile, "items": items})
