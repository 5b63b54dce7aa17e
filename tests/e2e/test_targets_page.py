"""The bullseye editor and the targets form: a leader saves, the accounts re-tier, mistakes are named."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select

from repfocus.services.bullseye import get_bullseye
from repfocus.services.targets import show_targets
from repfocus.store.models import Account
from tests.e2e.conftest import World
from tests.factories import make_account


def test_leader_saves_a_bullseye_from_the_form_and_accounts_retier(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    with world.db.session() as s:
        make_account(s, industry="Software", tier="off")
        s.commit()
    leader = client_for("leader")
    form = {
        "industries_values": "Software, Banking",
        "industries_weight": "2",
        "threshold_A": "0.9",
        "target_personas": ["it_hiring_manager"],
        "avoid_personas": ["hr_recruiter"],
        "mix_contract": "60",
        "note": "focus on software",
    }
    reply = leader.post("/targets/bullseye", data=form, follow_redirects=False)
    assert reply.status_code == 303
    state = get_bullseye(world.db)
    assert (state.version, state.created_by, state.note) == (1, world.emails["leader"], "focus on software")
    assert state.bullseye.placement_mix == {"contract": 0.6}
    with world.db.session() as s:
        assert s.scalar(select(Account.tier).where(Account.industry == "Software")) == "A"
    page = leader.get("/targets").text
    assert "Version 1" in page and "focus on software" in page


def test_a_bad_form_value_is_named_and_nothing_is_saved(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    leader = client_for("leader")
    reply = leader.post("/targets/bullseye", data={"regions_values": "West", "regions_weight": "heavy"})
    assert reply.status_code == 422
    assert "regions_weight: &#39;heavy&#39; is not a number" in reply.text
    reply = leader.post("/targets/set", data={"team": "Team A", "assignment": "weekly_count.cold_calls=5"})
    assert reply.status_code == 422 and "unknown key" in reply.text
    assert get_bullseye(world.db).version == 0


def test_leader_sets_a_cadence_target_and_clears_it(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    leader = client_for("leader")
    data = {"team": "Team A", "assignment": "weekly_count.prospecting_call=50"}
    assert leader.post("/targets/set", data=data, follow_redirects=False).status_code == 303
    (team_a,) = show_targets(world.db, team="Team A")
    assert team_a.as_dict()["targets"] == {"weekly_count.prospecting_call": 50.0}
    clear = {"team": "Team A", "assignment": "weekly_count.prospecting_call="}
    assert leader.post("/targets/set", data=clear, follow_redirects=False).status_code == 303
    assert show_targets(world.db, team="Team A")[0].targets == []
