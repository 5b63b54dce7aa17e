"""Typed factories with valid defaults: make_<noun>(session, **overrides)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from repfocus.store.activities import insert_activities
from repfocus.store.models import Account, Contact, Organization, Team, User

_seq = itertools.count(1)


def make_organization(session: Session, **overrides: Any) -> Organization:
    org = Organization(
        **{"name": "Acme Staffing", "time_zone": "America/Chicago", "settings": {}, **overrides}
    )
    session.add(org)
    session.flush()
    return org


def make_team(session: Session, **overrides: Any) -> Team:
    team = Team(**{"name": f"Team {next(_seq)}", **overrides})
    session.add(team)
    session.flush()
    return team


def make_user(session: Session, **overrides: Any) -> User:
    n = next(_seq)
    user = User(**{"email": f"rep{n}@example.com", "name": f"Rep {n}", "role": "rep", **overrides})
    session.add(user)
    session.flush()
    return user


def make_account(session: Session, **overrides: Any) -> Account:
    n = next(_seq)
    account = Account(
        **{
            "name": f"Account {n}",
            "domain": f"account{n}.example",
            "status": "prospect",
            "tier": "A",
            "tech_tags": [],
            **overrides,
        }
    )
    session.add(account)
    session.flush()
    return account


def make_contact(session: Session, **overrides: Any) -> Contact:
    n = next(_seq)
    contact = Contact(
        **{
            "name": f"Contact {n}",
            "email": f"contact{n}@example.com",
            "persona": "it_hiring_manager",
            **overrides,
        }
    )
    session.add(contact)
    session.flush()
    return contact


def make_activity(session: Session, **overrides: Any) -> dict[str, Any]:
    """Insert one activity through the store's write path (rollups included); return its row."""
    row = {
        "started_at": datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
        "duration_minutes": 30,
        "kind": "call",
        "category": "prospecting_call",
        "classified_by": "explicit",
        "subject": "Intro call",
        **overrides,
    }
    insert_activities(session, [row])
    return row
