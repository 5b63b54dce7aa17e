"""Measures, cadence, trend, funnel and persistence read the right numbers on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from repfocus.analytics.cadence import cadence
from repfocus.analytics.funnel import funnel
from repfocus.analytics.measures import measure_reps
from repfocus.analytics.persistence import persistence
from repfocus.analytics.trend import trends
from repfocus.domain.period import Period
from repfocus.store.db import Database
from repfocus.store.models import Interview, JobOrder, Placement, Submittal, Target
from tests.factories import make_account, make_activity, make_contact, make_organization, make_team, make_user

MONDAY = date(2026, 11, 2)
PERIOD = Period(MONDAY, MONDAY + timedelta(days=13))  # two whole weeks


def _at(day: int, hour: int = 15) -> datetime:
    return datetime(2026, 11, 2 + day, hour, 0, tzinfo=UTC)


def _seed(db: Database) -> dict[str, int]:
    with db.session() as s:
        make_organization(s, time_zone="America/Chicago")
        team = make_team(s, name="East")
        good = make_user(s, email="good@x.com", name="Good", team_id=team.id)
        avoid = make_user(s, email="avoid@x.com", name="Avoider", team_id=team.id)
        a_prospect = make_account(s, tier="A", status="prospect")
        c_client = make_account(s, tier="C", status="active_client")
        ihm = make_contact(s, account_id=a_prospect.id, persona="it_hiring_manager")
        ihm2 = make_contact(s, account_id=a_prospect.id, persona="it_hiring_manager")
        hr = make_contact(s, account_id=c_client.id, persona="hr_recruiter")
        s.add_all(
            [
                Target(team_id=team.id, metric="bucket_share", key="selling", value=0.4),
                Target(team_id=team.id, metric="weekly_count", key="prospecting_call", value=4),
                Target(team_id=team.id, metric="weekly_count", key="prospect_meeting", value=1),
                Target(rep_id=avoid.id, metric="weekly_count", key="prospecting_call", value=2),
            ]
        )
        n = 0

        def act(
            rep: int, day: int, category: str, minutes: int, account: int | None, contact: int | None
        ) -> None:
            nonlocal n
            n += 1
            make_activity(
                s,
                rep_id=rep,
                started_at=_at(day),
                category=category,
                duration_minutes=minutes,
                account_id=account,
                contact_id=contact,
                source="csv",
                external_id=f"e{n}",
            )

        # good: week 1 four calls to ihm (A prospect), one meeting; week 2 two calls to ihm2, admin
        for _ in range(4):
            act(good.id, 0, "prospecting_call", 15, a_prospect.id, ihm.id)
        act(good.id, 1, "prospect_meeting", 60, a_prospect.id, ihm.id)
        act(good.id, 7, "prospecting_call", 15, a_prospect.id, ihm2.id)
        act(good.id, 8, "crm_admin", 90, None, None)
        # avoider: selling touches go to HR at a C client; one call to an ihm
        for day in (0, 7):
            act(avoid.id, day, "prospecting_call", 30, c_client.id, hr.id)
        act(avoid.id, 2, "prospecting_call", 20, a_prospect.id, ihm2.id)
        act(avoid.id, 3, "content_search", 150, None, None)
        jo = JobOrder(
            rep_id=good.id, account_id=a_prospect.id, title="Dev", job_type="contract", opened_on=MONDAY
        )
        jo2 = JobOrder(rep_id=good.id, title="QA", job_type="direct_hire", opened_on=MONDAY)
        s.add_all([jo, jo2])
        s.flush()
        subs = [Submittal(job_order_id=jo.id, submitted_on=MONDAY + timedelta(days=i)) for i in range(3)]
        s.add_all(subs)
        s.flush()
        s.add_all([Interview(submittal_id=subs[0].id, held_on=MONDAY + timedelta(days=5))])
        s.add(
            Placement(
                job_order_id=jo.id,
                submittal_id=subs[0].id,
                job_type="contract",
                start_on=MONDAY + timedelta(days=12),
            )
        )
        s.commit()
        return {"good": good.id, "avoid": avoid.id}


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
