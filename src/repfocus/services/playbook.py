"""Playbook use cases: save items (with tags and a revision), show, search, personas, record uses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, require
from repfocus.domain.playbook import (
    ItemDraft,
    PersonaProfile,
    diff_items,
    marked_html,
    marked_plain,
    validate_item,
    validate_persona,
)
from repfocus.store import playbook_search
from repfocus.store.db import Database
from repfocus.store.models import BuyerPersona, PlaybookItem, PlaybookRevision, PlaybookTag, PlaybookUse

USE_ACTIONS = ("view", "copy", "email")
EDITOR_ROLES = ("leader", "manager")


class PlaybookItemNotFound(LookupError):
    """No playbook item has that slug."""


class PersonaNotFound(LookupError):
    """No buyer persona profile has that key."""


@dataclass(frozen=True, slots=True)
class Revision:
    version: int
    changed_at: datetime
    changed_by: str
    changes: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "changed_at": self.changed_at.isoformat(),
            "changed_by": self.changed_by,
            "changes": self.changes,
        }


@dataclass(frozen=True, slots=True)
class ItemView:
    """An item as pages, the API and the CLI show it."""

    id: int
    draft: ItemDraft
    version: int
    updated_at: datetime
    revisions: list[Revision] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.draft.as_dict(),
            "version": self.version,
            "updated_at": self.updated_at.isoformat(),
            "revisions": [r.as_dict() for r in self.revisions],
        }


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result: the item's tags, its rank and the highlighted title and snippet (HTML-escaped)."""

    slug: str
    kind: str
    title: str
    summary: str
    stages: list[str]
    personas: list[str]
    rank: float
    title_html: str
    snippet_html: str
    snippet: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "kind": self.kind,
            "title": self.title,
            "summary": self.summary,
            "stages": self.stages,
            "personas": self.personas,
            "rank": round(self.rank, 6),
            "title_html": self.title_html,
            "snippet_html": self.snippet_html,
            "snippet": self.snippet,
        }


def draft_of(item: PlaybookItem) -> ItemDraft:
    """Return the editable content of a stored item."""
    return ItemDraft(
        slug=item.slug,
        kind=item.kind,
        title=item.title,
        body=item.body,
        summary=item.summary or "",
        stages=tuple(item.stages or ()),
        personas=tuple(item.personas or ()),
        industries=tuple(item.industries or ()),
        service_lines=tuple(item.service_lines or ()),
        scenario=item.scenario,
        subject=item.subject,
    )


def _view(item: PlaybookItem, revisions: Sequence[PlaybookRevision] = ()) -> ItemView:
    revs = [Revision(r.version, r.changed_at, r.changed_by, r.changes) for r in revisions]
    return ItemView(item.id, draft_of(item), item.version, item.updated_at, revs)


def save_item(
    session: Session, draft: ItemDraft, *, actor_id: int | None = None, actor_name: str = "system"
) -> tuple[PlaybookItem, bool]:
    """Create or update the item with the draft's slug; record a revision of what changed.

    Return (item, changed). An unchanged draft writes nothing."""
    draft = validate_item(draft)
    item = session.scalar(select(PlaybookItem).where(PlaybookItem.slug == draft.slug))
    before = draft_of(item) if item is not None else None
    changes = diff_items(before, draft)
    if item is not None and not changes:
        return item, False
    now = datetime.now(UTC)
    if item is None:
        item = PlaybookItem(slug=draft.slug, version=0, created_at=now)
        session.add(item)
    values = draft.as_dict()
    for key in ("kind", "title", "summary", "body", "subject", "scenario", *_FACETS.values()):
        setattr(item, key, values[key])
    item.version += 1
    item.updated_at = now
    item.updated_by_id = actor_id
    session.flush()
    session.execute(delete(PlaybookTag).where(PlaybookTag.item_id == item.id))
    tags = [
        {"item_id": item.id, "facet": facet, "value": value}
        for facet, attr in _FACETS.items()
        for value in values[attr]
    ]
    if tags:
        session.execute(insert(PlaybookTag), tags)
    session.add(
        PlaybookRevision(
            item_id=item.id,
            version=item.version,
            changed_at=now,
            changed_by_id=actor_id,
            changed_by=actor_name,
            changes=changes,
        )
    )
    return item, True


_FACETS = {
    "stage": "stages",
    "persona": "personas",
    "industry": "industries",
    "service_line": "service_lines",
}


def upsert_item(db: Database, *, actor: Actor | None, draft: ItemDraft) -> ItemView:
    """Create or update one item in its own transaction; leaders and managers edit the playbook
    (None: the command line). Return the item as shown."""
    require(actor is None or actor.role in EDITOR_ROLES, "the playbook is edited by leaders and managers")
    actor_id = actor.user_id if actor else None
    actor_name = (actor.name or actor.email) if actor else "command line"
    with db.session() as session:
        item, _changed = save_item(session, draft, actor_id=actor_id, actor_name=actor_name)
        session.commit()
        return _view(item)


