"""/api/v1/competencies/ratings and /api/v1/training over HTTP: rate, read the history, assign training,
the rep marks it done with a note; 403 for the wrong role, 404 for a rep or assignment one may not see."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.e2e.conftest import World

TODAY = date.today()


def _auth(world: World, persona: str, scope: str = "write") -> dict[str, str]:
    return {"Authorization": f"Bearer {world.token(persona, scope)}"}


def _rating(**kw: object) -> dict[str, object]:
    return {"rep_email": "rep@example.com", "competency": "talking_money", "score": 2, **kw}


def test_ratings_are_kept_as_history_and_read_by_whoever_may_see_the_rep(world: World, app: FastAPI) -> None:
    with TestClient(app) as client:
        manager = _auth(world, "manager")
        old = (TODAY - timedelta(days=60)).isoformat()
        first = client.post(
            "/api/v1/competencies/ratings", json=_rating(score=4, rated_on=old), headers=manager
        )
        assert first.status_code == 201, first.text
        second = client.post(
            "/api/v1/competencies/ratings",
            json=_rating(evidence="Dropped the rate at once."),
            headers=manager,
        )
        assert second.status_code == 201
        assert (second.json()["rated_by_email"], second.json()["rated_on"]) == (
            "manager@example.com",
            TODAY.isoformat(),
        )
        for persona in ("rep", "manager", "leader"):
            got = client.get(
                "/api/v1/competencies/ratings",
                params={"rep": "rep@example.com"},
                headers=_auth(world, persona, "read"),
            )
            assert [r["score"] for r in got.json()] == [2, 4], persona
        other = _auth(world, "other_manager", "read")
        assert client.get("/api/v1/competencies/ratings", headers=other).json() == []
        unseen = client.get("/api/v1/competencies/ratings", params={"rep": "rep@example.com"}, headers=other)
        assert unseen.status_code == 404


def test_a_bad_rating_is_a_422_naming_the_field_and_the_wrong_rater_is_refused(
    world: World, app: FastAPI
) -> None:
    later = (TODAY + timedelta(days=3)).isoformat()
    cases = [
        (_rating(competency="charm"), ["body", "competency"], "use one of prospecting_calls"),
        (_rating(score=6), ["body", "score"], "less than or equal to 5"),
        (_rating(rated_on=later), ["body", "rated_on"], "lies in the future"),
        (_rating(colour="blue"), ["body", "colour"], "Extra inputs"),
    ]
    with TestClient(app) as client:
        leader = _auth(world, "leader")
        for body, loc, words in cases:
            reply = client.post("/api/v1/competencies/ratings", json=body, headers=leader)
            assert reply.status_code == 422, body
            assert reply.json()["detail"][0]["loc"] == loc, reply.json()
            assert words in reply.json()["detail"][0]["msg"]
        assert (
            client.post(
                "/api/v1/competencies/ratings", json=_rating(), headers=_auth(world, "rep")
            ).status_code
            == 403
        )
        refused = client.post(
            "/api/v1/competencies/ratings", json=_rating(), headers=_auth(world, "other_manager")
        )
        assert refused.status_code == 404
        read_only = client.post(
            "/api/v1/competencies/ratings", json=_rating(), headers=_auth(world, "leader", "read")
        )
        assert read_only.status_code == 403
        assert client.get("/api/v1/competencies/ratings", headers=leader).json() == []


def test_training_is_assigned_and_the_rep_marks_it_done_with_a_note(world: World, app: FastAPI) -> None:
    due = (TODAY + timedelta(days=7)).isoformat()
    body = {"rep_email": "rep@example.com", "title": "Role-play the rate push", "competency": "talking_money"}
    with TestClient(app) as client:
        made = client.post(
            "/api/v1/training",
            json={**body, "due_on": due, "persona": "procurement"},
            headers=_auth(world, "manager"),
        )
        assert made.status_code == 201, made.text
        assert made.json()["status"] == "assigned"
        training_id = made.json()["id"]
        rep = _auth(world, "rep")
        [listed] = client.get("/api/v1/training", params={"status": "assigned"}, headers=rep).json()
        assert (listed["id"], listed["due_on"], listed["persona"]) == (training_id, due, "procurement")
        assert client.get("/api/v1/training", params={"status": "started"}, headers=rep).status_code == 422
        assert client.get("/api/v1/training", headers=_auth(world, "other_manager", "read")).json() == []
        url = f"/api/v1/training/{training_id}"
        assert (
            client.patch(url, json={"status": "done"}, headers=_auth(world, "other_manager")).status_code
            == 404
        )
        assert client.patch(url, json={"status": "finished"}, headers=rep).status_code == 422
        done = client.patch(url, json={"status": "done", "note": "Practised with Max."}, headers=rep)
        assert done.status_code == 200, done.text
        assert (
            done.json()["status"],
            done.json()["completed_on"],
            done.json()["note"],
            done.json()["overdue"],
        ) == (
            "done",
            TODAY.isoformat(),
            "Practised with Max.",
            False,
        )
        assert client.patch(url, json={"status": "assigned"}, headers=rep).status_code == 403
        reopened = client.patch(url, json={"status": "assigned"}, headers=_auth(world, "leader"))
        assert (reopened.json()["status"], reopened.json()["completed_on"]) == ("assigned", None)
        assert (
            client.patch("/api/v1/training/999999", json={"status": "done"}, headers=rep).status_code == 404
        )


def test_training_input_errors_are_422s_and_reps_cannot_assign(world: World, app: FastAPI) -> None:
    base = {"rep_email": "rep@example.com", "title": "Study"}
    cases = [
        ({**base, "competency": "charm"}, ["body", "competency"]),
        ({**base, "playbook_item_id": 424242}, ["body", "playbook_item_id"]),
        ({**base, "due_on": (TODAY - timedelta(days=2)).isoformat()}, ["body", "due_on"]),
        ({**base, "title": ""}, ["body", "title"]),
    ]
    with TestClient(app) as client:
        for body, loc in cases:
            reply = client.post("/api/v1/training", json=body, headers=_auth(world, "leader"))
            assert reply.status_code == 422, body
            assert reply.json()["detail"][0]["loc"] == loc, reply.json()
        assert client.post("/api/v1/training", json=base, headers=_auth(world, "rep")).status_code == 403
        assert client.post("/api/v1/training", json=base, headers=_auth(world, "delivery")).status_code == 403
        assert client.get("/api/v1/training", headers=_auth(world, "leader")).json() == []


def test_the_competency_operations_are_documented_in_openapi(app: FastAPI) -> None:
    with TestClient(app) as client:
        spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    assert {"get", "post"} <= set(paths["/competencies/ratings"])
    assert {"get", "post"} <= set(paths["/training"])
    assert "patch" in paths["/training/{training_id}"]
    assert (
        "talking_money"
        in spec["components"]["schemas"]["RatingCreate"]["properties"]["competency"]["description"]
    )
