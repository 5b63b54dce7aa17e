"""The pure access rules: who sees which rep, who sets targets, which token scope allows what."""

from __future__ import annotations

import pytest

from repfocus.domain.access import (
    Actor,
    can_coach,
    can_edit_playbook,
    can_edit_targets,
    can_read_audit,
    can_view_accounts,
    can_view_rep,
    can_view_sales_data,
    can_view_team,
    password_problems,
    scope_allows,
    visible_rep_filter,
)

LEADER = Actor(1, "leader", frozenset(), "lead@x.com")
MANAGER_A = Actor(2, "manager", frozenset({10}), "ma@x.com")
MANAGER_B = Actor(3, "manager", frozenset({20}), "mb@x.com")
REP_A = Actor(4, "rep", frozenset({10}), "ra@x.com")
DELIVERY = Actor(5, "delivery", frozenset(), "d@x.com")


def test_rep_sees_only_their_own_data_even_in_their_own_team() -> None:
    assert can_view_rep(REP_A, 4, 10)
    assert not can_view_rep(REP_A, 6, 10)


def test_manager_sees_the_reps_of_the_teams_they_manage_only() -> None:
    assert can_view_rep(MANAGER_A, 4, 10)
    assert not can_view_rep(MANAGER_B, 4, 10)
    assert not can_view_rep(MANAGER_A, 7, None)


def test_leaders_and_managers_edit_the_playbook_and_reps_and_delivery_do_not() -> None:
    assert can_edit_playbook(LEADER) and can_edit_playbook(MANAGER_A) and can_edit_playbook(MANAGER_B)
    assert not can_edit_playbook(REP_A) and not can_edit_playbook(DELIVERY)


def test_leader_sees_everyone_and_delivery_no_one() -> None:
    assert can_view_rep(LEADER, 4, 10) and can_view_rep(LEADER, 9, None)
    assert not can_view_rep(DELIVERY, 4, 10)
    assert not can_view_sales_data(DELIVERY)


def test_only_leaders_set_targets_and_read_the_audit_log() -> None:
    assert can_edit_targets(LEADER) and can_read_audit(LEADER)
    for actor in (MANAGER_A, REP_A, DELIVERY):
        assert not can_edit_targets(actor) and not can_read_audit(actor)


def test_managers_coach_and_see_their_teams_but_reps_do_not() -> None:
    assert can_coach(MANAGER_A, 4, 10) and not can_coach(MANAGER_B, 4, 10)
    assert not can_coach(REP_A, 4, 10)
    assert can_view_team(MANAGER_A, 10) and not can_view_team(REP_A, 10)


def test_visible_rep_filter_narrows_each_role() -> None:
    assert visible_rep_filter(LEADER) == ("all", frozenset())
    assert visible_rep_filter(MANAGER_A) == ("teams", frozenset({10}))
    assert visible_rep_filter(REP_A) == ("self", frozenset({4}))
    assert visible_rep_filter(DELIVERY)[0] == "none"


@pytest.mark.parametrize(
    ("scope", "needed", "allowed"),
    [
        ("read", "read", True),
        ("read", "write", False),
        ("read", "import", False),
        ("write", "read", True),
        ("write", "write", True),
        ("write", "import", True),
        ("import", "read", True),
        ("import", "write", False),
        ("import", "import", True),
        ("admin", "read", False),
    ],
)
def test_token_scopes(scope: str, needed: str, allowed: bool) -> None:
    assert scope_allows(scope, needed) is allowed


def test_password_policy_names_each_problem() -> None:
    assert password_problems("short") == ["must be at least 12 characters long"]
    assert "must use at least 4 different characters" in password_problems("aaaaaaaaaaaaaa")
    assert "is a commonly used password" in password_problems("Password1234")
    assert "must not contain your email name" in password_problems("xx-jsmith-2026-yy", email="jsmith@x.com")
    assert password_problems("correct horse battery", email="jsmith@x.com") == []


def test_periods_at_the_ends_of_the_calendar_are_invalid_not_a_crash() -> None:
    from datetime import date

    from repfocus.domain.period import Period, PeriodInvalid

    for today in (date(1, 1, 2), date(9999, 12, 31)):
        with pytest.raises(PeriodInvalid, match="whole weeks"):
            Period.last_weeks(13, today=today)


def test_sales_visibility_gives_the_command_line_everyone_and_refuses_delivery() -> None:
    from repfocus.domain.access import AccessDenied, sales_visibility

    assert sales_visibility(None) == ("all", frozenset())
    rep = Actor(user_id=7, role="rep", team_ids=frozenset({1}), email="r@x.example")
    assert sales_visibility(rep) == ("self", frozenset({7}))
    delivery = Actor(user_id=8, role="delivery", team_ids=frozenset(), email="d@x.example")
    with pytest.raises(AccessDenied, match="the diagnosis is for leaders, managers and reps"):
        sales_visibility(delivery, "the diagnosis")


def test_every_signed_in_role_opens_accounts_and_an_unknown_role_does_not() -> None:
    assert all(can_view_accounts(a) for a in (LEADER, MANAGER_A, REP_A, DELIVERY))
    assert not can_view_accounts(Actor(9, "customer", frozenset(), "c@x.com"))
