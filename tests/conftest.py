"""Shared fixtures: a throwaway PostgreSQL server, migrated databases on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# Cheap argon2 in tests (the cost is a setting); set before anything reads the settings.
os.environ.setdefault("REPFOCUS_ARGON2_TIME_COST", "1")
os.environ.setdefault("REPFOCUS_ARGON2_MEMORY_KIB", "8")
from sqlalchemy import create_engine, text

from repfocus.store.db import Database

ROOT = Path(__file__).resolve().parents[1]
# ../shared/fixtures from the main checkout; worktrees (/work/wt/<branch>) find it one level further up.
SHARED_FIXTURES = next(
    (p / "shared" / "fixtures" for p in ROOT.parents if (p / "shared" / "fixtures").is_dir()),
    ROOT.parent / "shared" / "fixtures",
)
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """Yield the admin URL of a PostgreSQL server: $TEST_DATABASE_URL, or one started here in a temp dir."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
        return
    if not (PGBIN / "initdb").exists():
        pytest.fail(f"PostgreSQL binaries not found in {PGBIN}: run `make test`, which installs them")
    root = tempfile.mkdtemp(prefix="repfocus-pg.")
    prefix: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(root, user="postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = os.path.join(root, "data"), _free_port()
    subprocess.run(
        [
            *prefix,
            str(PGBIN / "initdb"),
            "-D",
            data,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off"
    subprocess.run(
        [*prefix, str(PGBIN / "pg_ctl"), "-D", data, "-l", f"{root}/log", "-w", "-o", opts, "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(PGBIN / "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"], capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_template(pg_server: str) -> str:
    """Create a database migrated to head once; tests clone it (CREATE DATABASE ... TEMPLATE)."""
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS repfocus_template"))
        conn.execute(text("CREATE DATABASE repfocus_template"))
    admin.dispose()
    url = pg_server.rsplit("/", 1)[0] + "/repfocus_template"
    db = Database(url)
    db.upgrade()
    db.dispose()
    return url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once; tests copy it."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


def _sqlite_db(template: Path, tmp_path: Path) -> Database:
    path = tmp_path / "repfocus.db"
    shutil.copyfile(template, path)
    return Database(f"sqlite:///{path}")


def _pg_db(pg_server: str, pg_template: str) -> Iterator[Database]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE repfocus_template'))
    db = Database(pg_server.rsplit("/", 1)[0] + f"/{name}")
    try:
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_db(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated SQLite database in a temp dir."""
    db = _sqlite_db(sqlite_template, tmp_path)
    yield db
    db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated database; the test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        db = _sqlite_db(sqlite_template, tmp_path)
        yield db
        db.dispose()
    else:
        pg_server = request.getfixturevalue("pg_server")
        pg_template = request.getfixturevalue("pg_template")
        yield from _pg_db(pg_server, pg_template)


@pytest.fixture
def shared_fixtures() -> Path:
    """The real third-party export files in ../shared/fixtures; skips when that folder is absent."""
    if not SHARED_FIXTURES.is_dir():
        pytest.skip(f"real export fixtures not present at {SHARED_FIXTURES}")
    return SHARED_FIXTURES
