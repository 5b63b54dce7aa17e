"""/api/v1/hiring over HTTP: candidates, scorecards, the comparison; 422 naming the field; OpenAPI."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.e2e.conftest import World

RATINGS = {
    "persistence": 5,
    "assertiveness": 4,
    "money_talk": 4,
    "objection_handling": 4,
    "prospecting_drive": 4,
}


def _auth(world: World, persona: str, scope: str = "write") -> dict[str, str]:
    return {"Authorization": f"Bearer {world.token(persona, scope)}"}


def test_a_manager_adds_a_candidate_scores_them_and_the_comparison_ranks_them(
    world: World, app: FastAPI
) -> None:
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    with TestClient(app) as client:
        manager, leader = _auth(world, "manager"), _auth(world, "leader")
        made = client.post(
            "/api/v1/hiring/candidates",
            json={
                "name": "Hunter",
                "role": "Account executive",
                "email": "hunter@mail.example",
                "source": "referral",
            },
            headers=manager,
        )
        assert made.status_code == 201, made.text
        other = client.post(
            "/api/v1/hiring/candidates", json={"name": "Quiet", "role": "AE"}, headers=manager
        )
        hid, qid = made.json()["id"], other.json()["id"]
        for who, cid, ratings in [
            (manager, hid, RATINGS),
            (leader, hid, RATINGS),
            (manager, qid, {**RATINGS, "persistence": 2, "money_talk": 1}),
        ]:
            body = {"interviewed_on": yesterday, "ratings": ratings, "notes": {"persistence": "Asked twice."}}
            reply = client.post(f"/api/v1/hiring/candidates/{cid}/scorecards", json=body, headers=who)
            assert reply.status_code == 201, reply.text
        assert reply.json()["interviewer_email"] == "manager@example.com"
        got = client.get("/api/v1/hiring/comparison", headers=_auth(world, "other_manager", "read")).json()
        assert [c["name"] for c in got["candidates"]] == ["Hunter", "Quiet"]
        top, low = got["candidates"]
        assert (top["score"], top["recommendation"], top["red_flags"], top["scorecards"]) == (
            82.5,
            "hire",
            [],
            2,
        )
        assert low["red_flags"] == ["persistence", "money_talk"] and low["needs_interview"] is True
        assert abs(sum(got["weights"].values()) - 1) < 1e-9
        listed = client.get("/api/v1/hiring/candidates", params={"status": "new"}, headers=manager).json()
        assert [c["id"] for c in listed] == [hid, qid]


def test_bad_input_is_a_422_naming_the_field(world: World, app: FastAPI) -> None:
    with TestClient(app) as client:
        leader = _auth(world, "leader")
        cid = client.post(
            "/api/v1/hiring/candidates", json={"name": "X", "role": "AE"}, headers=leader
        ).json()["id"]
        url = f"/api/v1/hiring/candidates/{cid}/scorecards"
        cases = [
            ({"ratings": {**RATINGS, "money_talk": 6}}, ["body", "ratings", "money_talk"]),
            ({"ratings": {**RATINGS, "charm": 3}}, ["body", "ratings", "charm"]),
            ({"ratings": RATINGS, "notes": {"persistence": "x" * 1001}}, ["body", "notes", "persistence"]),
            ({"ratings": RATINGS, "extra": 1}, ["body", "extra"]),
        ]
        for body, loc in cases:
            reply = client.post(url, json=body, headers=leader)
            assert reply.status_code == 422, body
            assert loc in [d["loc"] for d in reply.json()["detail"]], reply.text
        assert client.post(url, json={"ratings": RATINGS}, headers=leader).status_code == 201
        again = client.post(url, json={"ratings": RATINGS}, headers=leader)
        assert again.status_code == 422
        assert again.json()["detail"][0]["loc"] == ["body", "interviewed_on"]
        status = client.post(
            "/api/v1/hiring/candidates", json={"name": "Y", "role": "AE", "status": "ghosted"}, headers=leader
        )
        assert status.status_code == 422 and status.json()["detail"][0]["loc"] == ["body", "status"]
        query = client.get("/api/v1/hiring/comparison", params={"status": "ghosted"}, headers=leader)
        assert query.status_code == 422 and query.json()["detail"][0]["loc"] == ["query", "status"]
        missing = client.post(
            "/api/v1/hiring/candidates/999999/scorecards", json={"ratings": RATINGS}, headers=leader
        )
        assert missing.status_code == 404


def test_the_hiring_endpoints_are_documented_in_openapi(app: FastAPI) -> None:
    with TestClient(app) as client:
        schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/hiring/candidates"])
    assert "post" in paths["/hiring/candidates/{candidate_id}/scorecards"]
    assert "get" in paths["/hiring/comparison"]
    ratings = schema["components"]["schemas"]["Ratings"]
    assert ratings["additionalProperties"] is False
    assert ratings["properties"]["persistence"]["maximum"] == 5


def test_a_candidate_moves_on_and_their_details_change_through_patch(world: World, app: FastAPI) -> None:
    with TestClient(app) as client:
        manager = _auth(world, "manager")
        cid = client.post(
            "/api/v1/hiring/candidates", json={"name": "Pat", "role": "AE"}, headers=manager
        ).json()["id"]
        moved = client.patch(f"/api/v1/hiring/candidates/{cid}", json={"status": "offer"}, headers=manager)
        assert moved.status_code == 200, moved.text
        assert (moved.json()["status"], moved.json()["role"]) == ("offer", "AE")
        renamed = client.patch(
            f"/api/v1/hiring/candidates/{cid}",
            json={"role": "SDR", "email": "pat@mail.example"},
            headers=manager,
        )
        assert (renamed.json()["status"], renamed.json()["role"], renamed.json()["email"]) == (
            "offer",
            "SDR",
            "pat@mail.example",
        )
        bad = client.patch(f"/api/v1/hiring/candidates/{cid}", json={"status": "ghosted"}, headers=manager)
        assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "status"]
        wrong = client.patch(f"/api/v1/hiring/candidates/{cid}", json={"email": "nope"}, headers=manager)
        assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"] == ["body", "email"]
        assert (
            client.patch(
                "/api/v1/hiring/candidates/999999", json={"status": "hired"}, headers=manager
            ).status_code
            == 404
        )
