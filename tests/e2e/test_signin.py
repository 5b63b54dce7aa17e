"""Signing in: cookies, CSRF, throttling and lockout, expiry, password resets and disabled users."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from repfocus.services import users
from repfocus.store.models import User
from repfocus.web.sessions import COOKIE
from tests.e2e.conftest import PASSWORD, World, csrf_of, sign_in


def _login(client: TestClient, email: str, password: str, token: str | None = None) -> int:
    token = token if token is not None else csrf_of(client.get("/login").text)
    data = {"email": email, "password": password, "csrf_token": token}
    return client.post("/login", data=data, follow_redirects=False).status_code


def test_anonymous_visitor_is_sent_to_sign_in_and_comes_back_after(app: FastAPI, world: World) -> None:
    with TestClient(app) as client:
        reply = client.get("/audit?action=token", follow_redirects=False)
        assert reply.status_code == 303
        assert reply.headers["location"] == "/login?next=/audit%3Faction%3Dtoken"
        token = csrf_of(client.get(reply.headers["location"]).text)
        data = {"email": world.emails["leader"], "password": PASSWORD, "csrf_token": token, "next": "/audit"}
        back = client.post("/login", data=data, follow_redirects=False)
        assert back.status_code == 303 and back.headers["location"] == "/audit"


def test_htmx_requests_without_a_session_get_an_hx_redirect(app: FastAPI, world: World) -> None:
    with TestClient(app) as client:
        reply = client.get("/tokens", headers={"HX-Request": "true"}, follow_redirects=False)
    assert reply.status_code == 401
    assert reply.headers["hx-redirect"].startswith("/login")


def test_sign_in_never_redirects_off_site(app: FastAPI, world: World) -> None:
    with TestClient(app) as client:
        token = csrf_of(client.get("/login").text)
        for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
            data = {"email": world.emails["rep"], "password": PASSWORD, "csrf_token": token, "next": target}
            reply = client.post("/login", data=data, follow_redirects=False)
            assert reply.headers["location"] == "/", target
            client.cookies.clear()
            token = csrf_of(client.get("/login").text)


def test_session_cookie_is_httponly_samesite_lax_and_secure_only_over_https(
    app: FastAPI, world: World
) -> None:
    for base, secure in (("http://testserver", False), ("https://testserver", True)):
        with TestClient(app, base_url=base) as client:
            token = csrf_of(client.get("/login").text)
            data = {"email": world.emails["rep"], "password": PASSWORD, "csrf_token": token}
            reply = client.post("/login", data=data, follow_redirects=False)
        cookie = reply.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}=")
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=" in cookie
        assert ("Secure" in cookie) is secure


def test_sign_in_rotates_the_session_so_a_planted_cookie_is_useless(app: FastAPI, world: World) -> None:
    with TestClient(app) as client:
        token_before = csrf_of(client.get("/login").text)
        assert _login(client, world.emails["rep"], PASSWORD, token_before) == 303
        token_after = csrf_of(client.get("/tokens").text)
    assert token_after != token_before


def test_state_changing_requests_without_the_csrf_token_are_refused(
    client_for: Callable[[str], TestClient],
) -> None:
    client = client_for("rep")
    good = client.headers.pop("x-csrf-token")
    assert client.post("/tokens", data={"scope": "read"}).status_code == 403
    assert client.post("/tokens", data={"scope": "read", "csrf_token": "forged"}).status_code == 403
    assert (
        client.post("/tokens", data={"scope": "read"}, headers={"X-CSRF-Token": "forged"}).status_code == 403
    )
    assert client.post("/logout", follow_redirects=False).status_code == 403
    # the same requests pass with the session's token, as a form field or as the HTMX header
    assert client.post("/tokens", data={"scope": "read", "csrf_token": good}).status_code == 201
    assert client.post("/tokens", data={"scope": "read"}, headers={"X-CSRF-Token": good}).status_code == 201


def test_the_sign_in_form_itself_needs_the_csrf_token(app: FastAPI, world: World) -> None:
    with TestClient(app) as client:
        client.get("/login")
        data = {"email": world.emails["rep"], "password": PASSWORD}
        assert client.post("/login", data=data, follow_redirects=False).status_code == 403


def test_pages_carry_the_token_for_forms_and_htmx(client_for: Callable[[str], TestClient]) -> None:
    client = client_for("rep")
    html = client.get("/tokens").text
    token = csrf_of(html)
    assert f'hx-headers=\'{{"X-CSRF-Token": "{token}"}}\'' in html
    assert f'name="csrf_token" value="{token}"' in html


def test_repeated_failures_lock_the_account_even_for_the_right_password(app: FastAPI, world: World) -> None:
    email = world.emails["rep"]
    with TestClient(app) as client:
        for _ in range(5):
            assert _login(client, email, "wrong password 123") == 401
        assert _login(client, email, PASSWORD) == 429
        reply = client.get("/login")
    assert reply.status_code == 200


def test_lockout_does_not_reveal_whether_an_email_exists(app: FastAPI, world: World) -> None:
    with TestClient(app) as client:
        statuses = [_login(client, "nobody@example.com", "wrong password 123") for _ in range(6)]
    assert statuses == [401] * 5 + [429]


def test_lockout_ends_after_the_lockout_window(
    app: FastAPI, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from repfocus.services import signin

    email = world.emails["rep"]
    with TestClient(app) as client:
        for _ in range(5):
            _login(client, email, "wrong password 123")
        assert _login(client, email, PASSWORD) == 429
        real = signin.datetime

        class Later(real):  # type: ignore[misc, valid-type]
            @classmethod
            def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
                return real.now(tz) + signin.timedelta(minutes=16)

        monkeypatch.setattr(signin, "datetime", Later)
        assert _login(client, email, PASSWORD) == 303


def test_one_address_failing_across_many_emails_is_throttled(app: FastAPI, world: World) -> None:
    with TestClient(app) as client:
        statuses = [_login(client, f"guess{i}@example.com", "wrong password 123") for i in range(21)]
        assert statuses[:20] == [401] * 20 and statuses[20] == 429
        assert _login(client, world.emails["leader"], PASSWORD) == 429


def test_session_expires_after_the_configured_hours(app: FastAPI, world: World) -> None:
    with TestClient(app) as client:
        sign_in(client, world.emails["rep"])
        serializer = URLSafeTimedSerializer("test-secret", salt="repfocus.session")
        session = serializer.loads(client.cookies[COOKIE])
        session["at"] = int(time.time()) - 13 * 3600
        client.cookies.set(COOKIE, serializer.dumps(session))
        assert client.get("/tokens", follow_redirects=False).status_code == 303


def test_a_tampered_session_cookie_is_ignored(app: FastAPI, world: World) -> None:
    with TestClient(app) as client:
        forged = URLSafeTimedSerializer("wrong-secret", salt="repfocus.session").dumps(
            {"uid": world.ids["leader"], "stamp": "x", "at": int(time.time())}
        )
        client.cookies.set(COOKIE, forged)
        assert client.get("/audit", follow_redirects=False).status_code == 303


def test_a_password_reset_ends_every_session_of_that_user(app: FastAPI, world: World) -> None:
    with TestClient(app) as client:
        sign_in(client, world.emails["rep"])
        assert client.get("/tokens").status_code == 200
        users.reset_password(world.db, email=world.emails["rep"], password="a brand new passphrase")
        assert client.get("/tokens", follow_redirects=False).status_code == 303


def test_a_disabled_user_is_signed_out_and_cannot_sign_in(app: FastAPI, world: World) -> None:
    with TestClient(app) as client:
        sign_in(client, world.emails["rep"])
        users.disable_user(world.db, email=world.emails["rep"])
        assert client.get("/tokens", follow_redirects=False).status_code == 303
        assert _login(client, world.emails["rep"], PASSWORD) == 401


def test_passwords_are_stored_as_argon2id_hashes(world: World) -> None:
    with world.db.session() as s:
        hashes = list(s.scalars(select(User.password_hash)))
    assert hashes and all(h and h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


def test_weak_passwords_are_refused_with_the_reason(world: World) -> None:
    with pytest.raises(users.UserInvalid, match="at least 12 characters"):
        users.add_user(world.db, email="new@example.com", role="rep", password="short")
