"""The demo generator: deterministic, realistic, and the planted profiles behave as described."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from repfocus.domain.demo import DemoConfig, DemoConfigInvalid, RepWork, generate_rep, plan_org
from repfocus.domain.demo.book import tier_of
from repfocus.domain.demo.calendar import us_holidays, working_days
from repfocus.domain.demo.catalog import TITLES
from repfocus.domain.demo.days import WORK
from repfocus.domain.demo.profiles import CONTENT, SELLING, blur, content_hunter, healthy
from repfocus.domain.demo.world import assign_profiles
from repfocus.domain.personas import persona_for_title

TODAY = date(2026, 11, 30)
ZONE = ZoneInfo("America/Chicago")
CAUSES = ("direction", "knowledge_tools", "competencies", "motivation", "dna")


@pytest.fixture(scope="module")
def works() -> list[RepWork]:
    plan = plan_org(DemoConfig(today=TODAY))
    return [generate_rep(plan, rep) for rep in plan.reps]


def _of(works: list[RepWork], profile: str) -> list[RepWork]:
    found = [w for w in works if w.rep.profile == profile]
    assert found, f"no {profile} in the demo"
    return found


def _minutes(work: RepWork, categories: tuple[str, ...]) -> int:
    return sum(a.duration_minutes for a in work.activities if a.category in categories)


def _total(work: RepWork) -> int:
    return sum(a.duration_minutes for a in work.activities)


def test_same_seed_generates_the_same_organization(works: list[RepWork]) -> None:
    plan = plan_org(DemoConfig(today=TODAY))
    assert [generate_rep(plan, rep) for rep in plan.reps] == works


def test_another_seed_generates_another_organization(works: list[RepWork]) -> None:
    plan = plan_org(DemoConfig(today=TODAY, seed=8))
    other = generate_rep(plan, plan.reps[0])
    assert other.activities != works[0].activities
    assert [r.name for r in plan.reps] != [w.rep.name for w in works]


def test_default_demo_has_three_teams_24_reps_13_weeks_ending_this_week() -> None:
    plan = plan_org(DemoConfig(today=TODAY))
    assert len(plan.teams) == 3 and len(plan.reps) == 24
    assert plan.first_day == date(2026, 9, 7) and plan.first_day.weekday() == 0
    assert plan.last_day == TODAY
    assert (
        len({r.email for r in plan.reps} | {t.manager.email for t in plan.teams} | {plan.leader.email}) == 28
    )


def test_noise_sends_some_direction_reps_to_teams_with_targets() -> None:
    plan = plan_org(DemoConfig(today=TODAY, reps=500, teams=5, noise=1.0))
    direction = [r for r in plan.reps if r.cause == "direction"]
    elsewhere = sum(r.team != 4 for r in direction) / len(direction)
    assert 0.3 < elsewhere < 0.7


def test_at_least_three_reps_are_planted_for_each_root_cause(works: list[RepWork]) -> None:
    causes = Counter(w.rep.cause for w in works)
    assert all(causes[c] >= 3 for c in CAUSES), causes
    assert causes[None] >= 6


def test_a_large_organization_keeps_one_rep_in_eight_per_cause() -> None:
    profiles = assign_profiles(500)
    plan = plan_org(DemoConfig(today=TODAY, reps=500, teams=10))
    causes = Counter(r.cause for r in plan.reps)
    assert len(profiles) == 500 and all(60 <= causes[c] <= 65 for c in CAUSES)
    assert len({r.email for r in plan.reps}) == 500


def test_the_team_without_targets_is_made_of_the_direction_reps() -> None:
    plan = plan_org(DemoConfig(today=TODAY))
    assert [t.has_targets for t in plan.teams] == [True, True, False]
    assert {t.team for t in plan.targets} == {0, 1}
    assert {r.cause for r in plan.reps if r.team == 2} == {"direction"}
    assert sorted(sum(r.team == t for r in plan.reps) for t in range(2)) == [10, 11]


def test_work_happens_in_office_hours_on_working_days(works: list[RepWork]) -> None:
    _assert_office_hours(works)


def _assert_office_hours(works: list[RepWork]) -> None:
    thanksgiving = date(2026, 11, 26)
    for w in works:
        for a in w.activities:
            local = a.started_at.astimezone(ZONE)
            assert local.weekday() < 5 and local.date() not in (thanksgiving, thanksgiving.replace(day=27))
            end = (local + timedelta(minutes=a.duration_minutes)).time()
            assert time(7, 0) <= local.time() < end <= time(19, 0), a


def test_durations_fit_each_kind_of_work(works: list[RepWork]) -> None:
    _assert_durations(works)


def _assert_durations(works: list[RepWork]) -> None:
    for w in works:
        for a in w.activities:
            lo, hi, _ = WORK[a.category].minutes
            factor = w.rep.behaviour.email_factor if a.category == "prospecting_email" else 1.0
            assert lo * min(factor, 1) - 5 <= a.duration_minutes <= hi * max(factor, 1) + 5, a


def test_every_monday_starts_with_the_team_meeting(works: list[RepWork]) -> None:
    first: dict[tuple[int, date], str] = {}
    for w in works:
        for a in sorted(w.activities, key=lambda a: a.started_at):
            first.setdefault((w.rep.index, a.started_at.astimezone(ZONE).date()), a.category)
    mondays = [c for (_, day), c in first.items() if day.weekday() == 0]
    assert mondays and set(mondays) == {"internal_meeting"}


def test_reps_log_a_plausible_working_week(works: list[RepWork]) -> None:
    _assert_working_week(works)


def _assert_working_week(works: list[RepWork]) -> None:
    for w in works:
        hours_per_week = _total(w) / 60 / 13
        assert 22 <= hours_per_week <= 40, (w.rep.profile, hours_per_week)


def test_contact_titles_fit_their_persona(works: list[RepWork]) -> None:
    for w in works:
        for c in w.contacts:
            assert c.title in TITLES[c.persona]
            assert (c.account is None) == (c.persona == "candidate")


def test_the_title_rules_give_every_demo_title_its_persona_except_candidates() -> None:
    for persona, titles in TITLES.items():
        for title in titles:
            assert persona_for_title(title) == (persona if persona != "candidate" else "other"), title


def test_healthy_reps_sell_about_forty_percent_of_their_time(works: list[RepWork]) -> None:
    shares = [_minutes(w, SELLING) / _total(w) for w in _of(works, "healthy")]
    assert 0.34 <= sum(shares) / len(shares) <= 0.48


def test_content_hunters_spend_at_least_thirty_percent_on_content(works: list[RepWork]) -> None:
    for w in _of(works, "content_hunter"):
        assert _minutes(w, CONTENT) / _total(w) >= 0.30
    for w in _of(works, "healthy"):
        assert _minutes(w, CONTENT) / _total(w) < 0.15


def _selling_personas(work: RepWork) -> Counter[str]:
    touches = ("prospecting_call", "prospecting_email", "prospect_meeting")
    return Counter(
        work.contacts[a.contact].persona
        for a in work.activities
        if a.category in touches and a.contact is not None
    )


def test_avoiders_selling_touches_go_mostly_to_hr_recruiters(works: list[RepWork]) -> None:
    for w in _of(works, "avoider"):
        personas = _selling_personas(w)
        assert personas["hr_recruiter"] > 0.5 * personas.total() > personas["it_hiring_manager"]
    for w in _of(works, "healthy"):
        personas = _selling_personas(w)
        assert personas["it_hiring_manager"] > 0.5 * personas.total() > personas["hr_recruiter"]


def _weekly_selling_share(work: RepWork) -> list[float]:
    """Return the selling share of each week with at least three days of work."""
    per_week: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    days: dict[date, set[date]] = defaultdict(set)
    for a in work.activities:
        day = a.started_at.astimezone(ZONE).date()
        monday = date.fromordinal(day.toordinal() - day.weekday())
        per_week[monday][0] += a.duration_minutes * (a.category in SELLING)
        per_week[monday][1] += a.duration_minutes
        days[monday].add(day)
    return [s / t for monday, (s, t) in sorted(per_week.items()) if len(days[monday]) >= 3]


def _slope(ys: list[float]) -> float:
    n = len(ys)
    mx, my = (n - 1) / 2, sum(ys) / n
    return sum((x - mx) * (y - my) for x, y in enumerate(ys)) / sum((x - mx) ** 2 for x in range(n))


def test_sliders_selling_share_slopes_down_week_over_week(works: list[RepWork]) -> None:
    for w in _of(works, "slider"):
        shares = _weekly_selling_share(w)
        assert _slope(shares) < -0.005
        assert sum(shares[-3:]) / 3 < 0.85 * sum(shares[:3]) / 3
    slopes = [_slope(_weekly_selling_share(w)) for w in _of(works, "healthy")]
    assert sum(slopes) / len(slopes) > -0.004


def _touches_per_prospect(work: RepWork) -> float:
    touches = Counter(
        a.contact for a in work.activities if a.category in ("prospecting_call", "prospecting_email")
    )
    return touches.total() / len(touches)


def test_one_and_done_reps_give_each_prospect_a_single_attempt(works: list[RepWork]) -> None:
    for w in _of(works, "one_and_done"):
        assert _touches_per_prospect(w) == 1.0
    assert min(_touches_per_prospect(w) for w in _of(works, "healthy")) > 2.5


def test_direction_reps_scatter_across_tiers_and_service_more(works: list[RepWork]) -> None:
    def off_bullseye(w: RepWork) -> float:
        touches = ("prospecting_call", "prospecting_email", "prospect_meeting")
        tiers = [w.accounts[a.account].tier for a in w.activities if a.category in touches and a.account]
        return sum(t in ("C", "off") for t in tiers) / len(tiers)

    servicing = ("client_servicing", "consultant_care")
    direction, sound = _of(works, "own_rules"), _of(works, "healthy")
    healthy_mean = sum(map(off_bullseye, sound)) / len(sound)
    assert min(map(off_bullseye, direction)) > healthy_mean + 0.05
    assert sum(map(off_bullseye, direction)) / len(direction) > healthy_mean + 0.15
    assert min(_minutes(w, servicing) / _total(w) for w in direction) > 0.2


def test_funnel_ratios_follow_the_staffing_trade(works: list[RepWork]) -> None:
    jobs = [j for w in works for j in w.pipeline.job_orders]
    subs = [s for j in jobs for s in j.submittals]
    interviews = [s.interview for s in subs if s.interview]
    placements = [i.placement for i in interviews if i.placement]
    assert 1.8 <= len(subs) / len(jobs) <= 3.0
    assert 2.4 <= len(subs) / len(interviews) <= 3.8
    assert 4.0 <= len(interviews) / len(placements) <= 12.0
    assert {j.job_type for j in jobs} == {"contract", "direct_hire", "contract_to_hire"}
    assert all(j.opened_on <= s.submitted_on <= TODAY for j in jobs for s in j.submittals)
    assert all(p.start_on <= TODAY and (p.fee is None) == (p.job_type != "direct_hire") for p in placements)


def test_weak_closers_turn_few_meetings_into_job_orders(works: list[RepWork]) -> None:
    def jobs_per_meeting(w: RepWork) -> float:
        meetings = sum(a.category == "prospect_meeting" for a in w.activities)
        return len(w.pipeline.job_orders) / meetings

    assert max(jobs_per_meeting(w) for w in _of(works, "weak_closer")) < min(
        jobs_per_meeting(w) for w in _of(works, "healthy")
    )


def test_blur_moves_a_profile_towards_another() -> None:
    hunter, normal = content_hunter(random.Random(1)), healthy(random.Random(2))
    assert blur(hunter, normal, 0.0).shares == pytest.approx(hunter.shares)
    assert blur(hunter, normal, 1.0).shares == pytest.approx(normal.shares)
    half = blur(hunter, normal, 0.5)
    content = [sum(b.shares[c] for c in CONTENT) for b in (hunter, half, normal)]
    assert content[0] > content[1] > content[2]


def test_noise_blurs_planted_profiles() -> None:
    def content_share(noise: float) -> float:
        plan = plan_org(DemoConfig(today=TODAY, noise=noise))
        hunters = [r for r in plan.reps if r.profile == "content_hunter"]
        return sum(sum(r.behaviour.shares[c] for c in CONTENT) for r in hunters) / len(hunters)

    assert content_share(1.0) < content_share(0.5) < content_share(0.0)


@pytest.mark.parametrize(
    ("field", "value"), [("reps", 0), ("weeks", 0), ("weeks", 105), ("teams", 0), ("noise", 1.5)]
)
def test_bad_demo_options_are_rejected_with_the_reason(field: str, value: float) -> None:
    with pytest.raises(DemoConfigInvalid, match=field):
        DemoConfig(today=TODAY, **{field: value})


def test_us_office_holidays_are_observed_on_weekdays() -> None:
    days = us_holidays(2026)
    assert {date(2026, 7, 3), date(2026, 9, 7), date(2026, 11, 26), date(2026, 11, 27)} <= days
    assert date(2026, 12, 25) in days and date(2026, 7, 4) not in days
    assert working_days(date(2026, 11, 23), date(2026, 11, 29)) == [date(2026, 11, d) for d in (23, 24, 25)]


def test_tier_counts_how_well_an_account_fits_the_bullseye() -> None:
    assert tier_of("Software", 5000, ["java"]) == "A"
    assert tier_of("Retail", 5000, ["java"]) == "B"
    assert tier_of("Retail", 100, ["java"]) == "C"
    assert tier_of("Retail", 100, ["sap"]) == "off"


@pytest.mark.parametrize(("reps", "teams"), [(1, 1), (4, 2), (7, 3)])
def test_small_organizations_still_generate_every_rep(reps: int, teams: int) -> None:
    plan = plan_org(DemoConfig(today=TODAY, reps=reps, teams=teams, weeks=2))
    assert len(plan.reps) == reps and {r.team for r in plan.reps} == set(range(teams))
    assert all(generate_rep(plan, rep).activities for rep in plan.reps)


def test_a_fully_blurred_organization_still_keeps_office_hours_and_durations() -> None:
    plan = plan_org(DemoConfig(today=TODAY, noise=1.0, seed=11))
    works = [generate_rep(plan, rep) for rep in plan.reps[:8]]
    _assert_office_hours(works)
    _assert_durations(works)
    _assert_working_week(works)
