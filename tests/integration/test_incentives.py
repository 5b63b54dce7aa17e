"""Incentive plans through their service, on SQLite and PostgreSQL: payouts from the rollups match a hand
count, the plan's window and teams, rights per role, checked and audited writes."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from repfocus.domain.access import AccessDenied
from repfocus.domain.period import Period
from repfocus.services import incentives
from repfocus.services.incentives import IncentiveInvalid, IncentiveNotFound
from repfocus.store.models import AuditEntry
from tests.integration.sales_org import Org, log_days

DECEMBER = Period(date(2026, 12, 1), date(2026, 12, 31))


def _plan(**kw: Any) -> dict[str, Any]:
    return {
        "name": "December hunt",
        "valid_from": "2026-12-01",
        "valid_to": "2026-12-31",
        "rules": [
            {
                "name": "Prospect meetings",
                "category": "prospect_meeting",
                "per_event": "25.00",
                "tiers": [{"from": 3, "amount": "40.00"}],
                "cap": "150.00",
            },
            {"name": "Calls", "category": "prospecting_call", "per_event": "2.00"},
        ],
        **kw,
    }


def _days(start: date, n: int) -> list[date]:
    return [start + timedelta(days=i % 28) for i in range(n)]


def _amounts(report: incentives.PayoutReport) -> dict[tuple[str, str], tuple[int, str]]:
    return {(p.rep.email, p.line.rule): (p.line.count, str(p.line.amount)) for p in report.lines}


def test_payouts_match_a_hand_count_of_the_activities_in_the_window(org: Org) -> None:
    incentives.create_plan(org.db, actor=org.actors["leader"], definition=_plan())
    log_days(org, "rep", "prospect_meeting", _days(date(2026, 12, 1), 4))  # 3 x 25 + 1 x 40 = 115
    log_days(org, "rep", "prospect_meeting", [date(2026, 11, 30), date(2027, 1, 1)])  # outside the window
    log_days(org, "rep", "prospecting_call", _days(date(2026, 12, 3), 17))  # 17 x 2 = 34
    log_days(org, "rep2", "prospect_meeting", _days(date(2026, 12, 2), 9))  # 75 + 6 x 40 = 315, capped at 150
    log_days(org, "rep2", "crm_admin", _days(date(2026, 12, 2), 5))  # pays nothing
    report = incentives.payouts(org.db, actor=org.actors["leader"], period=DECEMBER)
    got = _amounts(report)
    assert got[("rep@example.com", "Prospect meetings")] == (4, "115.00")
    assert got[("rep@example.com", "Calls")] == (17, "34.00")
    assert got[("rep2@example.com", "Prospect meetings")] == (9, "150.00")
    assert got[("rep2@example.com", "Calls")] == (0, "0.00")
    assert got[("orep@example.com", "Calls")] == (0, "0.00")
    capped = [p.line.capped for p in report.lines if p.rep.email == "rep2@example.com"]
    assert capped == [True, False]
    totals = report.totals()
    assert totals["rep@example.com"] == {"USD": Decimal("149.00")}
    assert totals["rep2@example.com"] == {"USD": Decimal("150.00")}


def test_a_period_reaching_past_the_window_counts_only_the_days_inside_it(org: Org) -> None:
    incentives.create_plan(org.db, actor=None, definition=_plan(valid_from="2026-12-10"))
    log_days(
        org, "rep", "prospecting_call", _days(date(2026, 12, 5), 10)
    )  # 5th..14th: the 10th, 11th and 12th count
    report = incentives.payouts(org.db, actor=None, period=Period(date(2026, 11, 1), date(2026, 12, 12)))
    assert _amounts(report)[("rep@example.com", "Calls")] == (3, "6.00")
    later = incentives.payouts(org.db, actor=None, period=Period(date(2027, 1, 1), date(2027, 1, 31)))
    assert later.lines == ()


def test_a_plan_for_a_team_pays_only_its_reps_and_a_rep_sees_only_their_own(org: Org) -> None:
    incentives.create_plan(org.db, actor=None, definition=_plan(teams=["Team B"], name="West only"))
    incentives.create_plan(org.db, actor=None, definition=_plan(name="Everyone"))
    log_days(org, "other_rep", "prospecting_call", _days(date(2026, 12, 1), 3))
    leader = incentives.payouts(org.db, actor=org.actors["leader"], period=DECEMBER)
    assert {(p.rep.email, p.plan) for p in leader.lines if p.line.rule == "Calls"} == {
        ("orep@example.com", "West only"),
        ("orep@example.com", "Everyone"),
        ("rep@example.com", "Everyone"),
        ("rep2@example.com", "Everyone"),
    }
    mine = incentives.payouts(org.db, actor=org.actors["rep"], period=DECEMBER)
    assert {p.rep.email for p in mine.lines} == {"rep@example.com"}
    team = incentives.payouts(org.db, actor=org.actors["manager"], period=DECEMBER)
    assert {p.rep.email for p in team.lines} == {"rep@example.com", "rep2@example.com"}
    only_b = incentives.payouts(org.db, actor=org.actors["leader"], period=DECEMBER, team="Team B")
    assert {p.rep.email for p in only_b.lines} == {"orep@example.com"}
    rep_plans = incentives.list_plans(org.db, actor=org.actors["rep"])
    assert [p.plan.name for p in rep_plans] == ["Everyone"]
    assert len(incentives.list_plans(org.db, actor=org.actors["manager"])) == 2


def test_only_leaders_write_plans_and_delivery_reads_nothing(org: Org) -> None:
    for who in ("manager", "rep", "delivery"):
        with pytest.raises(AccessDenied):
            incentives.create_plan(org.db, actor=org.actors[who], definition=_plan())
    with pytest.raises(AccessDenied):
        incentives.list_plans(org.db, actor=org.actors["delivery"])
    with pytest.raises(AccessDenied):
        incentives.payouts(org.db, actor=org.actors["delivery"], period=DECEMBER)
    made = incentives.create_plan(org.db, actor=org.actors["leader"], definition=_plan())
    with pytest.raises(AccessDenied):
        incentives.deactivate_plan(org.db, actor=org.actors["manager"], plan_id=made.id)


def test_writes_are_checked_naming_the_field_and_audited(org: Org) -> None:
    leader = org.actors["leader"]
    with pytest.raises(IncentiveInvalid) as caught:
        incentives.create_plan(org.db, actor=leader, definition=_plan(teams=["Nowhere"]))
    assert caught.value.field == "teams"
    bad = _plan()
    bad["rules"][1]["per_event"] = "-3"
    with pytest.raises(IncentiveInvalid) as caught:
        incentives.create_plan(org.db, actor=leader, definition=bad)
    assert caught.value.field == "rules[1].per_event"
    assert incentives.list_plans(org.db, actor=None, include_inactive=True) == []
    made = incentives.create_plan(org.db, actor=leader, definition=_plan(teams=["Team A"]))
    assert made.teams == ("Team A",) and made.plan.currency == "USD"
    changed = incentives.update_plan(
        org.db, actor=leader, plan_id=made.id, definition=_plan(name="Renamed", teams=[])
    )
    assert (changed.plan.name, changed.teams) == ("Renamed", ())
    off = incentives.deactivate_plan(org.db, actor=leader, plan_id=made.id)
    assert off.is_active is False
    assert incentives.list_plans(org.db, actor=None) == []
    assert incentives.payouts(org.db, actor=None, period=DECEMBER).lines == ()
    with pytest.raises(IncentiveNotFound):
        incentives.update_plan(org.db, actor=leader, plan_id=made.id + 99, definition=_plan())
    with org.db.read_session() as s:
        actions = list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["incentive.create", "incentive.update", "incentive.deactivate"]


def test_an_unknown_team_filter_is_refused(org: Org) -> None:
    with pytest.raises(IncentiveInvalid) as caught:
        incentives.payouts(org.db, actor=None, period=DECEMBER, team="Nowhere")
    assert caught.value.field == "team"
