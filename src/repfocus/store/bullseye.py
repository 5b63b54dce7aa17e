"""Reading the current bullseye and the targets from the store."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.bullseye import Bullseye, bullseye_from_dict
from repfocus.store.models import BullseyeVersion


def current_version(session: Session) -> BullseyeVersion | None:
    """Return the latest saved bullseye version; None when the leader never saved one."""
    return session.scalars(select(BullseyeVersion).order_by(BullseyeVersion.version.desc()).limit(1)).first()


def current_bullseye(session: Session) -> Bullseye:
    """Return the current bullseye; the default one (target IT hiring managers and executives) if none."""
    row = current_version(session)
    return bullseye_from_dict(row.definition) if row else Bullseye()
