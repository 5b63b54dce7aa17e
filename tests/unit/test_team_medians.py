"""A team without cadence targets is compared with the organization, not with itself."""

from __future__ import annotations

from repfocus.analytics.scope import RepRef
from repfocus.analytics.team_medians import TeamMedians


def _rep(rep_id: int, team_id: int) -> RepRef:
    return RepRef(rep_id=rep_id, email=f"r{rep_id}@x.example", name=f"R{rep_id}", team_id=team_id, team=None)


PEERS = [_rep(i, 1) for i in range(1, 4)] + [_rep(i, 2) for i in range(4, 7)]
# team 2 spends its time elsewhere: its own median would call its reps normal
SERVICING = {1: 0.10, 2: 0.12, 3: 0.11, 4: 0.40, 5: 0.42, 6: 0.38}


def test_a_guided_team_is_its_own_yardstick() -> None:
    meds = TeamMedians(PEERS, 3)
    assert meds.of(PEERS[4], SERVICING) == 0.40


def test_an_unguided_team_is_measured_against_the_organization() -> None:
    meds = TeamMedians(PEERS, 3, unguided_teams=frozenset({2}))
    assert meds.uses_organization(PEERS[4]) and not meds.uses_organization(PEERS[0])
    assert meds.of(PEERS[4], SERVICING) == (0.12 + 0.38) / 2
