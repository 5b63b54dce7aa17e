"""/api/v1/playbook: search and read items and personas, write items, render and use templates,
next best content and usage — the same services as the pages and the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from repfocus.api.auth import token_actor
from repfocus.api.params import day_query
from repfocus.domain.access import Actor, can_view_sales_data, require
from repfocus.domain.period import Period, PeriodInvalid
from repfocus.domain.playbook import ItemDraft, PlaybookInvalid
from repfocus.services import (
    email_templates,
    playbook_items,
    playbook_personas,
    playbook_search,
    playbook_usage,
    reporting,
)
from repfocus.services.template_sandbox import TemplateRejected


def sales_token_actor(actor: Actor = Depends(token_actor)) -> Actor:
    """The token's actor, when they sell or lead sellers (delivery users have no playbook)."""
    require(can_view_sales_data(actor), "the playbook is for leaders, managers and reps")
    return actor


router = APIRouter(prefix="/playbook", tags=["playbook"], dependencies=[Depends(sales_token_actor)])


class ItemWrite(BaseModel):
    """An item's content; the slug comes from the path."""

    model_config = ConfigDict(strict=True, extra="forbid")

    kind: str
    title: str = Field(max_length=200)
    body: str = Field(max_length=20_000)
    summary: str = Field("", max_length=500)
    stages: list[str] = []
    personas: list[str] = []
    industries: list[str] = []
    service_lines: list[str] = []
    scenario: str | None = None
    subject: str | None = Field(None, max_length=300)


class RenderRequest(BaseModel):
    """Render a stored template (slug) or template text for a contact."""

    model_config = ConfigDict(strict=True, extra="forbid")

    contact_email: str = Field(max_length=254)
    slug: str | None = None
    template: str | None = Field(None, max_length=20_000)
    subject: str = Field("", max_length=300)
    rep_email: str | None = None
    details: dict[str, str] = {}


class UseTemplate(BaseModel):
    """Log a templated email sent by the token's user."""

    model_config = ConfigDict(strict=True, extra="forbid")

    contact_email: str = Field(max_length=254)
    details: dict[str, str] = {}


class UseItem(BaseModel):
    """Record that the token's user viewed or copied an item."""

    model_config = ConfigDict(strict=True, extra="forbid")

    action: Literal["view", "copy"]
    contact_email: str | None = None


class Problem(BaseModel):
    """Why a request was refused: a message, or {"error", ...} naming the rule, or FastAPI's list."""

    detail: str | dict[str, Any] | list[dict[str, Any]]


# Documents both the request-validation 422 and the service's own 422s (rejected template, missing fields).
REFUSED: dict[int | str, dict[str, Any]] = {
    422: {"model": Problem, "description": "Input refused, with the reason"}
}


@contextmanager
def _errors() -> Iterator[None]:
    """Map service errors to HTTP statuses in one place."""
    try:
        yield
    except (playbook_items.PlaybookItemNotFound, playbook_personas.PersonaNotFound) as exc:
        raise HTTPException(404, str(exc)) from exc
    except (email_templates.ContactNotFound, email_templates.RepNotFound) as exc:
        raise HTTPException(422, str(exc)) from exc
    except TemplateRejected as exc:
        raise HTTPException(
            422, {"error": "template_rejected", "reason": exc.reason, "line": exc.line}
        ) from exc
    except email_templates.MergeFieldsMissing as exc:
        raise HTTPException(422, {"error": "merge_fields_missing", "missing": list(exc.missing)}) from exc
    except PlaybookInvalid as exc:
        problems = [{"field": f, "reason": r} for f, r in exc.problems]
        raise HTTPException(422, {"error": "invalid_item", "problems": problems}) from exc


@router.get("/items")
def search(
    request: Request,
    q: str = Query("", max_length=500),
    persona: list[str] = Query([]),
    stage: list[str] = Query([]),
    industry: list[str] = Query([]),
    service_line: list[str] = Query([]),
    kind: str | None = None,
    limit: int = Query(20, ge=1, le=200),
) -> dict[str, Any]:
    """Ranked, highlighted search with filters (highlights are HTML-escaped with <mark>)."""
    hits = playbook_search.search_items(
        request.app.state.db,
        query=q,
        personas=persona,
        stages=stage,
        industries=industry,
        service_lines=service_line,
        kind=kind,
        limit=limit,
    )
    return {"query": q, "results": [h.as_dict() for h in hits]}


