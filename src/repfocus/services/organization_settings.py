"""Organization settings: read them (leaders and managers), change them (leaders), in one transaction.

A change is checked whole by domain/org_settings.py (nothing is half-saved), audited with every value
before and after, and a new time zone rebuilds the daily and weekly rollups in the same transaction,
because it moves activities to other local days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, can_edit_targets, can_view_settings, require
from repfocus.domain.org_settings import (
    OrgSettings,
    SettingsInvalid,
    changed,
    check_changes,
    from_stored,
    to_stored,
)
from repfocus.services import audit
from repfocus.store.activities import rebuild_rollups
from repfocus.store.db import ROLLUP_LOCK, Database, writer_lock
from repfocus.store.models import Organization
from repfocus.store.organizations import the_organization

__all__ = [
    "OrgSettings",
    "SettingsChange",
    "SettingsInvalid",
    "change_settings",
    "current_settings",
    "read_settings",
]


@dataclass(frozen=True, slots=True)
class SettingsChange:
    """The settings after a change, what changed ({key: {"before", "after"}}) and whether the rollups
    were rebuilt (the time zone changed)."""

    settings: OrgSettings
    changes: dict[str, dict[str, Any]]
    rollups_rebuilt: bool
    activities_reread: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Return {"settings", "changes", "rollups_rebuilt", "activities_reread"}."""
        return {
            "settings": self.settings.as_dict(),
            "changes": self.changes,
            "rollups_rebuilt": self.rollups_rebuilt,
            "activities_reread": self.activities_reread,
        }


def _of(org: Organization | None) -> OrgSettings:
    if org is None:
        return from_stored(name=OrgSettings().name, time_zone="UTC", currency="USD", stored={})
    return from_stored(
        name=org.name, time_zone=org.time_zone, currency=org.currency, stored=org.settings or {}
    )


def current_settings(session: Session) -> OrgSettings:
    """Return the organization's settings in the caller's transaction (defaults without an organization)."""
    return _of(session.scalar(select(Organization).limit(1)))


def read_settings(db: Database, *, actor: Actor | None) -> OrgSettings:
    """Return the organization's settings; leaders and managers (and the command line, actor None)."""
    if actor is not None:
        require(can_view_settings(actor), "organization settings are for leaders and managers")
    with db.read_session() as session:
        return current_settings(session)


def change_settings(db: Database, *, actor: Actor | None, changes: Mapping[str, object]) -> SettingsChange:
    """Apply `changes` ({key: value}, keys of domain.org_settings.KEYS) for a leader (or the command line):
    all or nothing, audited as "settings.change" with before and after; a changed time zone rebuilds
    the rollups. Raises SettingsInvalid naming every key at fault."""
    if actor is not None:
        require(can_edit_targets(actor), "only leaders change organization settings")
    with db.session() as session:
        writer_lock(session, ROLLUP_LOCK)
        org = session.scalar(select(Organization).limit(1).with_for_update()) or the_organization(session)
        before = _of(org)
        after = check_changes(before, changes)
        diff = changed(before, after)
        if not diff:
            return SettingsChange(after, {}, rollups_rebuilt=False)
        org.name, org.time_zone, org.currency = after.name, after.time_zone, after.currency
        org.settings = to_stored(after, org.settings or {})
        session.flush()
        reread = rebuild_rollups(session) if "time_zone" in diff else 0
        audit.record(
            session,
            actor_id=actor.user_id if actor else None,
            action="settings.change",
            target="organization",
            details={"changes": diff, **({"rollups_rebuilt": True} if "time_zone" in diff else {})},
        )
        session.commit()
        return SettingsChange(after, diff, rollups_rebuilt="time_zone" in diff, activities_reread=reread)
