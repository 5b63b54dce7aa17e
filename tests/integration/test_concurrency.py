"""Two importers and the web app writing at once lose nothing and fail nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from repfocus.app import create_app
from repfocus.config import Settings
from repfocus.services import users
from repfocus.store.activities import insert_activities, rollup_totals
from repfocus.store.db import Database
from repfocus.store.models import Activity, ApiToken, AuditEntry
from tests.factories import make_organization, make_team

PASSWORD = "correct horse battery"
BATCHES, BATCH = 12, 40
REQUESTS = 10


def _importer(db: Database, name: str, rep_ids: list[int], errors: list[BaseException]) -> None:
    try:
        for b in range(BATCHES):
            rows = [
                {
                    "rep_id": rep_ids[(b + i) % len(rep_ids)],
                    # the same few days and categories in both importers: their rollup upserts collide
                    "started_at": datetime(2026, 11, 2 + i % 3, 15, tzinfo=UTC) + timedelta(minutes=b),
                    "duration_minutes": 1 + i % 7,
                    "kind": "call",
                    "category": ("prospecting_call", "client_servicing")[i % 2],
                    "source": "csv",
                    "external_id": f"{name}-{b}-{i}",
                }
                for i in range(BATCH)
            ]
            if name == "b":  # the other importer meets the same rollup keys in the opposite order
                rows.reverse()
            with db.session() as session:  # an atomic import writes its file in several chunks
                for chunk in (rows[: BATCH // 2], rows[BATCH // 2 :]):
                    insert_activities(session, chunk)
                session.commit()
    except BaseException as exc:  # recorded, so the main thread fails the test with it
        errors.append(exc)


def _web_user(app: Any, email: str, errors: list[BaseException], statuses: list[int]) -> None:
    try:
        with TestClient(app) as client:
            page = client.get("/login").text
            token = page.split('name="csrf-token" content="')[1].split('"')[0]
            data = {"email": email, "password": PASSWORD, "csrf_token": token}
            assert client.post("/login", data=data, follow_redirects=False).status_code == 303
            csrf = client.get("/tokens").text.split('name="csrf-token" content="')[1].split('"')[0]
            for i in range(REQUESTS):
                made = client.post(
                    "/tokens", data={"scope": "read", "name": f"t{i}"}, headers={"X-CSRF-Token": csrf}
                )
                statuses.append(made.status_code)
                statuses.append(client.get("/").status_code)
    except BaseException as exc:
        errors.append(exc)


def test_two_importers_and_the_web_app_write_at_once_and_nothing_is_lost(any_db: Database) -> None:
    with any_db.session() as s:
        make_organization(s)
        make_team(s, name="East")
        s.commit()
    leader = users.add_user(any_db, email="lead@example.com", role="leader", password=PASSWORD)
    manager = users.add_user(any_db, email="mgr@example.com", role="manager", password=PASSWORD, team="East")
    reps = [
        users.add_user(any_db, email=f"r{i}@example.com", role="rep", password=PASSWORD, team="East").id
        for i in range(3)
    ]
    app = create_app(Settings(database_url=any_db.url, secret_key="k"), any_db)
    errors: list[BaseException] = []
    statuses: list[int] = []
    threads = [
        threading.Thread(target=_importer, args=(any_db, "a", reps, errors)),
        threading.Thread(target=_importer, args=(any_db, "b", reps, errors)),
        threading.Thread(target=_web_user, args=(app, "lead@example.com", errors, statuses)),
        threading.Thread(target=_web_user, args=(app, "mgr@example.com", errors, statuses)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert statuses.count(201) == 2 * REQUESTS and statuses.count(200) == 2 * REQUESTS, statuses
    with any_db.session() as s:
        count = s.scalar(select(func.count()).select_from(Activity))
        minutes = s.scalar(select(func.sum(Activity.duration_minutes)))
        assert count == 2 * BATCHES * BATCH
        assert rollup_totals(s) == (minutes, count)
        assert s.scalar(select(func.count()).select_from(ApiToken)) == 2 * REQUESTS
        creations = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "token.create")
        assert s.scalar(creations) == 2 * REQUESTS
    assert leader.id and manager.id


def _row(rep_id: int, day: int, external_id: str) -> dict[str, Any]:
    return {
        "rep_id": rep_id,
        "started_at": datetime(2026, 11, day, 15, tzinfo=UTC),
        "duration_minutes": 10,
        "kind": "call",
        "category": "prospecting_call",
        "source": "csv",
        "external_id": external_id,
    }


def test_two_imports_meeting_the_same_rollups_in_opposite_order_both_commit(any_db: Database) -> None:
    """Import A writes day 2 then day 3; import B, meanwhile, day 3 then day 2: neither may fail."""
    with any_db.session() as s:
        make_organization(s)
        s.commit()
    rep = users.add_user(any_db, email="r@example.com", role="rep", password=PASSWORD).id
    errors: list[BaseException] = []

    def import_b() -> None:
        try:
            with any_db.session() as b:
                insert_activities(b, [_row(rep, 3, "b1")])
                insert_activities(b, [_row(rep, 2, "b2")])
                b.commit()
        except BaseException as exc:
            errors.append(exc)

    with any_db.session() as a:
        insert_activities(a, [_row(rep, 2, "a1")])
        other = threading.Thread(target=import_b)
        other.start()
        other.join(timeout=1.5)  # B gets as far as it can while A is open
        insert_activities(a, [_row(rep, 3, "a2")])
        a.commit()
    other.join(timeout=30)
    assert not errors, errors
    with any_db.session() as s:
        assert rollup_totals(s) == (40, 4)
