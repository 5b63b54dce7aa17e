"""The users, tokens, backup and restore commands through the CLI runner."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from repfocus.app import create_app
from repfocus.cli.main import app as cli
from repfocus.config import Settings, get_settings
from repfocus.services import users
from repfocus.store.activities import insert_activities, rollup_totals
from repfocus.store.db import Database
from repfocus.store.models import Activity, Organization, User
from tests.factories import make_organization, make_user

PASSWORD = "correct horse battery"


@pytest.fixture
def db(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """The CLI's configured database is this test's SQLite file."""
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", sqlite_db.url)
    get_settings.cache_clear()
    yield sqlite_db
    get_settings.cache_clear()


runner = CliRunner()


def _run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(cli, list(args), input=stdin)
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes is not None else "")


def test_users_add_reads_the_password_from_stdin_and_the_user_can_sign_in(db: Database) -> None:
    code, out = _run(
        "users", "add", "ann@example.com", "--role", "manager", "--team", "East", stdin=PASSWORD + "\n"
    )
    assert code == 0, out
    code, out = _run("users", "list", "--format", "json")
    listed = json.loads(out)
    assert listed == [
        {
            "id": listed[0]["id"],
            "email": "ann@example.com",
            "name": "ann",
            "role": "manager",
            "team": "East",
            "is_active": True,
            "has_password": True,
        }
    ]
    app = create_app(Settings(database_url=db.url, secret_key="k"), db)
    with TestClient(app) as client:
        page = client.get("/login").text
        token = page.split('name="csrf-token" content="')[1].split('"')[0]
        data = {"email": "ann@example.com", "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=data, follow_redirects=False).status_code == 303


def test_users_add_has_no_password_argument_and_refuses_weak_ones(db: Database) -> None:
    code, out = _run("users", "add", "bob@example.com", "--role", "rep", "--password", "x")
    assert code == 2 and "No such option" in out
    code, out = _run("users", "add", "bob@example.com", "--role", "rep", stdin="short\n")
    assert code == 1 and "at least 12 characters" in out
    code, out = _run("users", "add", "bob@example.com", "--role", "boss", stdin=PASSWORD + "\n")
    assert code == 2 and "--role must be one of" in out


def test_users_disable_and_reset_password(db: Database) -> None:
    _run("users", "add", "cy@example.com", "--role", "rep", "--team", "West", stdin=PASSWORD + "\n")
    assert _run("users", "reset-password", "cy@example.com", stdin="another good passphrase\n")[0] == 0
    from repfocus.services import signin

    assert signin.sign_in(db, email="cy@example.com", password="another good passphrase").actor.role == "rep"
    assert _run("users", "disable", "cy@example.com")[0] == 0
    with pytest.raises(signin.SignInFailed):
        signin.sign_in(db, email="cy@example.com", password="another good passphrase")
    code, out = _run("users", "disable", "nobody@example.com")
    assert code == 1 and "no user with email nobody@example.com" in out


def test_set_role_changes_the_role_and_is_audited(db: Database) -> None:
    _run("users", "add", "di@example.com", "--role", "rep", stdin=PASSWORD + "\n")
    assert _run("users", "set-role", "di@example.com", "--role", "manager")[0] == 0
    from repfocus.domain.access import Actor
    from repfocus.services import audit

    leader = Actor(0, "leader", frozenset(), "cli")
    entries = audit.list_entries(db, actor=leader, action="user.role")
    assert [(e.actor, e.details) for e in entries] == [("command line", {"from": "rep", "to": "manager"})]


def test_tokens_create_json_list_and_revoke(db: Database) -> None:
    _run("users", "add", "ed@example.com", "--role", "rep", stdin=PASSWORD + "\n")
    code, out = _run("tokens", "create", "ed@example.com", "--scope", "import", "--expires", "30", "--json")
    assert code == 0, out
    made = json.loads(out)
    assert set(made) == {"token", "id", "scope", "expires_at"} and made["scope"] == "import"
    expires = datetime.fromisoformat(made["expires_at"])
    assert timedelta(days=29) < expires - datetime.now(UTC) <= timedelta(days=30)
    code, out = _run("tokens", "list", "--format", "json")
    assert made["token"] not in out
    assert [(t["id"], t["status"]) for t in json.loads(out)] == [(made["id"], "active")]
    assert _run("tokens", "revoke", str(made["id"]))[0] == 0
    assert json.loads(_run("tokens", "list", "--format", "json")[1])[0]["status"] == "revoked"
    code, out = _run("tokens", "revoke", "999")
    assert code == 1 and "no token with id 999" in out
    code, out = _run("tokens", "create", "ed@example.com", "--scope", "admin")
    assert code == 2 and "--scope must be one of" in out


def _add_activities(db: Database, rep_id: int, start: int, n: int) -> None:
    rows = [
        {
            "rep_id": rep_id,
            "started_at": datetime(2026, 11, 2, 15, tzinfo=UTC) + timedelta(minutes=i),
            "duration_minutes": 5,
            "kind": "call",
            "category": "prospecting_call",
            "source": "csv",
            "external_id": f"b-{start + i}",
        }
        for i in range(n)
    ]
    with db.session() as s:
        insert_activities(s, rows)
        s.commit()


def test_backup_while_writers_run_is_consistent_and_restore_brings_it_back(
    db: Database, tmp_path: Path
) -> None:
    with db.session() as s:
        make_organization(s)
        rep_id = make_user(s).id
        s.commit()
    _add_activities(db, rep_id, 0, 100)
    stop = threading.Event()

    def writer() -> None:
        i = 1000
        while not stop.is_set():
            _add_activities(db, rep_id, i, 50)
            i += 50

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        code, out = _run("backup", str(tmp_path / "copy.db"), "--json")
    finally:
        stop.set()
        thread.join()
    assert code == 0, out
    result = json.loads(out)
    copy = Database(f"sqlite:///{tmp_path / 'copy.db'}")
    with copy.session() as s:  # the copy is a snapshot: its rollups match its own raw rows
        count = s.scalar(select(func.count()).select_from(Activity))
        assert rollup_totals(s) == (5 * count, count) and count == result["activities"] >= 100
    copy.dispose()
    assert _run("backup", str(tmp_path / "copy.db"))[0] == 1  # will not overwrite without --force

    _add_activities(db, rep_id, 900_000, 7)  # changes made after the backup ...
    code, out = _run("restore", str(tmp_path / "copy.db"), "--yes")
    assert code == 0, out
    with db.session() as s:  # ... are gone, and everything in the backup is back
        assert s.scalar(select(func.count()).select_from(Activity)) == result["activities"]
        assert s.scalar(select(func.count()).select_from(User)) == 1


def test_restore_asks_first_and_refuses_files_that_are_not_backups(db: Database, tmp_path: Path) -> None:
    _run("backup", str(tmp_path / "b.db"))
    code, out = _run("restore", str(tmp_path / "b.db"), stdin="n\n")
    assert code == 1 and "cancelled" in out
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    code, out = _run("restore", str(junk), "--yes")
    assert code == 1 and "not a RepFocus database" in out
    code, out = _run("restore", str(tmp_path / "missing.db"), "--yes")
    assert code == 1 and "does not exist" in out


def test_backup_on_postgresql_explains_pg_dump(monkeypatch: pytest.MonkeyPatch) -> None:
    from repfocus.services import backup

    pg = Database("postgresql://rf:secret@db.example:5432/repfocus")
    with pytest.raises(backup.BackupFailed) as caught:
        backup.backup(pg, Path("x.db"))
    message = str(caught.value)
    assert "pg_dump --format=custom" in message and "pg_restore" in message and "secret" not in message


def test_demo_database_gets_a_demo_leader_and_a_real_one_gets_none(db: Database) -> None:
    assert users.ensure_demo_sign_in(db) is None  # no organization yet
    with db.session() as s:
        make_organization(s)
        s.commit()
    assert users.ensure_demo_sign_in(db) is None
    assert users.list_users(db) == []
    with db.session() as s:
        org = s.scalars(select(Organization)).one()
        org.is_demo = True
        s.commit()
    demo = users.ensure_demo_sign_in(db)
    assert demo is not None
    from repfocus.services import signin

    assert signin.sign_in(db, email=demo[0], password=demo[1]).actor.role == "leader"


def test_users_add_gives_an_existing_user_without_a_password_a_sign_in(db: Database) -> None:
    """Reps and managers made by the demo or an import exist without a password until they are added."""
    from sqlalchemy import insert

    from repfocus.store.models import team_managers
    from tests.factories import make_team

    with db.session() as s:
        team = make_team(s, name="East")
        manager = make_user(s, email="mo@example.com", role="manager")
        s.execute(insert(team_managers).values(team_id=team.id, user_id=manager.id))
        s.commit()
    code, out = _run(
        "users", "add", "mo@example.com", "--role", "manager", "--team", "East", stdin=PASSWORD + "\n"
    )
    assert code == 0, out
    assert [(r.email, r.team, r.has_password) for r in users.list_users(db)] == [
        ("mo@example.com", "East", True)
    ]
    code, out = _run("users", "add", "mo@example.com", "--role", "manager", stdin=PASSWORD + "\n")
    assert code == 1 and "already exists" in out


def test_the_command_line_keeps_the_last_active_leader_too(db: Database) -> None:
    _run("users", "add", "lee@example.com", "--role", "leader", stdin=PASSWORD + "\n")
    code, out = _run("users", "set-role", "lee@example.com", "--role", "rep")
    assert code == 1 and "the last active leader" in out
    code, out = _run("users", "disable", "lee@example.com")
    assert code == 1 and "the last active leader" in out
    _run("users", "add", "lou@example.com", "--role", "leader", stdin=PASSWORD + "\n")
    assert _run("users", "set-role", "lee@example.com", "--role", "rep")[0] == 0
