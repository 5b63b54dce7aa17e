"""/api/v1/coaching: record sessions, list them by rep and period, tick action items, over HTTP."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.e2e.conftest import World


def _auth(world: World, persona: str, scope: str = "write") -> dict[str, str]:
    return {"Authorization": f"Bearer {world.token(persona, scope)}"}


def _session(world: World, **kw: object) -> dict[str, object]:
    today = date.today()
    return {
        "rep_email": world.emails["rep"],
        "focus": "competencies",
        "persona": "it_hiring_manager",
        "held_on": (today - timedelta(days=7)).isoformat(),
        "note": "Avoids IT hiring managers; role-played the cold call.",
        "actions": [
            {"text": "Call 10 IT hiring managers", "due_on": (today - timedelta(days=1)).isoformat()}
        ],
        **kw,
    }


def test_a_manager_records_a_session_and_everyone_allowed_reads_it(world: World, app: FastAPI) -> None:
    with TestClient(app) as client:
        reply = client.post(
            "/api/v1/coaching/sessions", json=_session(world), headers=_auth(world, "manager")
        )
        assert reply.status_code == 201, reply.text
        made = reply.json()
        assert (made["coach_email"], made["focus"], made["persona"]) == (
            "manager@example.com",
            "competencies",
            "it_hiring_manager",
        )
        assert [(a["done"], a["overdue"]) for a in made["actions"]] == [(False, True)]
        for persona in ("rep", "manager", "leader"):
            got = client.get("/api/v1/coaching/sessions", headers=_auth(world, persona, "read"))
            assert [s["id"] for s in got.json()] == [made["id"]], persona
        assert (
            client.get("/api/v1/coaching/sessions", headers=_auth(world, "other_manager", "read")).json()
            == []
        )
        assert (
            client.get("/api/v1/coaching/sessions", headers=_auth(world, "delivery", "read")).status_code
            == 403
        )


def test_sessions_are_filtered_by_rep_and_period(world: World, app: FastAPI) -> None:
    today = date.today()
    with TestClient(app) as client:
        leader = _auth(world, "leader")
        old = (today - timedelta(days=40)).isoformat()
        for body in (
            _session(world, held_on=old, actions=[]),
            _session(world, rep_email=world.emails["other_rep"]),
        ):
            assert client.post("/api/v1/coaching/sessions", json=body, headers=leader).status_code == 201
        since = (today - timedelta(days=30)).isoformat()
        recent = client.get("/api/v1/coaching/sessions", params={"from": since}, headers=leader).json()
        assert sorted(s["rep_email"] for s in recent) == ["other.rep@example.com"]
        mine = client.get(
            "/api/v1/coaching/sessions", params={"rep": "rep@example.com"}, headers=leader
        ).json()
        assert [s["held_on"] for s in mine] == [old]
        backwards = client.get("/api/v1/coaching/sessions", params={"from": since, "to": old}, headers=leader)
        assert backwards.status_code == 422
        unseen = client.get(
            "/api/v1/coaching/sessions",
            params={"rep": "other.rep@example.com"},
            headers=_auth(world, "manager"),
        )
        assert unseen.status_code == 404


def test_a_bad_session_is_a_422_naming_the_field(world: World, app: FastAPI) -> None:
    later = (date.today() + timedelta(days=3)).isoformat()
    early = (date.today() - timedelta(days=30)).isoformat()
    cases = [
        (_session(world, focus="luck"), ["body", "focus"]),
        (_session(world, held_on=later), ["body", "held_on"]),
        (
            _session(world, actions=[{"text": "ok", "due_on": later}, {"text": "late", "due_on": early}]),
            ["body", "actions", 1, "due_on"],
        ),
        (_session(world, actions=[{"text": "   ", "due_on": later}]), ["body", "actions", 0, "text"]),
        (_session(world, colour="blue"), ["body", "colour"]),
    ]
    with TestClient(app) as client:
        for body, loc in cases:
            reply = client.post("/api/v1/coaching/sessions", json=body, headers=_auth(world, "leader"))
            assert reply.status_code == 422, body
            assert reply.json()["detail"][0]["loc"] == loc, reply.json()
        assert client.get("/api/v1/coaching/sessions", headers=_auth(world, "leader")).json() == []


def test_only_the_reps_manager_or_a_leader_records_and_ticks(world: World, app: FastAPI) -> None:
    with TestClient(app) as client:
        assert (
            client.post(
                "/api/v1/coaching/sessions", json=_session(world), headers=_auth(world, "rep")
            ).status_code
            == 403
        )
        other = client.post(
            "/api/v1/coaching/sessions", json=_session(world), headers=_auth(world, "other_manager")
        )
        assert other.status_code == 404
        made = client.post(
            "/api/v1/coaching/sessions", json=_session(world), headers=_auth(world, "leader")
        ).json()
        action = made["actions"][0]["id"]
        url = f"/api/v1/coaching/actions/{action}"
        assert client.post(f"{url}/done", headers=_auth(world, "rep")).status_code == 403
        assert client.post(f"{url}/done", headers=_auth(world, "other_manager")).status_code == 404
        assert client.post(f"{url}/done", headers=_auth(world, "manager", "read")).status_code == 403
        done = client.post(f"{url}/done", headers=_auth(world, "manager"))
        assert done.status_code == 200 and done.json()["done"] and not done.json()["overdue"]
        undone = client.post(f"{url}/undone", headers=_auth(world, "manager")).json()
        assert (undone["done"], undone["overdue"]) == (False, True)
        assert (
            client.post("/api/v1/coaching/actions/999999/done", headers=_auth(world, "leader")).status_code
            == 404
        )


def test_the_coaching_operations_are_documented_in_openapi(app: FastAPI) -> None:
    with TestClient(app) as client:
        spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    assert {"get", "post"} <= set(paths["/coaching/sessions"])
    assert "post" in paths["/coaching/actions/{action_id}/done"]
    assert "post" in paths["/coaching/actions/{action_id}/undone"]
    create = spec["components"]["schemas"]["SessionCreate"]
    assert create["additionalProperties"] is False
    assert "competencies" in create["properties"]["focus"]["description"]
