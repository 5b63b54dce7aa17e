"""The audit log: who changed what and when. Other services call record() inside their transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from repfocus.domain.access import Actor, can_read_audit, require
from repfocus.store.activities import org_zone
from repfocus.store.db import Database
from repfocus.store.models import AuditEntry, User

# The actions other services record; the audit page offers them as a filter.
ACTIONS = (
    "user.add",
    "user.disable",
    "user.enable",
    "user.team",
    "user.reset_password",
    "user.role",
    "token.create",
    "token.revoke",
    "target.set",
    "target.delete",
    "bullseye.set",
    "diagnosis.save",
    "coaching.add",
    "coaching.done",
    "coaching.undone",
    "incentive.create",
    "incentive.update",
    "incentive.deactivate",
    "hiring.add",
    "hiring.update",
    "hiring.status",
    "hiring.score",
    "hiring.weights",
    "competency.rate",
    "training.assign",
    "training.update",
    "recognition.create",
    "recognition.retire",
    "settings.change",
    "plan.create",
    "plan.update",
    "plan.milestone.add",
    "plan.milestone.update",
    "plan.milestone.delete",
    "plan.share.create",
    "plan.share.revoke",
    "import",
    "import.run",
    "activity.delete",
    "delete",
)


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    target: str = "",
    details: dict[str, Any] | None = None,
    by: str = "",
) -> None:
    """Add one audit entry in the caller's transaction: it commits or rolls back with the change. `by`
    names who acted when no user did (e.g. "customer via share link"); none and no user: the command line."""
    email = by
    if actor_id is not None:
        email = session.scalar(select(User.email).where(User.id == actor_id)) or ""
    session.add(
        AuditEntry(
            actor_id=actor_id,
            actor_email=email,
            action=action[:48],
            target=target[:200],
            details=details or {},
        )
    )


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    details: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "target": self.target,
            "details": self.details,
        }


def list_entries(
    db: Database,
    *,
    actor: Actor,
    action: str | None = None,
    actor_email: str | None = None,
    day_from: date | None = None,
    day_to: date | None = None,
    limit: int = 200,
) -> list[AuditRow]:
    """Return the newest audit entries matching the filters; leaders only."""
    require(can_read_audit(actor), "only leaders read the audit log")
    with db.read_session() as session:
        zone = org_zone(session)
        stmt = select(AuditEntry)
        if action:
            stmt = stmt.where(AuditEntry.action.startswith(action, autoescape=True))
        if actor_email:
            stmt = stmt.where(AuditEntry.actor_email.icontains(actor_email, autoescape=True))
        if day_from:
            stmt = stmt.where(AuditEntry.at >= datetime.combine(day_from, time(), zone))
        if day_to:
            stmt = stmt.where(AuditEntry.at < datetime.combine(day_to + timedelta(days=1), time(), zone))
        rows = session.scalars(stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit))
        return [
            AuditRow(
                id=r.id,
                at=r.at.astimezone(zone),
                actor=r.actor_email or "command line",
                action=r.action,
                target=r.target,
                details=r.details,
            )
            for r in rows
        ]
