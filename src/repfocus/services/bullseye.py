"""Bullseye use cases: read the current one, save a new version (re-tiering every account), history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, can_edit_targets, can_view_sales_data, require
from repfocus.domain.bullseye import AccountFacts, Bullseye, bullseye_from_dict
from repfocus.store.activities import recompute_rollups_for
from repfocus.store.bullseye import current_version
from repfocus.store.db import Database
from repfocus.store.models import Account, Activity, BullseyeVersion, User
from repfocus.store.weekly import rebuild_weekly

CHUNK = 2000


@dataclass(frozen=True, slots=True)
class BullseyeState:
    """The bullseye in force and who saved it when (version 0: the built-in default, never saved)."""

    bullseye: Bullseye
    version: int
    created_by: str
    created_at: datetime | None
    note: str
    accounts_retiered: int
    tier_counts: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "note": self.note,
            "accounts_retiered": self.accounts_retiered,
            "tier_counts": self.tier_counts,
            "bullseye": self.bullseye.as_dict(),
        }


def _state(session: Session) -> BullseyeState:
    row = current_version(session)
    counts = {
        t: int(n) for t, n in session.execute(select(Account.tier, func.count()).group_by(Account.tier))
    }
    tiers = {t: counts.get(t, 0) for t in ("A", "B", "C", "off")}
    if row is None:
        return BullseyeState(Bullseye(), 0, "", None, "", 0, tiers)
    return BullseyeState(
        bullseye_from_dict(row.definition),
        row.version,
        row.created_by,
        row.created_at,
        row.note,
        row.accounts_retiered,
        tiers,
    )


def _may_read(actor: Actor | None) -> None:
    if actor is not None:
        require(can_view_sales_data(actor), "the bullseye is for leaders, managers and reps")


def get_bullseye(db: Database, *, actor: Actor | None = None) -> BullseyeState:
    """Return the bullseye in force, its version and the number of accounts per tier."""
    _may_read(actor)
    with db.session() as session:
        return _state(session)


def facts(account: Account) -> AccountFacts:
    """Return what the bullseye looks at in a stored account."""
    return AccountFacts(
        industry=account.industry,
        employee_count=account.employee_count,
        region=account.region,
        tech_tags=tuple(account.tech_tags or ()),
        status=account.status,
    )


def retier_accounts(session: Session, bullseye: Bullseye) -> int:
    """Set every account's tier from `bullseye`, moving their activities' rollups; return accounts changed."""
    moves: dict[str, list[int]] = defaultdict(list)
    for account in session.scalars(select(Account)):
        tier = bullseye.tier(facts(account))
        if tier != account.tier:
            moves[tier].append(account.id)
    for tier, ids in moves.items():
        for i in range(0, len(ids), CHUNK):
            part = ids[i : i + CHUNK]
            recompute_rollups_for(
                session,
                Activity.account_id.in_(part),
                lambda part=part, tier=tier: session.execute(
                    update(Account).where(Account.id.in_(part)).values(tier=tier)
                ),
            )
    session.expire_all()
    return sum(len(ids) for ids in moves.values())


def save_bullseye(
    db: Database,
    *,
    definition: Mapping[str, Any],
    actor: Actor | None,
    saved_by: str = "",
    note: str = "",
) -> BullseyeState:
    """Validate `definition`, store it as the next version by the actor (leaders only; None is the
    command line, named by `saved_by`), and re-tier every account.

    Raises BullseyeInvalid (naming the field) before anything is written.
    """
    if actor is not None:
        require(can_edit_targets(actor), "only leaders set the bullseye")
    actor_email = actor.email if actor is not None else (saved_by or "command line")
    bullseye = bullseye_from_dict(definition)
    with db.session() as session:
        last = current_version(session)
        actor_id = session.scalar(select(User.id).where(func.lower(User.email) == actor_email.lower()))
        changed = retier_accounts(session, bullseye)
        session.add(
            BullseyeVersion(
                version=(last.version if last else 0) + 1,
                definition=bullseye.as_dict(),
                created_by_id=actor_id,
                created_by=actor_email,
                note=note[:500],
                accounts_retiered=changed,
            )
        )
        session.flush()
        rebuild_weekly(session)  # the weekly on-target split follows the new target personas
        state = _state(session)
        session.commit()
    return state


def bullseye_history(db: Database, *, actor: Actor | None = None) -> list[BullseyeState]:
    """Return every saved version, newest first (who, when, note, accounts re-tiered)."""
    _may_read(actor)
    with db.session() as session:
        rows = session.scalars(select(BullseyeVersion).order_by(BullseyeVersion.version.desc()))
        return [
            BullseyeState(
                bullseye_from_dict(r.definition),
                r.version,
                r.created_by,
                r.created_at,
                r.note,
                r.accounts_retiered,
                {},
            )
            for r in rows
        ]
