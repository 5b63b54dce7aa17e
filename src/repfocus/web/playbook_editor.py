"""Playbook editor pages: write a new item, edit one (each save is a revision), and the live preview."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from repfocus.domain.access import Actor, can_edit_playbook, require
from repfocus.domain.playbook import (
    ITEM_KINDS,
    MAX_BODY,
    SCENARIOS,
    SERVICE_LINES,
    STAGES,
    ItemDraft,
    PlaybookInvalid,
    slug_of,
)
from repfocus.domain.taxonomy import PERSONAS
from repfocus.services import playbook_items
from repfocus.web.auth import current_actor
from repfocus.web.templating import templates


def editor_actor(actor: Actor = Depends(current_actor)) -> Actor:
    """The signed-in user, when they may edit the playbook (leaders and managers), else 403."""
    require(can_edit_playbook(actor), "the playbook is edited by leaders and managers")
    return actor


router = APIRouter(prefix="/playbook", dependencies=[Depends(editor_actor)])

# Generous bounds: the domain's own limits (title 200, body 20,000 ...) are reported beside the field,
# these only stop absurd requests before they are parsed.
_SHORT, _LONG = 2_000, 4 * MAX_BODY


@dataclass(frozen=True, slots=True)
class ItemForm:
    """The editor's fields as typed; `version` is the version the editor was opened at (edits only)."""

    slug: str
    kind: str
    title: str
    summary: str
    body: str
    stages: list[str]
    personas: list[str]
    service_lines: list[str]
    industries: str
    scenario: str
    subject: str
    version: int | None

    def draft(self, slug: str | None = None) -> ItemDraft:
        return ItemDraft(
            slug=slug if slug is not None else (self.slug.strip() or slug_of(self.title)),
            kind=self.kind,
            title=self.title,
            body=self.body,
            summary=self.summary,
            stages=tuple(self.stages),
            personas=tuple(self.personas),
            industries=tuple(i for i in self.industries.split(",") if i.strip()),
            service_lines=tuple(self.service_lines),
            scenario=self.scenario or None,
            subject=self.subject or None,
        )


def item_form(
    new_slug: str = Form("", alias="slug", max_length=_SHORT),  # named apart from the edit path's {slug}
    kind: str = Form("", max_length=_SHORT),
    title: str = Form("", max_length=_SHORT),
    summary: str = Form("", max_length=_SHORT),
    body: str = Form("", max_length=_LONG),
    stages: list[str] = Form([]),
    personas: list[str] = Form([]),
    service_lines: list[str] = Form([]),
    industries: str = Form("", max_length=_SHORT),
    scenario: str = Form("", max_length=_SHORT),
    subject: str = Form("", max_length=_SHORT),
    version: int | None = Form(None, ge=0, le=2**31),
) -> ItemForm:
    return ItemForm(
        new_slug,
        kind,
        title,
        summary,
        body,
        stages,
        personas,
        service_lines,
        industries,
        scenario,
        subject,
        version,
    )


def _form_of(draft: ItemDraft, version: int | None) -> ItemForm:
    return ItemForm(
        slug=draft.slug,
        kind=draft.kind,
        title=draft.title,
        summary=draft.summary,
        body=draft.body,
        stages=list(draft.stages),
        personas=list(draft.personas),
        service_lines=list(draft.service_lines),
        industries=", ".join(draft.industries),
        scenario=draft.scenario or "",
        subject=draft.subject or "",
        version=version,
    )


def _page(
    request: Request,
    form: ItemForm,
    *,
    item: playbook_items.ItemView | None = None,
    problems: Sequence[tuple[str, str]] = (),
    conflict: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    errors: dict[str, list[str]] = {}
    for name, reason in problems:
        errors.setdefault(name, []).append(reason)
    context: dict[str, Any] = {
        "form": form,
        "item": item,
        "errors": errors,
        "problems": problems,
        "conflict": conflict,
        "kinds": ITEM_KINDS,
        "stages": STAGES,
        "personas": PERSONAS,
        "service_lines": SERVICE_LINES,
        "scenarios": SCENARIOS,
    }
    return templates.TemplateResponse(request, "playbook/edit.html", context, status_code=status)


def _item(request: Request, slug: str) -> playbook_items.ItemView:
    try:
        return playbook_items.get_item(request.app.state.db, slug=slug)
    except playbook_items.PlaybookItemNotFound as exc:
        raise HTTPException(404, str(exc)) from exc


@router.get("/new", response_class=HTMLResponse)
def new_item(request: Request, kind: str = "insight") -> HTMLResponse:
    """An empty editor (the slug may stay empty: it is made from the title)."""
    blank = ItemDraft(slug="", kind=kind if kind in ITEM_KINDS else "insight", title="", body="")
    return _page(request, _form_of(blank, None))


@router.post("/new", response_model=None)
def create_item(
    request: Request, form: ItemForm = Depends(item_form), actor: Actor = Depends(editor_actor)
) -> Response:
    """Create the item and open its page; every broken rule is shown beside its field."""
    draft = form.draft()
    try:
        playbook_items.create_item(request.app.state.db, actor=actor, draft=draft)
    except PlaybookInvalid as exc:
        problems = exc.problems
        if not draft.slug:  # left empty, and the title has no letters or digits to make one from
            made = "could not be made from the title; type one: lowercase words joined by hyphens"
            problems = [(f, made if f == "slug" else r) for f, r in problems]
        return _page(request, replace(form, slug=draft.slug), problems=problems, status=422)
    return RedirectResponse(f"/playbook/items/{draft.slug}", status_code=303)


@router.get("/items/{slug}/edit", response_class=HTMLResponse)
def edit_item(request: Request, slug: str) -> HTMLResponse:
    """The editor filled with the item, its rendered body and its revision history."""
    view = _item(request, slug)
    return _page(request, _form_of(view.draft, view.version), item=view)


@router.post("/items/{slug}/edit", response_model=None)
def save_item(
    request: Request, slug: str, form: ItemForm = Depends(item_form), actor: Actor = Depends(editor_actor)
) -> Response:
    """Save the edit as a new revision; refused (nothing saved) when someone else saved meanwhile."""
    view = _item(request, slug)
    form = replace(form, slug=slug)
    try:
        playbook_items.update_item(
            request.app.state.db,
            actor=actor,
            draft=form.draft(slug),
            base_version=view.version if form.version is None else form.version,
        )
    except PlaybookInvalid as exc:
        return _page(request, form, item=view, problems=exc.problems, status=422)
    except playbook_items.PlaybookEditConflict as exc:
        return _page(request, replace(form, version=exc.version), item=view, conflict=str(exc), status=409)
    except playbook_items.PlaybookItemNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return RedirectResponse(f"/playbook/items/{slug}", status_code=303)


@router.post("/preview", response_class=HTMLResponse)
def preview(request: Request, body: str = Form("", max_length=_LONG)) -> HTMLResponse:
    """The body rendered as it will show on the item page (for HTMX, as the editor types)."""
    context = {"body": body, "too_long": len(body) > MAX_BODY, "max_body": MAX_BODY}
    return templates.TemplateResponse(request, "playbook/_preview.html", context)
