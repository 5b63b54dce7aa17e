"""Editing and deleting single activities; the rollups move with them in the same transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from sqlalchemy import update

from repfocus.domain.taxonomy import CATEGORIES, KINDS
from repfocus.services.accounts import RecordNotFound
from repfocus.store.activities import delete_activities, recompute_rollups_for
from repfocus.store.db import Database
from repfocus.store.models import Activity

EDITABLE: Final = (
    "started_at",
    "duration_minutes",
    "kind",
    "category",
    "subject",
    "outcome",
    "notes",
    "account_id",
    "contact_id",
)


class ActivityEditInvalid(ValueError):
    """An edit names a field that cannot be edited or gives it a bad value."""


def _check(changes: dict[str, Any]) -> dict[str, Any]:
    if unknown := sorted(set(changes) - set(EDITABLE)):
        raise ActivityEditInvalid(f"{unknown[0]}: not an editable field ({', '.join(EDITABLE)})")
    if "category" in changes and changes["category"] not in (*CATEGORIES, None):
        raise ActivityEditInvalid(f"category: unknown category {changes['category']!r}")
    if "kind" in changes and changes["kind"] not in KINDS:
        raise ActivityEditInvalid(f"kind: unknown kind {changes['kind']!r}; known: {', '.join(KINDS)}")
    minutes = changes.get("duration_minutes", 0)
    if not isinstance(minutes, int) or not 0 <= minutes <= 24 * 60:
        raise ActivityEditInvalid(f"duration_minutes: must be a whole number 0..1440, got {minutes!r}")
    started = changes.get("started_at")
    if started is not None and (not isinstance(started, datetime) or started.tzinfo is None):
        raise ActivityEditInvalid("started_at: must be a time with its UTC offset")
    out = dict(changes)
    if "category" in out:
        out["classified_by"] = "manual edit"
    return out


def edit_activity(db: Database, *, activity_id: int, changes: dict[str, Any]) -> None:
    """Apply `changes` to one activity and move its rollup contribution to its new key (no changes: no-op)."""
    values = _check(changes)
    if not values:
        return
    with db.session() as session:
        if session.get(Activity, activity_id) is None:
            raise RecordNotFound(f"activity {activity_id} not found")
        recompute_rollups_for(
            session,
            Activity.id == activity_id,
            lambda: session.execute(update(Activity).where(Activity.id == activity_id).values(**values)),
        )
        session.commit()


def delete_activity(db: Database, *, activity_id: int) -> None:
    """Delete one activity and its rollup contribution."""
    with db.session() as session:
        if delete_activities(session, Activity.id == activity_id) == 0:
            raise RecordNotFound(f"activity {activity_id} not found")
        session.commit()
