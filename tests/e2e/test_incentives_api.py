"""/api/v1/incentives over HTTP: plans written by leaders and read by role, payouts by period and team,
422 naming the field, the operations documented in OpenAPI."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.e2e.conftest import World

NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}


def _auth(world: World, persona: str, scope: str = "write") -> dict[str, str]:
    return {"Authorization": f"Bearer {world.token(persona, scope)}"}


def _plan(**kw: Any) -> dict[str, Any]:
    return {
        "name": "November calls",
        "valid_from": "2026-11-01",
        "valid_to": "2026-11-30",
        "rules": [
            {
                "category": "prospecting_call",
                "per_event": "5.00",
                "tiers": [{"from": 10, "amount": "6.00"}],
                "accelerator": {"after": 20, "multiplier": "1.5"},
                "cap": "500.00",
            }
        ],
        **kw,
    }


def test_a_leader_adds_a_plan_and_each_role_reads_the_payouts_it_may(world: World, app: FastAPI) -> None:
    with TestClient(app) as client:
        reply = client.post("/api/v1/incentives/plans", json=_plan(), headers=_auth(world, "leader"))
        assert reply.status_code == 201, reply.text
        made = reply.json()
        assert (made["currency"], made["teams"], made["active"]) == ("USD", [], True)
        assert made["rules"][0]["tiers"] == [{"from": 10, "amount": "6.00"}]
        assert made["rules"][0]["accelerator"] == {"after": 20, "multiplier": "1.50"}
        seen = {}
        for persona in ("rep", "manager", "other_manager", "leader"):
            got = client.get(
                "/api/v1/incentives/payouts", params=NOVEMBER, headers=_auth(world, persona, "read")
            )
            assert got.status_code == 200, got.text
            seen[persona] = {line["rep_email"] for line in got.json()["lines"]}
        assert seen == {
            "rep": {"rep@example.com"},
            "manager": {"rep@example.com"},
            "other_manager": {"other.rep@example.com"},
            "leader": {"rep@example.com", "other.rep@example.com"},
        }
        body = client.get("/api/v1/incentives/payouts", params=NOVEMBER, headers=_auth(world, "rep")).json()
        assert body["period"] == {"from": "2026-11-01", "to": "2026-11-30"}
        (line,) = body["lines"]
        assert (line["count"], line["rate"], line["amount"], line["capped"]) == (1, "1 × 5.00", "5.00", False)
        assert body["totals"] == [{"rep_email": "rep@example.com", "currency": "USD", "amount": "5.00"}]
        team_b = client.get(
            "/api/v1/incentives/payouts",
            params={**NOVEMBER, "team": "Team B"},
            headers=_auth(world, "leader"),
        )
        assert {x["rep_email"] for x in team_b.json()["lines"]} == {"other.rep@example.com"}
        plans = client.get("/api/v1/incentives/plans", headers=_auth(world, "rep", "read")).json()
        assert [p["name"] for p in plans] == ["November calls"]


def test_a_plan_for_another_team_is_not_listed_to_a_rep(world: World, app: FastAPI) -> None:
    with TestClient(app) as client:
        made = client.post(
            "/api/v1/incentives/plans", json=_plan(teams=["Team B"]), headers=_auth(world, "leader")
        )
        assert made.json()["teams"] == ["Team B"]
        assert client.get("/api/v1/incentives/plans", headers=_auth(world, "rep")).json() == []
        assert len(client.get("/api/v1/incentives/plans", headers=_auth(world, "manager")).json()) == 1


def test_a_bad_plan_or_query_is_a_422_naming_the_field(world: World, app: FastAPI) -> None:
    bad_rule = _plan()
    bad_rule["rules"][0]["per_event"] = "2.555"
    bad_tier = _plan()
    bad_tier["rules"][0]["tiers"] = [{"from": 10, "amount": "6"}, {"from": 5, "amount": "7"}]
    cases = [
        (_plan(valid_to="2026-10-01"), ["body", "valid_to"]),
        (_plan(teams=["Nowhere"]), ["body", "teams"]),
        (_plan(bonus=1), ["body", "bonus"]),
        (bad_rule, ["body", "rules", 0, "per_event"]),
        (bad_tier, ["body", "rules", 0, "tiers", 1, "from"]),
        ({**_plan(), "rules": [{"category": "golf", "per_event": "1"}]}, ["body", "rules", 0, "category"]),
    ]
    with TestClient(app) as client:
        for body, loc in cases:
            reply = client.post("/api/v1/incentives/plans", json=body, headers=_auth(world, "leader"))
            assert reply.status_code == 422, body
            assert [e["loc"] for e in reply.json()["detail"]] == [loc], reply.json()
        auth = _auth(world, "leader")
        backwards = client.get(
            "/api/v1/incentives/payouts", params={"from": "2026-12-01", "to": "2026-11-01"}, headers=auth
        )
        assert (backwards.status_code, backwards.json()["detail"][0]["loc"]) == (422, ["query", "to"])
        nowhere = client.get("/api/v1/incentives/payouts", params={"team": "Nowhere"}, headers=auth)
        assert (nowhere.status_code, nowhere.json()["detail"][0]["loc"]) == (422, ["query", "team"])
        assert client.get("/api/v1/incentives/plans", headers=auth).json() == []


def test_a_leader_replaces_and_deactivates_a_plan(world: World, app: FastAPI) -> None:
    auth = _auth(world, "leader")
    with TestClient(app) as client:
        made = client.post("/api/v1/incentives/plans", json=_plan(), headers=auth).json()
        url = f"/api/v1/incentives/plans/{made['id']}"
        changed = client.put(url, json=_plan(name="Renamed", teams=["Team A"]), headers=auth)
        assert changed.status_code == 200, changed.text
        assert (changed.json()["name"], changed.json()["teams"]) == ("Renamed", ["Team A"])
        bad = client.put(url, json=_plan(valid_from="2027-01-01"), headers=auth)
        assert (bad.status_code, bad.json()["detail"][0]["loc"]) == (422, ["body", "valid_to"])
        assert client.put(url + "0", json=_plan(), headers=auth).status_code == 404
        off = client.post(url + "/deactivate", headers=auth)
        assert (off.status_code, off.json()["active"]) == (200, False)
        assert client.get("/api/v1/incentives/plans", headers=auth).json() == []
        listed = client.get("/api/v1/incentives/plans", params={"inactive": "true"}, headers=auth).json()
        assert [(p["name"], p["active"]) for p in listed] == [("Renamed", False)]
        payouts = client.get("/api/v1/incentives/payouts", params=NOVEMBER, headers=auth).json()
        assert payouts["lines"] == []
        assert client.post("/api/v1/incentives/plans/999999/deactivate", headers=auth).status_code == 404


def test_the_incentive_operations_are_documented(app: FastAPI) -> None:
    with TestClient(app) as client:
        paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= paths["/incentives/plans"].keys()
    assert "put" in paths["/incentives/plans/{plan_id}"]
    params = {p["name"] for p in paths["/incentives/payouts"]["get"]["parameters"]}
    assert {"from", "to", "team"} <= params