def get_item(db: Database, *, slug: str) -> ItemView:
    """Return the item with `slug` and its revisions, newest first; raise PlaybookItemNotFound."""
    with db.session() as session:
        item = session.scalar(select(PlaybookItem).where(PlaybookItem.slug == slug))
        if item is None:
            raise PlaybookItemNotFound(f"no playbook item {slug!r}")
        revisions = session.scalars(
            select(PlaybookRevision)
            .where(PlaybookRevision.item_id == item.id)
            .order_by(PlaybookRevision.version.desc())
        ).all()
        return _view(item, revisions)


def search_items(
    db: Database,
    *,
    query: str = "",
    stages: Sequence[str] = (),
    personas: Sequence[str] = (),
    industries: Sequence[str] = (),
    service_lines: Sequence[str] = (),
    kind: str | None = None,
    limit: int = 20,
) -> list[Hit]:
    """Return items matching the words of `query` (ranked, highlighted) and every filter given.

    Without words, return the filtered items by title."""
    filters = {
        "stage": list(stages),
        "persona": list(personas),
        "industry": [i.lower() for i in industries],
        "service_line": list(service_lines),
    }
    with db.session() as session:
        if query.strip():
            found = playbook_search.search(session, query=query, filters=filters, kind=kind, limit=limit)
            marks = {h.item_id: h for h in found}
            ids = [h.item_id for h in found]
        else:
            ids = playbook_search.list_filtered(session, filters=filters, kind=kind, limit=limit)
            marks = {}
        cols = (
            PlaybookItem.id,
            PlaybookItem.slug,
            PlaybookItem.kind,
            PlaybookItem.title,
            PlaybookItem.summary,
            PlaybookItem.stages,
            PlaybookItem.personas,
        )
        rows = {r.id: r for r in session.execute(select(*cols).where(PlaybookItem.id.in_(ids)))}
        out = []
        for item_id in ids:
            row = rows[item_id]
            mark = marks.get(item_id)
            title = mark.title if mark else row.title
            snippet = mark.snippet if mark else row.summary
            out.append(
                Hit(
                    slug=row.slug,
                    kind=row.kind,
                    title=row.title,
                    summary=row.summary,
                    stages=list(row.stages or ()),
                    personas=list(row.personas or ()),
                    rank=mark.rank if mark else 0.0,
                    title_html=marked_html(title),
                    snippet_html=marked_html(snippet),
                    snippet=marked_plain(snippet),
                )
            )
        return out


def record_use(db: Database, *, slug: str, rep_id: int, action: str, contact_id: int | None = None) -> None:
    """Record that a rep viewed, copied or emailed an item (the input of usage analytics)."""
    if action not in USE_ACTIONS:
        raise ValueError(f"unknown use {action!r}; use one of {', '.join(USE_ACTIONS)}")
    with db.session() as session:
        item_id = session.scalar(select(PlaybookItem.id).where(PlaybookItem.slug == slug))
        if item_id is None:
            raise PlaybookItemNotFound(f"no playbook item {slug!r}")
        session.add(PlaybookUse(item_id=item_id, rep_id=rep_id, contact_id=contact_id, action=action))
        session.commit()


def persona_of(row: BuyerPersona) -> PersonaProfile:
    """Return the profile stored in a persona row."""
    return PersonaProfile(
        key=row.key,
        name=row.name,
        summary=row.summary,
        who=row.who,
        challenges=tuple(row.challenges),
        measured_by=tuple(row.measured_by),
        reads=tuple(row.reads),
        objections=tuple(row.objections),
        questions=tuple(row.questions),
    )


def save_persona(session: Session, profile: PersonaProfile) -> bool:
    """Create or replace a persona profile; return True when anything changed."""
    profile = validate_persona(profile)
    row = session.get(BuyerPersona, profile.key)
    if row is not None and persona_of(row) == profile:
        return False
    if row is None:
        row = BuyerPersona(key=profile.key)
        session.add(row)
    for key, value in profile.as_dict().items():
        setattr(row, key, value)
    row.updated_at = datetime.now(UTC)
    return True


def list_personas(db: Database) -> list[PersonaProfile]:
    """Return every buyer persona profile, by name."""
    with db.session() as session:
        return [persona_of(r) for r in session.scalars(select(BuyerPersona).order_by(BuyerPersona.name))]


def get_persona(db: Database, *, key: str) -> tuple[PersonaProfile, list[Hit]]:
    """Return a persona profile and the items written for it; raise PersonaNotFound."""
    with db.session() as session:
        row = session.get(BuyerPersona, key)
        if row is None:
            raise PersonaNotFound(f"no buyer persona {key!r}")
        profile = persona_of(row)
    return profile, search_items(db, personas=[key], limit=200)
