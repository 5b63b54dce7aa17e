"""/api/v1/users: list (leaders all, managers their teams), add and change users with a write token."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from repfocus.services import signin
from tests.e2e.conftest import World


def _auth(world: World, persona: str, scope: str = "write") -> dict[str, str]:
    return {"Authorization": f"Bearer {world.token(persona, scope)}"}


def test_leaders_list_everyone_and_managers_their_team(world: World, app: FastAPI) -> None:
    with TestClient(app) as client:
        everyone = client.get("/api/v1/users", headers=_auth(world, "leader", "read"))
        assert everyone.status_code == 200 and len(everyone.json()) == 6
        first = everyone.json()[0]
        assert set(first) >= {"id", "email", "name", "role", "team", "status", "is_active", "created_at"}
        team = client.get("/api/v1/users", headers=_auth(world, "manager", "read"))
        assert [u["email"] for u in team.json()] == ["manager@example.com", "rep@example.com"]
        reps_b = client.get("/api/v1/users?team=Team B&role=rep", headers=_auth(world, "leader", "read"))
        assert [u["email"] for u in reps_b.json()] == ["other.rep@example.com"]
        for persona in ("rep", "delivery"):
            assert client.get("/api/v1/users", headers=_auth(world, persona, "read")).status_code == 403


def test_a_leader_adds_a_user_and_gets_the_generated_password_once(world: World, app: FastAPI) -> None:
    with TestClient(app) as client:
        reply = client.post(
            "/api/v1/users",
            json={"email": "api.new@example.com", "role": "manager", "team": "Team C", "name": "Api New"},
            headers=_auth(world, "leader"),
        )
        assert reply.status_code == 201, reply.text
        body = reply.json()
        assert (body["role"], body["team"], body["status"]) == ("manager", "Team C", "active")
        signed = signin.sign_in(world.db, email="api.new@example.com", password=body["initial_password"])
        assert signed.actor.user_id == body["id"]
        listed = client.get("/api/v1/users?role=manager", headers=_auth(world, "leader", "read")).json()
        assert "initial_password" not in listed[0] and "Api New" in [u["name"] for u in listed]


def test_adding_a_user_is_refused_for_bad_input_a_read_token_and_non_leaders(
    world: World, app: FastAPI
) -> None:
    with TestClient(app) as client:
        weak = client.post(
            "/api/v1/users",
            json={"email": "w@example.com", "role": "rep", "password": "short"},
            headers=_auth(world, "leader"),
        )
        assert weak.status_code == 422
        assert "password must be at least 12 characters" in weak.json()["detail"][0]["msg"]
        bad_role = client.post(
            "/api/v1/users", json={"email": "w@example.com", "role": "boss"}, headers=_auth(world, "leader")
        )
        assert bad_role.status_code == 422
        new = {"email": "w@example.com", "role": "rep"}
        assert (
            client.post("/api/v1/users", json=new, headers=_auth(world, "leader", "read")).status_code == 403
        )
        assert client.post("/api/v1/users", json=new, headers=_auth(world, "manager")).status_code == 403
        assert client.post("/api/v1/users", json=new).status_code == 401


def test_a_leader_patches_role_team_active_and_password(world: World, app: FastAPI) -> None:
    rep_id = world.ids["rep"]
    with TestClient(app) as client:
        auth = _auth(world, "leader")
        moved = client.patch(f"/api/v1/users/{rep_id}", json={"team": "Team B"}, headers=auth)
        assert moved.status_code == 200 and moved.json()["team"] == "Team B"
        assert moved.json()["new_password"] is None
        off = client.patch(
            f"/api/v1/users/{rep_id}", json={"active": False, "reset_password": True}, headers=auth
        )
        assert off.json()["status"] == "deactivated" and off.json()["new_password"]
        on = client.patch(f"/api/v1/users/{rep_id}", json={"active": True, "role": "manager"}, headers=auth)
        assert (on.json()["status"], on.json()["role"]) == ("active", "manager")
        assert signin.sign_in(world.db, email=world.emails["rep"], password=off.json()["new_password"])


def test_patch_refusals_last_leader_unknown_user_and_managers(world: World, app: FastAPI) -> None:
    with TestClient(app) as client:
        auth = _auth(world, "leader")
        me = client.patch(f"/api/v1/users/{world.ids['leader']}", json={"role": "rep"}, headers=auth)
        assert me.status_code == 422 and "you are the last active leader" in me.json()["detail"][0]["msg"]
        assert client.patch("/api/v1/users/999999", json={"role": "rep"}, headers=auth).status_code == 404
        patch = {"role": "leader"}
        url = f"/api/v1/users/{world.ids['rep']}"
        assert client.patch(url, json=patch, headers=_auth(world, "manager")).status_code == 403
        assert client.patch(url, json=patch, headers=_auth(world, "leader", "read")).status_code == 403


def test_the_users_operations_are_documented_in_openapi(app: FastAPI) -> None:
    with TestClient(app) as client:
        paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/users"]) == {"get", "post"} and set(paths["/users/{user_id}"]) == {"patch"}
    assert (
        "201" in paths["/users"]["post"]["responses"]
        and "422" in paths["/users/{user_id}"]["patch"]["responses"]
    )
