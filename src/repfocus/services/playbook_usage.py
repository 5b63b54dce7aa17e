"""Playbook usage: recording each use of an item, and the report of who uses the playbook, which items,
and the content time it gives back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from repfocus.analytics.playbook_usage import ItemUsage, Usage, usage_by_item, usage_by_rep, usage_by_team
from repfocus.domain.access import Actor, sales_visibility
from repfocus.domain.period import Period
from repfocus.services.playbook_items import PlaybookItemNotFound
from repfocus.store.db import Database
from repfocus.store.models import PlaybookItem, PlaybookUse

USE_ACTIONS = ("view", "copy", "email")


@dataclass(frozen=True, slots=True)
class UsageReport:
    period: Period
    reps: list[Usage]
    teams: dict[str, dict[str, int]]
    items: list[ItemUsage]

    def as_dict(self) -> dict[str, Any]:
        """Return the stable JSON shape of the playbook usage report."""
        return {
            "period": self.period.as_dict(),
            "reps": [u.as_dict() for u in self.reps],
            "teams": self.teams,
            "items": [i.as_dict() for i in self.items],
        }


def usage_report(
    db: Database, *, actor: Actor | None, period: Period, team: str | None = None
) -> UsageReport:
    """Return playbook use by rep, team and item over `period`, with content share before/after,
    for the reps `actor` may see (None: the command line, every rep)."""
    visible = sales_visibility(actor, "playbook usage")
    with db.read_session() as session:
        by_rep = usage_by_rep(session, period, team=team, visible=visible)
        rep_ids = None if visible[0] == "all" and team is None else list(by_rep)
        items = usage_by_item(session, period, rep_ids=rep_ids)
    return UsageReport(period, list(by_rep.values()), usage_by_team(by_rep), items)


def record_use(db: Database, *, slug: str, rep_id: int, action: str, contact_id: int | None = None) -> None:
    """Record that a rep viewed, copied or emailed an item (the input of usage analytics)."""
    if action not in USE_ACTIONS:
        raise ValueError(f"unknown use {action!r}; use one of {', '.join(USE_ACTIONS)}")
    with db.session() as session:
        item_id = session.scalar(select(PlaybookItem.id).where(PlaybookItem.slug == slug))
        if item_id is None:
            raise PlaybookItemNotFound(f"no playbook item {slug!r}")
        session.add(PlaybookUse(item_id=item_id, rep_id=rep_id, contact_id=contact_id, action=action))
        session.commit()
