"""The dashboard reads measures and cadence in one pass; it must give what they give read apart."""

from __future__ import annotations

from datetime import timedelta

import pytest

from repfocus.analytics.cadence import cadence, cadence_for
from repfocus.analytics.dashboard import dashboard_for, team_dashboard
from repfocus.analytics.measures import measure_reps, measures_for
from repfocus.analytics.scope import rep_refs
from repfocus.domain.period import Period
from repfocus.store.db import Database
from tests.measures_scenario import MONDAY, PERIOD
from tests.measures_scenario import seed_team as _seed


@pytest.mark.parametrize(("start", "end"), [(0, 13), (1, 9), (2, 3), (-3, 20)])
def test_dashboard_read_equals_measures_and_cadence_apart(any_db: Database, start: int, end: int) -> None:
    _seed(any_db)
    period = Period(MONDAY + timedelta(days=start), MONDAY + timedelta(days=end))
    with any_db.session() as s:
        reps = rep_refs(s)
        measures, cadences = dashboard_for(s, period=period, reps=reps)
        assert measures == measures_for(s, period=period, reps=reps)
        assert cadences == cadence_for(s, period=period, reps=reps)
    assert any(any(week) for c in cadences.values() for week in c.weekly)  # cadence work in each period


def test_team_dashboard_equals_the_measures_and_cadence_reports(any_db: Database) -> None:
    _seed(any_db)
    with any_db.session() as s:
        measures, cadences = team_dashboard(s, period=PERIOD, team="East")
        assert measures == measure_reps(s, period=PERIOD, team="East")
        assert cadences == cadence(s, period=PERIOD, team="East")
    assert {m.rep.name for m in measures.reps} == {"Good", "Avoider"}
