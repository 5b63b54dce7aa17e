"""API tokens: bearer only (never the session cookie), hashed, scoped, expiring, revocable, audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from repfocus.api.auth import IMPORT_SCOPE, token_actor
from repfocus.domain.access import Actor
from repfocus.services import audit, tokens, users
from repfocus.store.models import ApiToken
from tests.e2e.conftest import World


def _get(app: FastAPI, token: str | None, path: str = "/api/v1/me") -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with TestClient(app) as client:
        return client.get(path, headers=headers).status_code


def test_a_token_acts_for_its_user(app: FastAPI, world: World) -> None:
    token = world.token("manager", "read")
    with TestClient(app) as client:
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["email"] == world.emails["manager"] and me["role"] == "manager"
    assert me["team_ids"] == [world.team_a]


def test_the_api_ignores_the_session_cookie(app: FastAPI, client_for: Callable[[str], TestClient]) -> None:
    client = client_for("leader")
    assert client.get("/tokens").status_code == 200  # signed in for pages
    reply = client.get("/api/v1/me")
    assert reply.status_code == 401
    assert reply.headers["www-authenticate"] == "Bearer"


def test_unknown_malformed_and_missing_tokens_get_401(app: FastAPI, world: World) -> None:
    assert _get(app, None) == 401
    assert _get(app, "rf_not-a-real-token") == 401
    assert _get(app, "x" * 5000) == 401
    with TestClient(app) as client:
        assert client.get("/api/v1/me", headers={"Authorization": "Basic abc"}).status_code == 401


def test_only_the_hash_of_a_token_is_stored(world: World) -> None:
    new = tokens.create_token(world.db, email=world.emails["rep"], scope="read")
    with world.db.session() as s:
        row = s.scalars(select(ApiToken).where(ApiToken.id == new.id)).one()
    assert new.token not in (row.token_hash, row.prefix) and len(row.token_hash) == 64
    assert all(new.token not in str(t.as_dict()) for t in tokens.list_tokens(world.db))


def test_a_revoked_token_stops_working_at_once_and_is_audited(app: FastAPI, world: World) -> None:
    new = tokens.create_token(world.db, email=world.emails["rep"], scope="read")
    assert _get(app, new.token) == 200
    tokens.revoke_token(world.db, token_id=new.id)
    assert _get(app, new.token) == 401
    leader = Actor(world.ids["leader"], "leader", frozenset(), world.emails["leader"])
    actions = [(e.action, e.target) for e in audit.list_entries(world.db, actor=leader, action="token")]
    assert ("token.revoke", f"token:{new.id}") in actions and ("token.create", f"token:{new.id}") in actions


def test_an_expired_token_is_refused(app: FastAPI, world: World) -> None:
    new = tokens.create_token(world.db, email=world.emails["rep"], scope="read", expires_days=1)
    assert _get(app, new.token) == 200
    with world.db.session() as s:
        s.execute(
            update(ApiToken)
            .where(ApiToken.id == new.id)
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        s.commit()
    assert _get(app, new.token) == 401


def test_a_disabled_users_tokens_stop_working(app: FastAPI, world: World) -> None:
    token = world.token("rep", "read")
    users.disable_user(world.db, email=world.emails["rep"])
    assert _get(app, token) == 401


@pytest.fixture
def scoped_app(app: FastAPI) -> FastAPI:
    """The app with three probe routes on its API: a read, a write and an import."""
    api = next(r.app for r in app.routes if getattr(r, "path", "") == "/api/v1")
    probe = APIRouter(dependencies=[Depends(token_actor)])

    @probe.get("/probe")
    def read() -> dict[str, str]:
        return {"ok": "read"}

    @probe.post("/probe")
    def write() -> dict[str, str]:
        return {"ok": "write"}

    @probe.post("/probe/import", **IMPORT_SCOPE)
    def import_() -> dict[str, str]:
        return {"ok": "import"}

    api.include_router(probe)
    return app


@pytest.mark.parametrize(
    ("scope", "read", "write", "import_"),
    [("read", 200, 403, 403), ("write", 200, 200, 200), ("import", 200, 403, 200)],
)
def test_token_scope_limits_what_it_may_do(
    scoped_app: FastAPI, world: World, scope: str, read: int, write: int, import_: int
) -> None:
    headers = {"Authorization": f"Bearer {world.token('leader', scope)}"}
    with TestClient(scoped_app) as client:
        assert client.get("/api/v1/probe", headers=headers).status_code == read
        assert client.post("/api/v1/probe", headers=headers).status_code == write
        assert client.post("/api/v1/probe/import", headers=headers).status_code == import_


def test_tokens_page_shows_a_new_token_once(client_for: Callable[[str], TestClient], world: World) -> None:
    client = client_for("rep")
    created = client.post("/tokens", data={"scope": "read", "name": "nightly", "expires_days": "30"})
    assert created.status_code == 201
    token = created.text.split('<code class="token">')[1].split("</code>")[0]
    assert token.startswith("rf_")
    assert token not in client.get("/tokens").text
    assert _get(client.app, token) == 200  # type: ignore[arg-type]


def test_tokens_page_rejects_bad_scope_and_expiry_clearly(client_for: Callable[[str], TestClient]) -> None:
    client = client_for("rep")
    bad_scope = client.post("/tokens", data={"scope": "admin"})
    assert bad_scope.status_code == 422 and "scope" in bad_scope.text
    bad_days = client.post("/tokens", data={"scope": "read", "expires_days": "soon"})
    assert bad_days.status_code == 422 and "number of days" in bad_days.text


def test_a_rep_sees_only_their_own_tokens_and_a_leader_sees_all(
    client_for: Callable[[str], TestClient], world: World
) -> None:
    world.token("other_rep", "read")
    rep_page = client_for("rep").get("/tokens").text
    leader_page = client_for("leader").get("/tokens").text
    assert world.emails["other_rep"] not in rep_page
    assert world.emails["other_rep"] in leader_page


def test_a_user_cannot_make_tokens_for_someone_else(world: World) -> None:
    rep = Actor(world.ids["rep"], "rep", frozenset({world.team_a}), world.emails["rep"])
    with pytest.raises(Exception, match="only for yourself"):
        tokens.create_token(world.db, email=world.emails["leader"], scope="write", by=rep)
