"""Account and contact edits that move rollups: status and firmographics (tier), persona overrides."""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import update
from sqlalchemy.orm import Session

from repfocus.domain.access import NotFound
from repfocus.domain.bullseye import AccountFacts, BullseyeInvalid
from repfocus.domain.taxonomy import ACCOUNT_STATUSES, PERSONAS
from repfocus.store.activities import recompute_rollups_for
from repfocus.store.bullseye import current_bullseye
from repfocus.store.db import Database
from repfocus.store.models import Account, Activity, Contact

ACCOUNT_FIELDS: Final = ("name", "industry", "employee_count", "region", "tech_tags", "status")


class RecordNotFound(NotFound):
    """No account or contact has the given id."""


def _change_account(session: Session, account_id: int, changes: dict[str, Any]) -> str:
    account = session.get(Account, account_id)
    if account is None:
        raise RecordNotFound(f"account {account_id} not found")
    if unknown := sorted(set(changes) - set(ACCOUNT_FIELDS)):
        raise BullseyeInvalid(f"{unknown[0]}: not an editable account field ({', '.join(ACCOUNT_FIELDS)})")
    if "status" in changes and changes["status"] not in ACCOUNT_STATUSES:
        raise BullseyeInvalid(
            f"status: unknown status {changes['status']!r}; known: {', '.join(ACCOUNT_STATUSES)}"
        )
    merged = {name: changes.get(name, getattr(account, name)) for name in ACCOUNT_FIELDS}
    proposal = AccountFacts(
        industry=merged["industry"],
        employee_count=merged["employee_count"],
        region=merged["region"],
        tech_tags=tuple(merged["tech_tags"] or ()),
        status=merged["status"],
    )
    tier = current_bullseye(session).tier(proposal)
    values = {**changes, "tier": tier}
    recompute_rollups_for(
        session,
        Activity.account_id == account_id,
        lambda: session.execute(update(Account).where(Account.id == account_id).values(**values)),
    )
    return tier


def update_account(db: Database, *, account_id: int, changes: dict[str, Any]) -> str:
    """Apply `changes`, re-tier the account by the current bullseye, move its rollups; return the tier."""
    with db.session() as session:
        tier = _change_account(session, account_id, changes)
        session.commit()
    return tier


def set_contact_persona(db: Database, *, contact_id: int, persona: str) -> None:
    """Override the contact's persona (marking it overridden) and move its activities' rollups."""
    if persona not in PERSONAS:
        raise BullseyeInvalid(f"persona: unknown persona {persona!r}; known: {', '.join(PERSONAS)}")
    with db.session() as session:
        if session.get(Contact, contact_id) is None:
            raise RecordNotFound(f"contact {contact_id} not found")
        recompute_rollups_for(
            session,
            Activity.contact_id == contact_id,
            lambda: session.execute(
                update(Contact)
                .where(Contact.id == contact_id)
                .values(persona=persona, persona_overridden=True)
            ),
        )
        session.commit()
