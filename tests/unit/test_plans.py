"""Mutual action plan rules: progress (done/total, overdue as of a day, the next milestone) and what makes a
plan and a milestone valid; the plan access rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from repfocus.domain.access import Actor, can_manage_plan, can_see_plan, can_update_milestone
from repfocus.domain.plans import (
    MilestoneFacts,
    PlanInvalid,
    check_milestone,
    check_plan,
    is_overdue,
    progress,
)

DAY = date(2026, 3, 10)


def facts(*items: tuple[int, int, str]) -> list[MilestoneFacts]:
    """(id, days from DAY, status) -> milestones."""
    return [MilestoneFacts(i, f"step {i}", DAY + timedelta(days=d), s) for i, d, s in items]


def test_a_plan_without_milestones_has_nothing_done_nothing_overdue_and_no_next_step() -> None:
    got = progress([], today=DAY)
    assert (got.done, got.total, got.overdue, got.next_id, got.share, got.percent) == (0, 0, 0, None, 0.0, 0)


def test_a_plan_with_every_milestone_done_is_complete_even_when_they_were_late() -> None:
    got = progress(facts((1, -30, "done"), (2, -1, "done")), today=DAY)
    assert (got.done, got.total, got.overdue, got.next_id, got.percent) == (2, 2, 0, None, 100)


def test_overdue_counts_open_and_blocked_milestones_due_before_the_day_not_on_it() -> None:
    items = facts((1, -1, "open"), (2, 0, "open"), (3, -5, "blocked"), (4, -9, "done"), (5, 3, "open"))
    assert progress(items, today=DAY).overdue == 2
    assert progress(items, today=DAY + timedelta(days=1)).overdue == 3  # step 2 is late from the next day
    assert progress(items, today=DAY - timedelta(days=10)).overdue == 0


def test_the_next_milestone_is_the_not_done_one_due_first_ties_by_id() -> None:
    got = progress(facts((7, 2, "open"), (3, 2, "blocked"), (1, -3, "done"), (9, 4, "open")), today=DAY)
    assert (got.next_id, got.next_title, got.next_due) == (3, "step 3", DAY + timedelta(days=2))
    assert (got.done, got.total) == (1, 4)


def test_due_today_is_not_late_and_done_is_never_late() -> None:
    assert not is_overdue(DAY, "open", today=DAY)
    assert is_overdue(DAY - timedelta(days=1), "open", today=DAY)
    assert not is_overdue(DAY - timedelta(days=100), "done", today=DAY)


def test_a_plan_needs_a_title_a_known_status_and_a_day_within_range() -> None:
    ok = check_plan(title="  Java team  ", goal="  ", target_on=DAY, status="active")
    assert (ok.title, ok.goal, ok.target_on) == ("Java team", None, DAY)
    for kwargs, field in [
        ({"title": " "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"status": "paused"}, "status"),
        ({"goal": "g" * 1001}, "goal"),
        ({"target_on": date(1800, 1, 1)}, "target_date"),
    ]:
        with pytest.raises(PlanInvalid) as caught:
            check_plan(**{"title": "T", "goal": None, "target_on": None, "status": "draft", **kwargs})  # type: ignore[arg-type]
        assert caught.value.field == field


def test_a_milestone_done_keeps_its_day_and_one_reopened_loses_it() -> None:
    done = check_milestone(title="Sign", side="customer", due_on=DAY, status="done", today=DAY)
    assert done.done_on == DAY
    earlier = check_milestone(
        title="Sign", side="customer", due_on=DAY, status="done", done_on=DAY - timedelta(days=2), today=DAY
    )
    assert earlier.done_on == DAY - timedelta(days=2)
    reopened = check_milestone(
        title="Sign", side="customer", due_on=DAY, status="open", done_on=DAY, today=DAY
    )
    assert reopened.done_on is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": ""}, "title"),
        ({"side": "legal"}, "side"),
        ({"due_on": None}, "due"),
        ({"status": "late"}, "status"),
        ({"owner_name": "n" * 121}, "owner_name"),
        ({"note": "n" * 2001}, "note"),
        ({"owner_name": "Da\x00na"}, "owner_name"),
        ({"due_on": date(3000, 1, 1)}, "due"),
    ],
)
def test_a_bad_milestone_is_rejected_naming_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(PlanInvalid) as caught:
        check_milestone(**{"title": "Sign", "side": "sales", "due_on": DAY, "today": DAY, **kwargs})  # type: ignore[arg-type]
    assert caught.value.field == field


def _actor(role: str, uid: int = 1, teams: frozenset[int] = frozenset()) -> Actor:
    return Actor(user_id=uid, role=role, team_ids=teams, email=f"{role}@example.com")


def test_plan_rights_follow_the_owner_and_the_team() -> None:
    leader, delivery = _actor("leader"), _actor("delivery", 9)
    manager, rep = _actor("manager", 2, frozenset({10})), _actor("rep", 3, frozenset({10}))
    # a plan owned by the rep (3) in team 10
    assert all(can_see_plan(a, 3, 10) for a in (leader, delivery, manager, rep))
    assert [can_manage_plan(a, 3, 10) for a in (leader, delivery, manager, rep)] == [True, False, True, True]
    # a plan owned by someone in team 20
    assert [can_see_plan(a, 4, 20) for a in (leader, delivery, manager, rep)] == [True, True, False, False]
    assert can_update_milestone(delivery, "delivery", manages_plan=False)
    assert not can_update_milestone(delivery, "customer", manages_plan=False)
    assert can_update_milestone(rep, "customer", manages_plan=True)
