"""Report use cases: open a read-only session and hand back the analytics result."""

from __future__ import annotations

from datetime import date, datetime

from repfocus.analytics.allocation import AllocationReport, allocation
from repfocus.domain.access import Actor, can_view_sales_data, require, visible_rep_filter
from repfocus.domain.period import Period
from repfocus.store.activities import org_zone
from repfocus.store.db import Database


def default_period(db: Database, *, weeks: int = 13, today: date | None = None) -> Period:
    """Return the last `weeks` whole weeks up to today in the organization's time zone."""
    with db.read_session() as session:
        zone = org_zone(session)
    return Period.last_weeks(weeks, today=today or datetime.now(zone).date())


def allocation_report(
    db: Database,
    *,
    actor: Actor | None,
    period: Period,
    team: str | None = None,
    rep_email: str | None = None,
) -> AllocationReport:
    """Return the allocation report for the filters, narrowed to the reps `actor` may see.

    actor None is the command line (the server's owner): every rep. Delivery users are refused.
    """
    visible: tuple[str, frozenset[int]] = ("all", frozenset())
    if actor is not None:
        require(can_view_sales_data(actor), "time allocation is for leaders, managers and reps")
        visible = visible_rep_filter(actor)
    with db.read_session() as session:
        return allocation(session, period=period, team=team, rep_email=rep_email, visible=visible)
