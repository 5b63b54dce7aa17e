"""Playbook items: save a draft (with its tags and a revision), create and edit from the editor, show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, can_edit_playbook, require
from repfocus.domain.playbook import ItemDraft, PlaybookInvalid, diff_items, validate_item
from repfocus.services.playbook_revisions import Revision, add_revision, revisions_of
from repfocus.store.db import Database
from repfocus.store.models import PlaybookItem, PlaybookTag

EDITORS_ONLY = "the playbook is edited by leaders and managers"


class PlaybookItemNotFound(LookupError):
    """No playbook item has that slug."""


class PlaybookEditConflict(Exception):
    """Someone saved the item after the editor was opened; saving would silently undo their change."""

    def __init__(self, version: int, changed_by: str) -> None:
        self.version, self.changed_by = version, changed_by
        super().__init__(
            f"{changed_by} saved version {version} while you were editing; "
            "open the item again to see their change, then re-apply yours"
        )


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


def _view(item: PlaybookItem, revisions: list[Revision] | None = None) -> ItemView:
    return ItemView(item.id, draft_of(item), item.version, item.updated_at, revisions or [])


_FACETS = {
    "stage": "stages",
    "persona": "personas",
    "industry": "industries",
    "service_line": "service_lines",
}


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
    add_revision(
        session,
        item_id=item.id,
        version=item.version,
        changed_at=now,
        changes=changes,
        actor_id=actor_id,
        actor_name=actor_name,
    )
    return item, True


def _who(actor: Actor | None) -> tuple[int | None, str]:
    return (actor.user_id, actor.name or actor.email) if actor else (None, "command line")


def upsert_item(db: Database, *, actor: Actor | None, draft: ItemDraft) -> ItemView:
    """Create or update one item in its own transaction; leaders and managers edit the playbook
    (None: the command line). Return the item as shown."""
    require(actor is None or can_edit_playbook(actor), EDITORS_ONLY)
    actor_id, actor_name = _who(actor)
    with db.session() as session:
        item, _changed = save_item(session, draft, actor_id=actor_id, actor_name=actor_name)
        session.commit()
        return _view(item)


def create_item(db: Database, *, actor: Actor, draft: ItemDraft) -> ItemView:
    """Create a new item (leaders and managers); a slug already in use is a PlaybookInvalid on 'slug',
    never an overwrite."""
    require(can_edit_playbook(actor), EDITORS_ONLY)
    draft = validate_item(draft)
    actor_id, actor_name = _who(actor)
    with db.session() as session:
        taken = session.scalar(select(PlaybookItem.title).where(PlaybookItem.slug == draft.slug))
        if taken is not None:
            raise PlaybookInvalid([("slug", f"is already used by the item {taken!r}; choose another")])
        item, _changed = save_item(session, draft, actor_id=actor_id, actor_name=actor_name)
        session.commit()
        return _view(item)


def update_item(db: Database, *, actor: Actor, draft: ItemDraft, base_version: int) -> tuple[ItemView, bool]:
    """Save an edit of the item at `base_version` (leaders and managers); raise PlaybookItemNotFound,
    or PlaybookEditConflict when someone saved a newer version meanwhile. Return (item, changed)."""
    require(can_edit_playbook(actor), EDITORS_ONLY)
    draft = validate_item(draft)
    actor_id, actor_name = _who(actor)
    with db.session() as session:
        item = session.scalar(select(PlaybookItem).where(PlaybookItem.slug == draft.slug))
        if item is None:
            raise PlaybookItemNotFound(f"no playbook item {draft.slug!r}")
        if item.version != base_version:
            latest = revisions_of(session, item_id=item.id)
            raise PlaybookEditConflict(item.version, latest[0].changed_by if latest else "someone")
        item, changed = save_item(session, draft, actor_id=actor_id, actor_name=actor_name)
        session.commit()
        return _view(item), changed


def get_item(db: Database, *, slug: str) -> ItemView:
    """Return the item with `slug` and its revisions, newest first; raise PlaybookItemNotFound."""
    with db.session() as session:
        item = session.scalar(select(PlaybookItem).where(PlaybookItem.slug == slug))
        if item is None:
            raise PlaybookItemNotFound(f"no playbook item {slug!r}")
        return _view(item, revisions_of(session, item_id=item.id))
