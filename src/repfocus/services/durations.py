"""How long an activity lasted when its source does not say: per-kind defaults the organization sets."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.taxonomy import KINDS
from repfocus.store.db import Database
from repfocus.store.models import Organization
from repfocus.store.organizations import the_organization

DURATIONS_KEY = "duration_defaults"
DEFAULT_DURATIONS: dict[str, int] = {"call": 5, "meeting": 30, "email": 5, "task": 15, "note": 5}
MAX_MINUTES = 24 * 60


def duration_defaults(session: Session) -> dict[str, int]:
    """Return the organization's minutes per kind used when a source gives no duration."""
    settings = session.scalar(select(Organization.settings).limit(1)) or {}
    out = dict(DEFAULT_DURATIONS)
    out.update({k: int(v) for k, v in (settings.get(DURATIONS_KEY) or {}).items() if k in KINDS})
    return out


class DurationsInvalid(ValueError):
    """A duration default names an unknown kind or is not a whole number of minutes from 0 to 1440."""


def get_duration_defaults(db: Database) -> dict[str, int]:
    """Return the minutes per kind that imports use when a source gives no duration."""
    with db.session() as session:
        return duration_defaults(session)


def set_duration_defaults(db: Database, *, minutes: Mapping[str, int]) -> dict[str, int]:
    """Change some of the organization's per-kind duration defaults; return them all. Activities already
    imported keep their estimate (re-import does not rewrite them)."""
    for kind, value in minutes.items():
        if kind not in KINDS:
            raise DurationsInvalid(f"{kind!r} is not one of {', '.join(KINDS)}")
        if not 0 <= value <= MAX_MINUTES:
            raise DurationsInvalid(f"{kind}: {value} is not between 0 and {MAX_MINUTES} minutes")
    with db.session() as session:
        org = the_organization(session)
        settings = dict(org.settings or {})
        settings[DURATIONS_KEY] = {**(settings.get(DURATIONS_KEY) or {}), **minutes}
        org.settings = settings
        session.commit()
        return duration_defaults(session)
