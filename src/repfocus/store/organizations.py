"""The one organization a database holds (its name, time zone and settings)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.store.models import Organization


def the_organization(session: Session) -> Organization:
    """Return the organization, adding one with default settings when the database has none yet."""
    org = session.scalar(select(Organization).limit(1))
    if org is None:
        org = Organization(name="My organization", settings={})
        session.add(org)
    return org


def stored_settings(session: Session) -> dict[str, Any]:
    """Return the organization's settings JSON ({} when the database has no organization yet)."""
    return dict(session.scalar(select(Organization.settings).limit(1)) or {})
