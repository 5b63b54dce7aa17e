"""Playbook revisions: who changed which fields of an item, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.store.models import PlaybookRevision


@dataclass(frozen=True, slots=True)
class Revision:
    """One saved version of an item: when, by whom, and {field: [old, new]} for what changed."""

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


def add_revision(
    session: Session,
    *,
    item_id: int,
    version: int,
    changed_at: datetime,
    changes: dict[str, Any],
    actor_id: int | None,
    actor_name: str,
) -> None:
    """Record that `actor_name` saved `version` of the item, changing `changes`."""
    session.add(
        PlaybookRevision(
            item_id=item_id,
            version=version,
            changed_at=changed_at,
            changed_by_id=actor_id,
            changed_by=actor_name,
            changes=changes,
        )
    )


def revisions_of(session: Session, *, item_id: int) -> list[Revision]:
    """Return every revision of the item, newest first."""
    rows = session.scalars(
        select(PlaybookRevision)
        .where(PlaybookRevision.item_id == item_id)
        .order_by(PlaybookRevision.version.desc())
    )
    return [Revision(r.version, r.changed_at, r.changed_by, r.changes) for r in rows]
