"""Migrations: a database populated at the first revision upgrades to head with nothing lost."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from repfocus.services import tokens, users
from repfocus.store.activities import rollup_totals
from repfocus.store.db import Database
from repfocus.store.models import Base

FIRST = "0001"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database with no schema at all, on SQLite and PostgreSQL."""
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'old.db'}")
        yield db
        db.dispose()
        return
    server = request.getfixturevalue("pg_server")
    name = f"m_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = Database(server.rsplit("/", 1)[0] + f"/{name}")
    try:
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _populate_at_first_revision(db: Database) -> None:
    """Write rows with plain SQL, as the first revision's schema has them (no models of later revisions)."""
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organizations (id, name, time_zone, currency, settings, is_demo, created_at) "
                "VALUES (1, 'Acme', 'America/Chicago', 'USD', '{}', false, :now)"
            ),
            {"now": datetime(2026, 1, 1)},
        )
        conn.execute(
            text("INSERT INTO teams (id, name, created_at) VALUES (1, 'East', :now)"),
            {"now": datetime(2026, 1, 1)},
        )
        conn.execute(
            text(
                "INSERT INTO users (id, email, name, role, team_id, is_active, created_at) "
                "VALUES (1, 'rep@example.com', 'Rep', 'rep', 1, true, :now), "
                "(2, 'boss@example.com', 'Boss', 'leader', NULL, true, :now)"
            ),
            {"now": datetime(2026, 1, 1)},
        )
        # activities and their rollup as the first revision's write path left them (plain SQL: today's
        # write path also keeps tables of later revisions)
        for i in range(5):
            conn.execute(
                text(
                    "INSERT INTO activities (rep_id, started_at, duration_minutes, duration_estimated, kind, "
                    "category, subject, source, external_id, created_at) VALUES (1, :at, :minutes, false, "
                    "'call', 'prospecting_call', '', 'csv', :ext, :now)"
                ),
                {
                    "at": datetime(2026, 11, 2, 15, i),
                    "minutes": 10 + i,
                    "ext": f"old-{i}",
                    "now": datetime(2026, 1, 1),
                },
            )
        conn.execute(
            text(
                "INSERT INTO activity_rollups (rep_id, day, category, persona, tier, account_status, "
                "minutes, count) VALUES (1, :day, 'prospecting_call', '', '', '', 60, 5)"
            ),
            {"day": date(2026, 11, 2)},
        )


def test_a_populated_first_revision_database_upgrades_to_head_with_nothing_lost(empty_db: Database) -> None:
    empty_db.upgrade(FIRST)
    assert not inspect(empty_db.engine).has_table("api_tokens")
    _populate_at_first_revision(empty_db)
    with empty_db.session() as s:
        before = rollup_totals(s)

    empty_db.upgrade()

    tables = set(inspect(empty_db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables, sorted(set(Base.metadata.tables) - tables)
    with empty_db.session() as s:
        assert rollup_totals(s) == before == (60, 5)
        weekly = s.execute(
            text("SELECT week, minutes_prospecting_call, count_prospecting_call FROM activity_rollups_weekly")
        ).all()
        assert [(str(w), m, n) for w, m, n in weekly] == [("2026-11-02", 60, 5)]
        assert s.scalar(text("SELECT count(*) FROM activities")) == 5
        assert s.scalar(select(func.count()).select_from(Base.metadata.tables["users"])) == 2
    # the new tables work on the old rows: the old user gets a password and a token
    users.reset_password(empty_db, email="boss@example.com", password="a long enough passphrase")
    made = tokens.create_token(empty_db, email="boss@example.com", scope="read")
    assert tokens.actor_for_token(empty_db, token=made.token, needed="read").role == "leader"


def test_every_revision_downgrades_back_to_the_first(empty_db: Database) -> None:
    from alembic import command

    from repfocus.store.db import alembic_config

    empty_db.upgrade()
    command.downgrade(alembic_config(empty_db), FIRST)
    assert not inspect(empty_db.engine).has_table("api_tokens")
    assert inspect(empty_db.engine).has_table("activities")


def test_the_weekly_rollups_pivot_to_one_row_per_rep_week_and_back(empty_db: Database) -> None:
    from alembic import command

    from repfocus.store.db import alembic_config

    empty_db.upgrade("0006")
    _populate_at_first_revision(empty_db)  # a rep (id 1) and a day of prospecting calls
    narrow = (
        "INSERT INTO activity_rollups_weekly (rep_id, week, category, minutes, count, on_target_minutes, "
        "new_logo_minutes, existing_minutes) VALUES (1, :week, :category, :m, :n, :on, :new, :old)"
    )
    monday = date(2026, 11, 2)
    with empty_db.session() as s:
        s.execute(text("DELETE FROM activity_rollups_weekly"))
        for category, m, n, on, new in (("prospecting_call", 60, 5, 40, 60), ("crm_admin", 30, 2, 0, 0)):
            s.execute(
                text(narrow),
                {"week": monday, "category": category, "m": m, "n": n, "on": on, "new": new, "old": 0},
            )
        s.commit()

    empty_db.upgrade("0007")
    with empty_db.session() as s:
        row = s.execute(text("SELECT * FROM activity_rollups_weekly")).mappings().one()
    assert (row["rep_id"], str(row["week"])) == (1, "2026-11-02")
    assert (row["minutes_prospecting_call"], row["count_prospecting_call"]) == (60, 5)
    assert (row["minutes_crm_admin"], row["count_crm_admin"]) == (30, 2)
    assert (row["on_target_minutes"], row["new_logo_minutes"], row["existing_minutes"]) == (40, 60, 0)
    assert sum(v for k, v in row.items() if k.startswith("count_")) == 7

    command.downgrade(alembic_config(empty_db), "0006")
    with empty_db.session() as s:
        rows = s.execute(
            text(
                "SELECT category, minutes, count, on_target_minutes, new_logo_minutes "
                "FROM activity_rollups_weekly ORDER BY category"
            )
        ).all()
    assert [tuple(r) for r in rows] == [("crm_admin", 30, 2, 0, 0), ("prospecting_call", 60, 5, 40, 60)]


def test_the_account_and_contact_indexes_leave_out_rows_without_one_and_serve_lookups(
    empty_db: Database,
) -> None:
    empty_db.upgrade()
    indexes = {ix["name"]: ix for ix in inspect(empty_db.engine).get_indexes("activities")}
    with empty_db.engine.connect() as conn:
        for column in ("account_id", "contact_id"):
            name = f"ix_activities_{column}"
            assert indexes[name]["column_names"] == [column]
            if empty_db.is_sqlite:
                sql = conn.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": name}
                ).scalar()
                plan = " ".join(
                    str(r[-1])
                    for r in conn.execute(
                        text(f"EXPLAIN QUERY PLAN SELECT id FROM activities WHERE {column} = 7")
                    )
                )
                assert name in plan  # "= 7" implies NOT NULL: the partial index serves it
            else:
                sql = conn.execute(
                    text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"), {"n": name}
                ).scalar()
            assert f"{column} IS NOT NULL" in str(sql).replace("(", "").replace(")", "")
