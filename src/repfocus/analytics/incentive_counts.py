"""What incentive plans pay for and recognition programs reward: counts (and minutes) per rep and category
over a period, from the rollups."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from repfocus.analytics.sums import category_sums
from repfocus.domain.bullseye import Bullseye
from repfocus.domain.period import Period


def event_counts(
    session: Session, *, period: Period, rep_ids: Sequence[int], categories: Sequence[str]
) -> dict[int, dict[str, int]]:
    """Return {rep_id: {category: count}} of the activities in `period` (local days), read from the
    weekly rollups for whole weeks and the daily ones at the edges; reps without any are left out."""
    totals = activity_totals(session, period=period, rep_ids=rep_ids, categories=categories)
    return {rep_id: counts for rep_id, (_, counts) in totals.items()}


def activity_totals(
    session: Session, *, period: Period, rep_ids: Sequence[int], categories: Sequence[str]
) -> dict[int, tuple[dict[str, int], dict[str, int]]]:
    """Return {rep_id: ({category: minutes}, {category: count})} of the activities in `period` (local days),
    read from the weekly rollups for whole weeks and the daily ones at the edges; reps without any are left
    out."""
    if not rep_ids or not categories:
        return {}
    # the bullseye only splits selling minutes, which these totals do not use: any bullseye gives the same
    sums = category_sums(
        session, period=period, rep_ids=rep_ids, bullseye=Bullseye(), categories=sorted(set(categories))
    )
    return {rep_id: (dict(s.minutes), dict(s.counts)) for rep_id, s in sums.items() if s.counts}
