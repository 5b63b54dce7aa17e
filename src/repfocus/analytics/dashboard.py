"""The team dashboard's measures and cadence from one read of the weekly rollups.

Measures sum every category per rep; the cadence heat map needs the targeted categories week by week.
Reading both from one pass (the targeted categories' weekly counts ride along with their sums) saves
the second seek into each (rep, category) run of weeks that reading them apart costs.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from repfocus.analytics.cadence import CadenceReport, RepCadence, cadence_for, cadence_report, weekly_targets
from repfocus.analytics.measures import MeasuresReport, RepMeasures, measures_for, measures_report
from repfocus.analytics.scope import RepRef, effective_targets, rep_refs, team_peers
from repfocus.analytics.sums import category_sums
from repfocus.domain.period import Period
from repfocus.store.bullseye import current_bullseye


def dashboard_for(
    session: Session, *, period: Period, reps: Sequence[RepRef], personas: bool = True
) -> tuple[dict[int, RepMeasures], dict[int, RepCadence]]:
    """Return (measures_for, cadence_for) of `reps` over `period`, read together."""
    bullseye = current_bullseye(session)
    targets = effective_targets(session, reps)
    weekly = weekly_targets(targets)
    sums = category_sums(
        session,
        period=period,
        rep_ids=[r.rep_id for r in reps],
        bullseye=bullseye,
        by_week=sorted({c for t in weekly.values() for c in t}),
    )
    measures = measures_for(
        session, period=period, reps=reps, bullseye=bullseye, personas=personas, targets=targets, sums=sums
    )
    counts = {rep_id: s.weekly for rep_id, s in sums.items() if s.weekly}
    return measures, cadence_for(session, period=period, reps=reps, targets=targets, counts=counts)


def team_dashboard(
    session: Session,
    *,
    period: Period,
    team: str | None = None,
    visible: tuple[str, frozenset[int]] = ("all", frozenset()),
) -> tuple[MeasuresReport, CadenceReport]:
    """Return the measures and the cadence reports of the selected reps, as measure_reps and cadence."""
    reps = rep_refs(session, team=team, visible=visible)
    peers = team_peers(session, reps)
    measures, cadences = dashboard_for(session, period=period, reps=peers)
    return measures_report(period, reps, peers, measures), cadence_report(period, reps, peers, cadences)
