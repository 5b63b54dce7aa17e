"""Follow-up persistence: how many prospecting touches each prospect contact gets before the rep stops.

Read from raw activities (the rollups do not keep contacts), grouped in SQL per rep and contact, then
per rep and touch count, so the database returns a small histogram, never the activities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repfocus.analytics.scope import RepRef, medians_by_team, rep_refs, team_peers
from repfocus.domain.measures import ratio
from repfocus.domain.period import Period
from repfocus.store.activities import org_zone
from repfocus.store.models import Account, Activity

TOUCHES: Final = ("prospecting_call", "prospecting_email", "prospect_meeting")


@dataclass(frozen=True, slots=True)
class RepPersistence:
    """How many prospect contacts got 1, 2, 3 … touches from the rep in the period."""

    rep: RepRef
    histogram: dict[int, int]

    @property
    def contacts(self) -> int:
        return sum(self.histogram.values())

    @property
    def touches(self) -> int:
        return sum(n * c for n, c in self.histogram.items())

    @property
    def touches_per_contact(self) -> float | None:
        return ratio(self.touches, self.contacts)

    @property
    def median_touches(self) -> float | None:
        if not self.contacts:
            return None
        ordered = [n for n, c in sorted(self.histogram.items()) for _ in range(c)]
        mid = len(ordered) // 2
        return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2

    @property
    def single_touch_share(self) -> float | None:
        """Share of prospect contacts the rep touched once and never again: giving up after one attempt."""
        return ratio(self.histogram.get(1, 0), self.contacts)

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.rep.as_dict(),
            "contacts": self.contacts,
            "touches": self.touches,
            "touches_per_contact": self.touches_per_contact,
            "median_touches": self.median_touches,
            "single_touch_share": self.single_touch_share,
            "histogram": {str(n): c for n, c in sorted(self.histogram.items())},
        }


@dataclass(frozen=True, slots=True)
class PersistenceReport:
    period: Period
    reps: list[RepPersistence]
    team_medians: dict[str, dict[str, float | None]]

    def as_dict(self) -> dict[str, Any]:
        """Return {"period", "reps": [RepPersistence.as_dict()], "team_medians"}."""
        return {
            "period": self.period.as_dict(),
            "reps": [r.as_dict() for r in self.reps],
            "team_medians": self.team_medians,
        }

    def as_table(self) -> tuple[list[str], list[list[Any]]]:
        """Return (header, rows): contacts, touches, touches per contact and single-touch share per rep."""
        header = [
            "email",
            "name",
            "team",
            "contacts",
            "touches",
            "touches_per_contact",
            "median_touches",
            "single_touch_share",
            "team_median_touches_per_contact",
        ]
        rows = [
            [
                *p.rep.as_dict().values(),
                p.contacts,
                p.touches,
                p.touches_per_contact,
                p.median_touches,
                p.single_touch_share,
                self.team_medians.get(p.rep.team or "", {}).get("touches_per_contact"),
            ]
            for p in self.reps
        ]
        return header, rows


def utc_bounds(session: Session, period: Period) -> tuple[datetime, datetime]:
    """Return [start, end) in UTC covering the period's local days in the organization's time zone."""
    zone = org_zone(session)
    start = datetime.combine(period.start, time(0), zone).astimezone(UTC)
    end = datetime.combine(period.end + timedelta(days=1), time(0), zone).astimezone(UTC)
    return start, end


def persistence_for(session: Session, *, period: Period, reps: Sequence[RepRef]) -> dict[int, RepPersistence]:
    """Return each rep's touches-per-prospect-contact histogram over `period`."""
    ids = [r.rep_id for r in reps]
    hist: dict[int, dict[int, int]] = defaultdict(dict)
    if ids:
        start, end = utc_bounds(session, period)
        per_contact = (
            select(Activity.rep_id, Activity.contact_id, func.count().label("n"))
            .join(Account, Account.id == Activity.account_id)
            .where(
                Activity.rep_id.in_(ids),
                Activity.started_at >= start,
                Activity.started_at < end,
                Activity.category.in_(TOUCHES),
                Activity.contact_id.is_not(None),
                Account.status == "prospect",
            )
            .group_by(Activity.rep_id, Activity.contact_id)
            .subquery()
        )
        stmt = select(per_contact.c.rep_id, per_contact.c.n, func.count()).group_by(
            per_contact.c.rep_id, per_contact.c.n
        )
        for rep_id, n, contacts in session.execute(stmt):
            hist[rep_id][int(n)] = int(contacts)
    return {rep.rep_id: RepPersistence(rep, dict(sorted(hist[rep.rep_id].items()))) for rep in reps}


def persistence(
    session: Session,
    *,
    period: Period,
    team: str | None = None,
    rep_email: str | None = None,
    rep_ids: Sequence[int] | None = None,
    visible: tuple[str, frozenset[int]] = ("all", frozenset()),
) -> PersistenceReport:
    """Return the follow-up persistence of the selected reps over `period`, with team medians."""
    reps = rep_refs(session, team=team, rep_email=rep_email, rep_ids=rep_ids, visible=visible)
    peers = team_peers(session, reps)
    values = persistence_for(session, period=period, reps=peers)
    fields = {
        "touches_per_contact": lambda p: p.touches_per_contact,
        "single_touch_share": lambda p: p.single_touch_share,
    }
    return PersistenceReport(period, [values[r.rep_id] for r in reps], medians_by_team(peers, values, fields))
