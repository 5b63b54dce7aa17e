"""A small organization with one user per persona, the app on it, and signed-in clients."""

from __future__ import annotations

import re
import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Page

from repfocus.app import create_app
from repfocus.config import Settings
from repfocus.services import tokens, users
from repfocus.store.db import Database
from tests.e2e.sample_org import LEADER_EMAIL, LEADER_PASSWORD, ZONE, populate
from tests.factories import make_activity, make_organization, make_team

PASSWORD = "correct horse battery"
PERSONAS = ("anonymous", "rep", "other_manager", "manager", "leader", "delivery")


@dataclass
class World:
    """leader; manager of team A; other_manager of team B; rep in team A (the subject); other_rep in B."""

    db: Database
    team_a: int
    team_b: int
    ids: dict[str, int] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)

    def token(self, persona: str, scope: str = "write") -> str:
        return tokens.create_token(self.db, email=self.emails[persona], scope=scope).token

    def token_id(self, persona: str) -> int:
        return tokens.create_token(self.db, email=self.emails[persona], scope="read").id


def build_world(db: Database) -> World:
    with db.session() as s:
        make_organization(s)
        a, b = make_team(s, name="Team A"), make_team(s, name="Team B")
        s.commit()
        world = World(db=db, team_a=a.id, team_b=b.id)
    people = {
        "leader": ("leader", None),
        "manager": ("manager", "Team A"),
        "other_manager": ("manager", "Team B"),
        "rep": ("rep", "Team A"),
        "other_rep": ("rep", "Team B"),
        "delivery": ("delivery", None),
    }
    for persona, (role, team) in people.items():
        email = f"{persona.replace('_', '.')}@example.com"
        row = users.add_user(
            db, email=email, role=role, password=PASSWORD, name=f"Ada {persona.upper()}", team=team
        )
        world.ids[persona], world.emails[persona] = row.id, email
    with db.session() as s:
        make_activity(s, rep_id=world.ids["rep"], subject="Rep A call")
        make_activity(s, rep_id=world.ids["other_rep"], subject="Rep B call")
        s.commit()
    return world


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return build_world(sqlite_db)


@pytest.fixture
def app(world: World) -> FastAPI:
    return create_app(Settings(database_url=world.db.url, secret_key="test-secret"), world.db)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert found, "page has no csrf-token meta tag"
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Sign `client` in through the form; return the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    reply = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}, follow_redirects=False
    )
    assert reply.status_code == 303, reply.text
    return csrf_of(client.get("/tokens").text)


@pytest.fixture
def client_for(app: FastAPI, world: World) -> Iterator[Callable[[str], TestClient]]:
    """Return a function giving a client signed in as a persona (anonymous: not signed in)."""
    made: list[TestClient] = []

    def make(persona: str) -> TestClient:
        client = TestClient(app, base_url="http://testserver")
        made.append(client)
        if persona == "anonymous":
            client.headers["x-csrf-token"] = csrf_of(client.get("/login").text)
        else:
            client.headers["x-csrf-token"] = sign_in(client, world.emails[persona])
        return client

    yield make
    for client in made:
        client.close()


# --- pages over a small organization with 13 weeks of work, read by a signed-in leader


def build_app(db: Database, **settings: Any) -> FastAPI:
    return create_app(Settings(database_url=db.url, secret_key="test-secret", **settings), db)


@contextmanager
def served(app: FastAPI, **config: Any) -> Iterator[str]:
    """Serve `app` with uvicorn on a free 127.0.0.1 port, in a thread; yield its base URL."""
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def today() -> date:
    return datetime.now(ZoneInfo(ZONE)).date()


@pytest.fixture(scope="session")
def populated_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory, today: date) -> Path:
    """A SQLite file holding the sample organization of tests/e2e/sample_org.py, built once."""
    path = tmp_path_factory.mktemp("populated") / "repfocus.db"
    shutil.copyfile(sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    populate(db, today=today)
    db.dispose()
    with closing(sqlite3.connect(path)) as conn:  # fold the WAL into the file before it is copied
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def populated_db(populated_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A fresh copy of the sample organization's database."""
    path = tmp_path / "repfocus.db"
    shutil.copyfile(populated_template, path)
    db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


def signed_in_client(db: Database, email: str = LEADER_EMAIL, password: str = LEADER_PASSWORD) -> TestClient:
    """Return a client on a new app over `db`, signed in as `email` (enter it with `with`)."""
    client = TestClient(build_app(db), base_url="http://testserver")
    client.headers["x-csrf-token"] = sign_in(client, email, password)
    return client


@pytest.fixture
def client(populated_db: Database) -> Iterator[TestClient]:
    """A client signed in as the sample organization's leader."""
    with signed_in_client(populated_db) as c:
        yield c


@contextmanager
def leader_client(db: Database, **settings: Any) -> Iterator[TestClient]:
    """Yield a client of the app (with `settings`) on `db`, signed in as a leader added on first use."""
    if all(u.email != "lea@example.com" for u in users.list_users(db)):
        users.add_user(db, email="lea@example.com", role="leader", password=PASSWORD, name="Lea Leader")
    with TestClient(build_app(db, **settings)) as c:
        c.headers["x-csrf-token"] = sign_in(c, "lea@example.com")
        yield c


@pytest.fixture
def world_server(sqlite_db: Database) -> Iterator[tuple[str, World]]:
    """The app served over HTTP (uvicorn) on the small organization of build_world: (base URL, world)."""
    world = build_world(sqlite_db)
    with served(build_app(sqlite_db)) as base:
        yield base, world


def signed_in(page: Page, base: str, email: str) -> list[str]:
    """Sign `page` in as `email`; return the list that collects its script and console errors from now on."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    return errors


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: run `make test`, which installs Chromium through apt")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}