@router.get("/items/{slug}")
def show(request: Request, slug: str) -> dict[str, Any]:
    """One item with its revisions."""
    with _errors():
        return playbook_items.get_item(request.app.state.db, slug=slug).as_dict()


@router.put("/items/{slug}", responses=REFUSED)
def upsert(
    request: Request, slug: str, body: ItemWrite, actor: Actor = Depends(token_actor)
) -> dict[str, Any]:
    """Create or update an item (leaders and managers); a revision records who changed what."""
    draft = ItemDraft(
        slug=slug,
        **{
            **body.model_dump(),
            **{k: tuple(getattr(body, k)) for k in ("stages", "personas", "industries", "service_lines")},
        },
    )
    with _errors():
        playbook_items.upsert_item(request.app.state.db, actor=actor, draft=draft)
        return playbook_items.get_item(request.app.state.db, slug=slug).as_dict()


@router.post("/items/{slug}/uses", status_code=201, responses=REFUSED)
def record_use(
    request: Request, slug: str, body: UseItem, actor: Actor = Depends(token_actor)
) -> dict[str, str]:
    """Record that a rep viewed or copied an item."""
    with _errors():
        contact_id = None
        if body.contact_email:
            contact_id = email_templates.contact_id(request.app.state.db, email=body.contact_email)
        playbook_usage.record_use(
            request.app.state.db, slug=slug, rep_id=actor.user_id, action=body.action, contact_id=contact_id
        )
    return {"status": "recorded"}


@router.get("/personas")
def personas(request: Request) -> dict[str, Any]:
    return {"personas": [p.as_dict() for p in playbook_personas.list_personas(request.app.state.db)]}


@router.get("/personas/{key}")
def persona(request: Request, key: str) -> dict[str, Any]:
    """A persona profile and the items written for it."""
    with _errors():
        profile, items = playbook_personas.get_persona(request.app.state.db, key=key)
    return {**profile.as_dict(), "items": [h.as_dict() for h in items]}


@router.post("/render", responses=REFUSED)
def render(request: Request, body: RenderRequest) -> dict[str, Any]:
    """Preview a template for a contact in the sandbox; missing merge fields are listed."""
    if (body.slug is None) == (body.template is None):
        raise HTTPException(422, "give either slug or template")
    with _errors():
        rendered = email_templates.preview(
            request.app.state.db,
            contact_email=body.contact_email,
            slug=body.slug,
            source=body.template,
            subject=body.subject,
            rep_email=body.rep_email,
            details=body.details,
        )
    return rendered.as_dict()


@router.post("/templates/{slug}/use", status_code=201, responses=REFUSED)
def use(
    request: Request, slug: str, body: UseTemplate, actor: Actor = Depends(token_actor)
) -> dict[str, Any]:
    """Render and log a templated email (a prospecting_email activity and a playbook use)."""
    with _errors():
        rendered = email_templates.use_template(
            request.app.state.db,
            slug=slug,
            contact_email=body.contact_email,
            rep_id=actor.user_id,
            details=body.details,
        )
    return rendered.as_dict()


@router.get("/next-best", responses=REFUSED)
def next_best(request: Request, contact: str = Query(..., max_length=254)) -> dict[str, Any]:
    """The next best items and template for a contact, with reasons."""
    with _errors():
        return email_templates.next_best(request.app.state.db, contact_email=contact).as_dict()


@router.get("/usage", responses=REFUSED)
def usage(
    request: Request,
    actor: Actor = Depends(token_actor),
    team: str | None = None,
    date_from: date | None = day_query("from", "First day."),
    date_to: date | None = day_query("to", "Last day."),
) -> dict[str, Any]:
    """Playbook use by rep, team and item, with content share before and after adoption."""
    db = request.app.state.db
    default = reporting.default_period(db)
    try:
        end = date_to or default.end
        period = Period(date_from or Period.last_weeks(13, today=end).start, end)
    except PeriodInvalid as exc:
        raise HTTPException(422, str(exc)) from exc
    return playbook_usage.usage_report(db, actor=actor, period=period, team=team).as_dict()
