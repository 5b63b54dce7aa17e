"""The access rules of the people list: who may read it, and the organization always keeps a leader."""

from __future__ import annotations

import pytest

from repfocus.domain.access import AccessDenied, Actor, last_leader_problem, people_visibility


def _actor(role: str, teams: frozenset[int] = frozenset()) -> Actor:
    return Actor(user_id=1, role=role, team_ids=teams, email=f"{role}@example.com")


def test_leaders_and_the_command_line_see_every_person_and_managers_their_teams() -> None:
    assert people_visibility(None) == ("all", frozenset())
    assert people_visibility(_actor("leader")) == ("all", frozenset())
    assert people_visibility(_actor("manager", frozenset({3, 4}))) == ("teams", frozenset({3, 4}))


@pytest.mark.parametrize("role", ["rep", "delivery"])
def test_reps_and_delivery_users_may_not_read_the_people_list(role: str) -> None:
    with pytest.raises(AccessDenied, match="for leaders and managers"):
        people_visibility(_actor(role))


def test_the_last_active_leader_may_not_step_down_or_be_deactivated() -> None:
    step_down = {"was_leader": True, "role_after": "manager", "active_after": True, "is_self": True}
    assert "you are the last active leader" in (last_leader_problem(**step_down, other_leaders=0) or "")
    off = {"was_leader": True, "role_after": "leader", "active_after": False, "is_self": False}
    assert "this user is the last active leader" in (last_leader_problem(**off, other_leaders=0) or "")
    assert last_leader_problem(**step_down, other_leaders=1) is None


def test_changes_to_people_who_are_not_active_leaders_never_hit_the_leader_rule() -> None:
    assert (
        last_leader_problem(
            was_leader=False, role_after="rep", active_after=False, other_leaders=0, is_self=False
        )
        is None
    )
    assert (
        last_leader_problem(
            was_leader=True, role_after="leader", active_after=True, other_leaders=0, is_self=True
        )
        is None
    )
