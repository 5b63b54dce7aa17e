"""Incentive arithmetic: per-event amounts, marginal tiers, the accelerator, the cap, window clipping."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repfocus.domain.incentives import (
    Accelerator,
    IncentiveInvalid,
    IncentivePlan,
    Rule,
    Tier,
    check_plan,
    clip,
    plan_lines,
    rule_line,
    total,
)
from repfocus.domain.period import Period

TIERED = Rule("Meetings", "prospect_meeting", D("25.00"), (Tier(10, D("35.00")), Tier(20, D("50.00"))))


def _plan(**rule: Any) -> dict[str, Any]:
    return {
        "name": "New logos",
        "valid_from": "2026-12-01",
        "valid_to": "2026-12-31",
        "rules": [{"category": "prospect_meeting", "per_event": "25.00", **rule}],
    }


def test_a_flat_rule_pays_the_amount_per_event() -> None:
    line = rule_line(Rule("Calls", "prospecting_call", D("2.50")), 7)
    assert (line.count, line.gross, line.amount, line.capped, line.rate) == (
        7,
        D("17.50"),
        D("17.50"),
        False,
        "7 × 2.50",
    )


def test_no_activity_pays_nothing_and_says_so() -> None:
    line = rule_line(TIERED, 0)
    assert (line.amount, line.bands, line.rate) == (D("0.00"), (), "—")


def test_tiers_are_marginal_each_event_paid_at_the_rate_of_its_own_band() -> None:
    line = rule_line(TIERED, 25)
    assert [(b.events, b.rate) for b in line.bands] == [(10, D("25.00")), (10, D("35.00")), (5, D("50.00"))]
    assert line.amount == 10 * D(25) + 10 * D(35) + 5 * D(50) == D("850.00")


def test_the_event_on_a_tier_boundary_still_pays_the_lower_rate() -> None:
    assert rule_line(TIERED, 10).amount == D("250.00")
    assert rule_line(TIERED, 11).amount == D("285.00")


def test_the_accelerator_multiplies_only_the_events_past_its_threshold() -> None:
    rule = Rule("Meetings", "prospect_meeting", D("20.00"), accelerator=Accelerator(8, D("1.5")))
    line = rule_line(rule, 10)
    assert [(b.events, b.rate) for b in line.bands] == [(8, D("20.00")), (2, D("30.00"))]
    assert line.amount == D("220.00")


def test_the_accelerator_and_tiers_combine_and_round_each_rate_to_the_cent() -> None:
    rule = Rule("Meetings", "prospect_meeting", D("10.00"), (Tier(5, D("12.35")),), Accelerator(6, D("1.25")))
    line = rule_line(rule, 8)
    assert [(b.events, b.rate) for b in line.bands] == [(5, D("10.00")), (1, D("12.35")), (2, D("15.44"))]
    assert line.amount == D("93.23")


def test_the_cap_limits_a_rule_and_marks_the_line_capped() -> None:
    rule = Rule("Meetings", "prospect_meeting", D("25.00"), cap=D("200.00"))
    line = rule_line(rule, 10)
    assert (line.gross, line.amount, line.capped) == (D("250.00"), D("200.00"), True)
    assert rule_line(rule, 8).capped is False


def test_a_plan_pays_the_sum_of_its_rules_for_their_categories() -> None:
    plan = IncentivePlan(
        "Hunt",
        date(2026, 12, 1),
        date(2026, 12, 31),
        "USD",
        (TIERED, Rule("Calls", "prospecting_call", D("1.00"), cap=D("30.00"))),
    )
    lines = plan_lines(plan, {"prospect_meeting": 12, "prospecting_call": 45, "crm_admin": 99})
    assert [(x.rule, x.count, x.amount) for x in lines] == [
        ("Meetings", 12, D("320.00")),
        ("Calls", 45, D("30.00")),
    ]
    assert total(lines) == D("350.00")


def test_the_window_clips_the_period_and_a_period_outside_it_pays_nothing() -> None:
    plan = check_plan(_plan())
    assert clip(plan, Period(date(2026, 11, 15), date(2026, 12, 10))) == Period(
        date(2026, 12, 1), date(2026, 12, 10)
    )
    assert clip(plan, Period(date(2026, 12, 5), date(2027, 1, 5))) == Period(
        date(2026, 12, 5), date(2026, 12, 31)
    )
    assert clip(plan, Period(date(2027, 1, 1), date(2027, 1, 31))) is None


def test_a_plan_is_read_from_data_with_its_tiers_accelerator_and_cap() -> None:
    plan = check_plan(
        _plan(
            name="Meetings",
            tiers=[{"from": 10, "amount": "35"}, {"from": 20, "amount": 50}],
            accelerator={"after": 30, "multiplier": "1.5"},
            cap="2000",
        )
    )
    (rule,) = plan.rules
    assert (plan.currency, plan.valid_from) == ("USD", date(2026, 12, 1))
    assert rule.tiers == (Tier(10, D("35.00")), Tier(20, D("50.00")))
    assert (rule.accelerator, rule.cap) == (Accelerator(30, D("1.50")), D("2000.00"))
    assert check_plan({**_plan(), "rules": [rule.as_dict()]}).rules == (rule,)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": " "}, "name"),
        ({"valid_to": "2026-11-30"}, "valid_to"),
        ({"valid_from": "1 Dec"}, "valid_from"),
        ({"valid_from": "0001-01-01"}, "valid_from"),
        ({"currency": "dollars"}, "currency"),
        ({"rules": []}, "rules"),
        ({"bonus": 1}, "bonus"),
        (_plan(category="golf"), "rules[0].category"),
        (_plan(per_event="-1"), "rules[0].per_event"),
        (_plan(per_event="2.555"), "rules[0].per_event"),
        (_plan(per_event=True), "rules[0].per_event"),
        (_plan(tiers=[{"from": 10, "amount": "3"}, {"from": 10, "amount": "4"}]), "rules[0].tiers[1].from"),
        (_plan(tiers=[{"from": 0, "amount": "3"}]), "rules[0].tiers[0].from"),
        (_plan(tiers=[{"from": 5, "amount": "x"}]), "rules[0].tiers[0].amount"),
        (_plan(tiers=[{"from": 5, "amount": "1", "to": 9}]), "rules[0].tiers[0].to"),
        (_plan(accelerator={"after": 5, "multiplier": "0.5"}), "rules[0].accelerator.multiplier"),
        (_plan(accelerator={"after": -1, "multiplier": "2"}), "rules[0].accelerator.after"),
        (_plan(cap="lots"), "rules[0].cap"),
    ],
)
def test_a_bad_plan_is_refused_naming_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(IncentiveInvalid) as caught:
        check_plan({**_plan(), **data})
    assert caught.value.field == field


cents = st.integers(0, 100_000).map(lambda n: D(n) / 100)
rules = st.builds(
    Rule,
    st.just("r"),
    st.just("prospect_meeting"),
    cents,
    st.lists(st.tuples(st.integers(1, 40), cents), max_size=3, unique_by=lambda t: t[0]).map(
        lambda ts: tuple(Tier(s, r) for s, r in sorted(ts))
    ),
    st.one_of(st.none(), st.builds(Accelerator, st.integers(0, 40), st.sampled_from([D("1.25"), D("2")]))),
    st.one_of(st.none(), cents),
)


def _by_hand(rule: Rule, count: int) -> D:
    """Pay each event one at a time: the rate of the last tier it reached, times the accelerator."""
    paid = D(0)
    for i in range(count):  # i events paid before this one
        rate = rule.per_event
        for tier in rule.tiers:
            if i >= tier.start:
                rate = tier.rate
        if rule.accelerator and i >= rule.accelerator.after:
            rate = (rate * rule.accelerator.multiplier).quantize(D("0.01"), "ROUND_HALF_UP")
        paid += rate
    return min(paid, rule.cap) if rule.cap is not None else paid


@given(rules, st.integers(0, 80))
def test_the_bands_pay_what_paying_event_by_event_pays(rule: Rule, count: int) -> None:
    line = rule_line(rule, count)
    assert sum(b.events for b in line.bands) == count
    assert line.amount == _by_hand(rule, count)
    assert line.amount <= line.gross and line.capped == (line.amount < line.gross)


def test_the_worked_example_of_the_docs_pays_what_they_say() -> None:
    plan = check_plan(
        {
            "name": "Open new accounts",
            "valid_from": date(2026, 12, 1),
            "valid_to": date(2027, 3, 31),
            "rules": [
                {
                    "name": "Prospect meetings",
                    "category": "prospect_meeting",
                    "per_event": "25.00",
                    "tiers": [{"from": 10, "amount": "35.00"}, {"from": 20, "amount": "50.00"}],
                    "accelerator": {"after": 20, "multiplier": "1.5"},
                    "cap": "1000.00",
                },
                {
                    "name": "Prospecting calls",
                    "category": "prospecting_call",
                    "per_event": "1.00",
                    "cap": "100.00",
                },
            ],
        }
    )
    lines = plan_lines(plan, {"prospect_meeting": 25, "prospecting_call": 140})
    assert [(x.rate, x.gross, x.amount, x.capped) for x in lines] == [
        ("10 × 25.00 + 10 × 35.00 + 5 × 75.00", D("975.00"), D("975.00"), False),
        ("140 × 1.00", D("140.00"), D("100.00"), True),
    ]
    assert total(lines) == D("1075.00")
