"""Service-layer authorization: each role reads exactly the reps it may, on pages and in the API,
and the audit log is a leaders-only page with working filters."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from repfocus.domain.access import AccessDenied, Actor
from repfocus.services import audit, reporting, users
from tests.e2e.conftest import World

# who sees which rep's row in the allocation report
VISIBLE = {
    "rep": {"rep"},
    "manager": {"rep"},
    "other_manager": {"other_rep"},
    "leader": {"rep", "other_rep"},
}


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_the_dashboard_shows_each_role_only_the_reps_it_may_see(
    persona: str, world: World, client_for: Callable[[str], TestClient]
) -> None:
    html = client_for(persona).get("/").text
    shown = {p for p in ("rep", "other_rep") if f"Ada {p.upper()}<" in html}
    assert shown == VISIBLE[persona]


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_the_allocation_api_returns_only_visible_reps(persona: str, app: FastAPI, world: World) -> None:
    headers = {"Authorization": f"Bearer {world.token(persona, 'read')}"}
    with TestClient(app) as client:
        body = client.get("/api/v1/reports/allocation", headers=headers).json()
        asked = client.get(
            "/api/v1/reports/allocation", params={"rep": world.emails["other_rep"]}, headers=headers
        ).json()
    assert {r["email"] for r in body["reps"]} == {world.emails[p] for p in VISIBLE[persona]}
    # asking for a rep by name does not reveal one the caller may not see
    assert bool(asked["reps"]) is ("other_rep" in VISIBLE[persona])


def test_delivery_users_are_refused_sales_reports_in_the_service(world: World) -> None:
    delivery = Actor(world.ids["delivery"], "delivery", frozenset(), world.emails["delivery"])
    period = reporting.default_period(world.db)
    with pytest.raises(AccessDenied):
        reporting.allocation_report(world.db, actor=delivery, period=period)


def test_only_leaders_read_the_audit_log_in_the_service(world: World) -> None:
    manager = Actor(world.ids["manager"], "manager", frozenset({world.team_a}), world.emails["manager"])
    with pytest.raises(AccessDenied):
        audit.list_entries(world.db, actor=manager)


def test_the_audit_page_lists_changes_and_filters_them(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    leader = Actor(world.ids["leader"], "leader", frozenset(), world.emails["leader"])
    users.change_role(world.db, email=world.emails["other_rep"], role="manager", by=leader)
    client = client_for("leader")
    client.post("/tokens", data={"scope": "write", "name": "sync"})
    everything = client.get("/audit").text
    assert "user.role" in everything and "token.create" in everything and "user.add" in everything
    roles = client.get("/audit", params={"action": "user.role"}).text
    assert "user.role" in roles and "token.create</td>" not in roles
    assert "from: rep" in roles and "to: manager" in roles
    mine = client.get("/audit", params={"who": "leader@"}).text
    assert "token.create" in mine and "user.add</td>" not in mine  # users were added by the command line
    future = client.get("/audit", params={"from": "2099-01-01"}).text
    assert "Nothing recorded for these filters" in future
    bad = client.get("/audit", params={"from": "yesterday"})
    assert bad.status_code == 422 and "from" in bad.text


def test_the_generated_session_key_is_kept_so_sessions_survive_a_restart(world: World) -> None:
    from repfocus.app import create_app
    from repfocus.config import Settings
    from tests.e2e.conftest import sign_in

    settings = Settings(database_url=world.db.url, secret_key="")
    with TestClient(create_app(settings, world.db)) as first:
        sign_in(first, world.emails["rep"])
        cookies = dict(first.cookies)
    with TestClient(create_app(settings, world.db), cookies=cookies) as second:
        assert second.get("/tokens", follow_redirects=False).status_code == 200


def test_sql_in_a_filter_is_just_text(app: FastAPI, world: World) -> None:
    headers = {"Authorization": f"Bearer {world.token('leader', 'read')}"}
    with TestClient(app) as client:
        for hostile in ("x' OR '1'='1", 'x" OR 1=1 --', "'; DROP TABLE users; --"):
            for name in ("rep", "team"):
                reply = client.get("/api/v1/reports/allocation", params={name: hostile}, headers=headers)
                assert reply.status_code == 200 and reply.json()["reps"] == [], (name, hostile)
        assert len(client.get("/api/v1/reports/allocation", headers=headers).json()["reps"]) == 2
