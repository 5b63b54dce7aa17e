"""/api/v1/plans over HTTP: a plan with milestones and a share link end to end; 404 vs 403; 422 naming the
field; the link works until revoked."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.e2e.conftest import World
from tests.factories import make_account


def _auth(world: World, persona: str, scope: str = "write") -> dict[str, str]:
    return {"Authorization": f"Bearer {world.token(persona, scope)}"}


def _account(world: World) -> int:
    with world.db.session() as s:
        account = make_account(s, name="Globex")
        s.commit()
        return account.id


def test_a_rep_builds_a_plan_shares_it_and_the_customer_link_dies_when_revoked(
    world: World, app: FastAPI
) -> None:
    account_id = _account(world)
    today = datetime.now(ZoneInfo("America/Chicago")).date()  # the organization's day
    with TestClient(app) as client:
        rep = _auth(world, "rep")
        made = client.post(
            "/api/v1/plans",
            json={
                "account_id": account_id,
                "title": "Java team",
                "goal": "3 starts by March",
                "status": "active",
            },
            headers=rep,
        )
        assert made.status_code == 201, made.text
        plan = made.json()
        assert (plan["owner_email"], plan["account_name"], plan["progress"]["total"]) == (
            "rep@example.com",
            "Globex",
            0,
        )
        url = f"/api/v1/plans/{plan['id']}"
        steps = [
            {"title": "Intake call", "side": "sales", "due_date": (today - timedelta(days=2)).isoformat()},
            {
                "title": "Sign the SOW",
                "side": "customer",
                "due_date": today.isoformat(),
                "owner_name": "Dana",
            },
            {"title": "Shortlist", "side": "delivery", "due_date": (today + timedelta(days=7)).isoformat()},
        ]
        ids = []
        for step in steps:
            reply = client.post(f"{url}/milestones", json=step, headers=rep)
            assert reply.status_code == 201, reply.text
            ids.append(reply.json()["id"])
        got = client.get(url, headers=_auth(world, "delivery", "read")).json()
        assert [m["title"] for m in got["milestones"]] == ["Intake call", "Sign the SOW", "Shortlist"]
        assert got["progress"] | {"next_due": None} == {
            "done": 0,
            "total": 3,
            "overdue": 1,
            "next_milestone_id": ids[0],
            "next_milestone": "Intake call",
            "next_due": None,
        }
        delivery = _auth(world, "delivery")
        assert (
            client.patch(f"{url}/milestones/{ids[0]}", json={"status": "done"}, headers=delivery).status_code
            == 403
        )
        done = client.patch(f"{url}/milestones/{ids[2]}", json={"status": "done"}, headers=delivery)
        assert done.status_code == 200 and done.json()["done_date"] == today.isoformat()
        assert client.patch(url, json={"status": "won"}, headers=delivery).status_code == 403
        assert (
            client.patch(url, json={"status": "won"}, headers=_auth(world, "manager")).json()["status"]
            == "won"
        )
        assert client.get(url, headers=_auth(world, "other_manager")).status_code == 404
        listed = client.get("/api/v1/plans", params={"overdue": "true"}, headers=rep).json()
        assert [p["id"] for p in listed] == [plan["id"]]
        assert client.get("/api/v1/plans", params={"status": "draft"}, headers=rep).json() == []

        share = client.post(f"{url}/shares", json={}, headers=rep)
        assert share.status_code == 201, share.text
        path = share.json()["path"]
        assert path == f"/shared/plans/{share.json()['token']}"
        page = client.get(path)
        assert page.status_code == 200 and "Sign the SOW" in page.text
        listed_shares = client.get(f"{url}/shares", headers=rep).json()
        assert [(x["id"], x["status"], x["created_by_email"]) for x in listed_shares] == [
            (share.json()["id"], "active", "rep@example.com")
        ]
        assert "token" not in listed_shares[0]  # shown once, when made
        assert (
            client.get(f"{url}/shares", headers=delivery).status_code == 403
        )  # sees the plan, not its links
        assert client.delete(f"{url}/shares/{share.json()['id']}", headers=rep).status_code == 204
        assert client.get(path).status_code == 404
        assert [x["status"] for x in client.get(f"{url}/shares", headers=rep).json()] == ["revoked"]
        moved = client.patch(f"{url}/milestones/{ids[2]}", json={"position": 1}, headers=rep)
        assert moved.status_code == 200 and moved.json()["position"] == 1
        assert (
            client.patch(f"{url}/milestones/{ids[2]}", json={"position": 2}, headers=delivery).status_code
            == 403
        )
        assert client.delete(f"{url}/milestones/{ids[1]}", headers=rep).status_code == 204
        left = client.get(url, headers=rep).json()["milestones"]
        assert [(m["id"], m["position"]) for m in left] == [(ids[2], 1), (ids[0], 2)]


def test_bad_input_is_a_422_naming_the_field(world: World, app: FastAPI) -> None:
    account_id = _account(world)
    with TestClient(app) as client:
        leader = _auth(world, "leader")
        plan_id = client.post(
            "/api/v1/plans", json={"account_id": account_id, "title": "T"}, headers=leader
        ).json()["id"]
        cases = [
            (
                "/api/v1/plans",
                {"account_id": account_id, "title": "T", "status": "paused"},
                ["body", "status"],
            ),
            ("/api/v1/plans", {"account_id": 999, "title": "T"}, ["body", "account_id"]),
            (
                "/api/v1/plans",
                {"account_id": account_id, "title": "T", "job_order_id": 5},
                ["body", "job_order_id"],
            ),
            (
                "/api/v1/plans",
                {"account_id": account_id, "title": "T", "target_date": "0001-01-01"},
                ["body", "target_date"],
            ),
            (
                "/api/v1/plans",
                {"account_id": account_id, "title": "T", "owner_email": "x@y.z"},
                ["body", "owner_email"],
            ),
            (
                f"/api/v1/plans/{plan_id}/milestones",
                {"title": "S", "side": "legal", "due_date": "2026-01-01"},
                ["body", "side"],
            ),
            (f"/api/v1/plans/{plan_id}/milestones", {"title": "S", "side": "sales"}, ["body", "due_date"]),
            (f"/api/v1/plans/{plan_id}/shares", {"expires": "2020-01-01"}, ["body", "expires"]),
        ]
        for url, body, loc in cases:
            reply = client.post(url, json=body, headers=leader)
            assert reply.status_code == 422, (body, reply.text)
            assert reply.json()["detail"][0]["loc"] == loc, (body, reply.json())
        assert client.get("/api/v1/plans", params={"status": "nope"}, headers=leader).status_code == 422
        assert client.get("/api/v1/plans/99999", headers=leader).status_code == 404
        assert (
            client.patch(f"/api/v1/plans/{plan_id}/milestones/99999", json={}, headers=leader).status_code
            == 404
        )
