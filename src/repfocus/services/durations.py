"""How long an activity lasted when its source does not say: per-kind defaults the organization sets.

The defaults are organization settings (services/organization_settings.py): `duration.<kind>`.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from repfocus.domain.org_settings import DEFAULT_DURATIONS, MAX_MINUTES, SettingsInvalid
from repfocus.domain.taxonomy import KINDS
from repfocus.services.organization_settings import change_settings, current_settings
from repfocus.store.db import Database

__all__ = ["DEFAULT_DURATIONS", "MAX_MINUTES", "DurationsInvalid", "duration_defaults"]


def duration_defaults(session: Session) -> dict[str, int]:
    """Return the organization's minutes per kind used when a source gives no duration."""
    return dict(current_settings(session).durations)


class DurationsInvalid(ValueError):
    """A duration default names an unknown kind or is not a whole number of minutes from 0 to 1440."""


def get_duration_defaults(db: Database) -> dict[str, int]:
    """Return the minutes per kind that imports use when a source gives no duration."""
    with db.session() as session:
        return duration_defaults(session)


def set_duration_defaults(db: Database, *, minutes: Mapping[str, int]) -> dict[str, int]:
    """Change some of the organization's per-kind duration defaults (audited); return them all. Activities
    already imported keep their estimate (re-import does not rewrite them)."""
    for kind in minutes:
        if kind not in KINDS:
            raise DurationsInvalid(f"{kind!r} is not one of {', '.join(KINDS)}")
    try:
        done = change_settings(db, actor=None, changes={f"duration.{k}": v for k, v in minutes.items()})
    except SettingsInvalid as exc:
        raise DurationsInvalid(str(exc).removeprefix("duration.")) from exc
    return dict(done.settings.durations)
