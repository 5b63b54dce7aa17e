"""Measures, cadence, trend, funnel and persistence read the right numbers on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from repfocus.analytics.cadence import cadence
from repfocus.analytics.funnel import funnel
from repfocus.analytics.measures import measure_reps
from repfocus.analytics.persistence import persistence
from repfocus.analytics.sums import RepSums, category_sums, weekly_counts
from repfocus.analytics.trend import trends
from repfocus.domain.period import Period
from repfocus.domain.taxonomy import BUCKETS
from repfocus.store.bullseye import current_bullseye
from repfocus.store.db import Database
from repfocus.store.models import ActivityRollup
from tests.measures_scenario import MONDAY, PERIOD
from tests.measures_scenario import seed_team as _seed


def test_on_target_share_persona_mix_and_new_logo_effort(any_db: Database) -> None:
    ids = _seed(any_db)
    with any_db.session() as s:
        report = measure_reps(s, period=PERIOD, team="East")
    good, avoid = sorted(report.reps, key=lambda m: m.rep.name != "Good")
    assert good.rep.rep_id == ids["good"]
    assert good.minutes["selling"] == 135 and good.minutes["admin"] == 90
    assert good.selling_share == round(135 / 225, 4)
    assert good.target_selling_share == 0.4
    assert good.on_target_share == 1.0
    assert good.persona_touches["it_hiring_manager"] == 6
    assert good.new_logo_share == 1.0
    assert avoid.on_target_minutes == 20
    assert avoid.on_target_share == round(20 / 80, 4)
    assert avoid.avoid_persona_share == round(2 / 3, 4)
    assert avoid.new_logo_share == 0.25
    assert avoid.minutes["research_content"] == 150
    assert report.team_medians["East"]["on_target_share"] == round((1.0 + 0.25) / 2, 4)


def test_cadence_uses_the_rep_override_and_scores_each_week(any_db: Database) -> None:
    _seed(any_db)
    with any_db.session() as s:
        report = cadence(s, period=PERIOD, team="East")
    by_name = {c.rep.name: c for c in report.reps}
    good, avoid = by_name["Good"], by_name["Avoider"]
    assert good.targets == {"prospecting_call": 4.0, "prospect_meeting": 1.0}
    assert [w.get("prospecting_call", 0) for w in good.weekly] == [4, 1]
    assert good.per_week == {"prospecting_call": 2.5, "prospect_meeting": 0.5}
    assert good.weekly_scores == [1.0, 0.125]
    assert good.score == round((2.5 / 4 + 0.5) / 2, 4)
    assert avoid.targets["prospecting_call"] == 2.0
    assert avoid.adherence["prospecting_call"] == 0.75  # 3 calls in 2 weeks vs 2 a week


def test_trend_slope_follows_the_weekly_selling_share(any_db: Database) -> None:
    _seed(any_db)
    with any_db.session() as s:
        report = trends(s, end=MONDAY + timedelta(days=13), weeks=2, rep_email="good@x.com")
    (good,) = report.reps
    assert good.selling_share == [1.0, round(15 / 105, 4)]
    assert good.selling_share_slope == round(15 / 105 - 1.0, 4)


def test_funnel_counts_each_stage_and_ratio_beside_the_team_median(any_db: Database) -> None:
    _seed(any_db)
    with any_db.session() as s:
        report = funnel(s, period=PERIOD, rep_email="good@x.com")
    (good,) = report.reps
    assert good.counts == {
        "leads": 0,
        "meetings": 1,
        "job_orders": 2,
        "submittals": 3,
        "interviews": 1,
        "placements": 1,
        "filled_job_orders": 1,
    }
    assert good.ratios["meeting_to_job_order"] == 2.0
    assert good.ratios["submittal_to_interview"] == 0.3333
    assert good.ratios["fill_rate"] == 0.5
    assert good.placement_mix["contract"] == 1.0
    assert report.team_medians["East"]["job_orders"] == 1.0  # median of 2 and 0
    assert report.target_placement_mix == {"contract": 0.6}


def test_persistence_counts_touches_per_prospect_contact(any_db: Database) -> None:
    _seed(any_db)
    with any_db.session() as s:
        report = persistence(s, period=PERIOD, team="East")
    by_name = {p.rep.name: p for p in report.reps}
    assert by_name["Good"].histogram == {1: 1, 5: 1}
    assert by_name["Good"].touches_per_contact == 3.0
    assert by_name["Avoider"].histogram == {1: 1}  # the HR calls are at a client, not a prospect
    assert by_name["Avoider"].single_touch_share == 1.0


@pytest.mark.parametrize(
    ("start", "end"),
    [(0, 13), (1, 9), (2, 3), (6, 7), (-3, 20), (0, 6), (1, 13)],
)
def test_sums_over_any_period_equal_the_daily_rollups(any_db: Database, start: int, end: int) -> None:
    """Whole weeks come from the weekly rollups, edge days from the daily ones; together, the daily total."""
    _seed(any_db)
    period = Period(MONDAY + timedelta(days=start), MONDAY + timedelta(days=end))
    with any_db.session() as s:
        bullseye = current_bullseye(s)
        rows = list(s.scalars(select(ActivityRollup)))
        ids = sorted({r.rep_id for r in rows})
        got = category_sums(s, period=period, rep_ids=ids, bullseye=bullseye)
        # read with the cadence categories' weekly counts (the dashboard's read), the sums are the same
        cadence = ["prospecting_call", "prospect_meeting"]
        with_weeks = category_sums(s, period=period, rep_ids=ids, bullseye=bullseye, by_week=cadence)
    for sums in with_weeks.values():
        sums.weekly = []
    want: dict[int, RepSums] = {}
    for r in rows:
        if period.start <= r.day <= period.end:
            acc = want.setdefault(r.rep_id, RepSums())
            acc.minutes[r.category] = acc.minutes.get(r.category, 0) + r.minutes
            acc.counts[r.category] = acc.counts.get(r.category, 0) + r.count
            if r.category in BUCKETS["selling"]:
                hit = r.tier in ("A", "B") and r.persona in bullseye.target_personas
                acc.on_target += r.minutes if hit else 0
                acc.new_logo += r.minutes if r.account_status == "prospect" else 0
                acc.existing += r.minutes if r.account_status not in ("", "prospect") else 0
    assert want  # every period above holds some of the scenario's work
    assert got == want
    assert with_weeks == want


@pytest.mark.parametrize(
    ("start", "end"),
    [(0, 13), (1, 9), (2, 3), (6, 7), (-3, 20), (0, 6), (1, 13)],
)
def test_weekly_counts_over_any_period_equal_the_daily_rollups(
    any_db: Database, start: int, end: int
) -> None:
    """The cadence pivot (weekly rollups for whole weeks, daily ones at the edges) counts each week's days."""
    _seed(any_db)
    period = Period(MONDAY + timedelta(days=start), MONDAY + timedelta(days=end))
    mondays = period.weeks()
    categories = ["prospecting_call", "prospect_meeting", "job_order_intake"]
    with any_db.session() as s:
        rows = list(s.scalars(select(ActivityRollup)))
        ids = sorted({r.rep_id for r in rows})
        got = weekly_counts(
            s, period=period, rep_ids=ids, categories=categories, bullseye=current_bullseye(s)
        )
    want: dict[int, list[dict[str, int]]] = {}
    for r in rows:
        if period.start <= r.day <= period.end and r.category in categories and r.count:
            week = want.setdefault(r.rep_id, [{} for _ in mondays])[(r.day - mondays[0]).days // 7]
            week[r.category] = week.get(r.category, 0) + r.count
    assert want  # the scenario has cadence work in every period above
    assert got == want
