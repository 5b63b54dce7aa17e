"""/api/v1/settings over real HTTP (uvicorn on a port, httpx): managers read, leaders change, 422s name
the field and the reason, and nothing is half-saved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from repfocus.domain.access import Actor
from repfocus.services import audit
from repfocus.services.organization_settings import read_settings
from tests.e2e.conftest import World


@pytest.fixture
def api(world_server: tuple[str, World]) -> Iterator[tuple[httpx.Client, World]]:
    base, world = world_server
    with httpx.Client(base_url=f"{base}/api/v1", timeout=30) as client:
        yield client, world


def _as(world: World, persona: str, scope: str = "write") -> dict[str, str]:
    return {"Authorization": f"Bearer {world.token(persona, scope)}"}


def test_a_manager_reads_every_setting_and_a_rep_is_refused(api: tuple[httpx.Client, World]) -> None:
    client, world = api
    reply = client.get("/settings", headers=_as(world, "manager", "read"))
    assert reply.status_code == 200
    body = reply.json()
    assert body["time_zone"] == "America/Chicago" and body["currency"] == "USD"
    assert body["working_days"] == ["mon", "tue", "wed", "thu", "fri"]
    assert body["durations"] == {"call": 5, "meeting": 30, "email": 5, "task": 15, "note": 5}
    assert body["working_hours"] == {"start": "09:00", "end": "17:00"}
    assert (body["count_all_day"], body["all_day_hours"]) == (False, 8.0)
    assert client.get("/settings", headers=_as(world, "rep")).status_code == 403
    assert client.get("/settings").status_code == 401


def test_a_leader_changes_settings_and_sees_what_changed(api: tuple[httpx.Client, World]) -> None:
    client, world = api
    change = {
        "durations": {"call": 9},
        "working_days": ["mon", "tue", "wed", "thu"],
        "working_hours": {"start": "08:00", "end": "16:30"},
        "count_all_day": True,
        "all_day_hours": 7.5,
    }
    reply = client.patch("/settings", json=change, headers=_as(world, "leader"))
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["changes"] == {
        "working_days": {"before": "mon,tue,wed,thu,fri", "after": "mon,tue,wed,thu"},
        "working_hours": {"before": "09:00-17:00", "after": "08:00-16:30"},
        "duration.call": {"before": 5, "after": 9},
        "count_all_day": {"before": False, "after": True},
        "all_day_hours": {"before": 8.0, "after": 7.5},
    }
    assert body["rollups_rebuilt"] is False
    again = client.get("/settings", headers=_as(world, "manager", "read")).json()
    assert again == body["settings"] and again["durations"]["call"] == 9
    leader = audit.list_entries(world.db, actor=_leader(world), action="settings.change")
    assert [e.actor for e in leader] == [world.emails["leader"]]


def test_a_new_time_zone_says_the_rollups_were_rebuilt(api: tuple[httpx.Client, World]) -> None:
    client, world = api
    reply = client.patch("/settings", json={"time_zone": "Europe/Berlin"}, headers=_as(world, "leader"))
    assert reply.status_code == 200
    assert reply.json()["rollups_rebuilt"] is True and reply.json()["activities_reread"] == 2


@pytest.mark.parametrize(
    ("body", "loc", "words"),
    [
        ({"time_zone": "Mars/Olympus"}, ["body", "time_zone"], "not an IANA time zone"),
        ({"currency": "XYZ"}, ["body", "currency"], "not an ISO 4217 currency"),
        ({"durations": {"call": 2000}}, ["body", "durations", "call"], "more than 1440 minutes"),
        ({"durations": {"fax": 3}}, ["body", "durations", "fax"], "not a setting"),
        ({"working_days": []}, ["body", "working_days"], "at least one day"),
        (
            {"working_hours": {"start": "18:00", "end": "09:00"}},
            ["body", "working_hours"],
            "must come before",
        ),
        ({"all_day_hours": 30}, ["body", "all_day_hours"], "not between 0.25 and 24"),
        ({"colour": "red"}, ["body", "colour"], "Extra inputs are not permitted"),
    ],
)
def test_a_bad_value_is_a_422_naming_the_field_and_nothing_is_saved(
    api: tuple[httpx.Client, World], body: dict[str, Any], loc: list[str], words: str
) -> None:
    client, world = api
    reply = client.patch("/settings", json={"currency": "EUR", **body}, headers=_as(world, "leader"))
    assert reply.status_code == 422
    problems = {tuple(d["loc"]): d["msg"] for d in reply.json()["detail"]}
    assert words in problems[tuple(loc)]
    assert read_settings(world.db, actor=None).currency == "USD"


def test_changing_needs_a_write_token_and_a_leader(api: tuple[httpx.Client, World]) -> None:
    client, world = api
    assert (
        client.patch("/settings", json={"currency": "EUR"}, headers=_as(world, "leader", "read")).status_code
        == 403
    )
    assert (
        client.patch("/settings", json={"currency": "EUR"}, headers=_as(world, "manager")).status_code == 403
    )
    assert read_settings(world.db, actor=None).currency == "USD"


def _leader(world: World) -> Actor:
    return Actor(
        user_id=world.ids["leader"], role="leader", team_ids=frozenset(), email=world.emails["leader"]
    )
