"""Buyer personas: their profiles, saved and read, and the items written for each."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.playbook import PersonaProfile, validate_persona
from repfocus.services.playbook_search import Hit, search_items
from repfocus.store.db import Database
from repfocus.store.models import BuyerPersona


class PersonaNotFound(LookupError):
    """No buyer persona profile has that key."""


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
