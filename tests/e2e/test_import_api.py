"""POST /api/v1/activities/import over HTTP: files, JSON arrays, reports, limits and the OpenAPI entry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from repfocus.app import create_app
from repfocus.config import Settings
from repfocus.services import tokens, users
from repfocus.store.db import Database
from repfocus.store.models import Activity
from tests.factories import make_account, make_contact, make_organization

PASSWORD = "correct horse battery"

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REP = "ann@acme-staffing.example"
OTHER = "bob@acme-staffing.example"
LEADER = "lea@acme-staffing.example"
URL = "/api/v1/activities/import"
CSV = (
    "external_id,rep_email,started_at,duration_minutes,kind,subject,account_name,account_status\n"
    f"a-1,{REP},2026-03-02T15:00:00Z,30,call,Intro call,Initech,prospect\n"
    f"a-2,{REP},2026-03-02T16:00:00Z,,meeting,Pipeline review,,\n"
)
BAD_CSV = CSV + f"a-3,{REP},yesterday,30,call,Oops,,\n"


@pytest.fixture
def db(sqlite_db: Database) -> Database:
    with sqlite_db.session() as s:
        make_organization(s, time_zone="America/Chicago")
        initech = make_account(s, name="Initech", domain="initech.example", status="prospect")
        make_contact(
            s, email="michael.bolton@initech.example", persona="it_hiring_manager", account_id=initech.id
        )
        s.commit()
    users.add_user(sqlite_db, email=LEADER, role="leader", password=PASSWORD)
    users.add_user(sqlite_db, email=REP, role="rep", password=PASSWORD, team="East")
    users.add_user(sqlite_db, email=OTHER, role="rep", password=PASSWORD, team="West")
    users.add_user(sqlite_db, email="dee@acme-staffing.example", role="delivery", password=PASSWORD)
    return sqlite_db


@pytest.fixture
def anonymous(db: Database) -> Iterator[TestClient]:
    settings = Settings(database_url=db.url, upload_max_mb=1, secret_key="test-secret")
    with TestClient(create_app(settings, db)) as test_client:
        yield test_client


def _bearer(db: Database, email: str, scope: str = "import") -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_token(db, email=email, scope=scope).token}"}


@pytest.fixture
def client(anonymous: TestClient, db: Database) -> TestClient:
    """A client holding the leader's import token."""
    anonymous.headers.update(_bearer(db, LEADER))
    return anonymous


def _activities(client: TestClient) -> int:
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Activity)) or 0)


def test_a_csv_file_imports_and_the_report_comes_back(client: TestClient) -> None:
    response = client.post(URL, files={"file": ("week.csv", CSV.encode(), "text/csv")})
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["format"], report["imported"], report["estimated_durations"]) == ("csv", 2, 1)
    assert report["by_category"]["prospecting_call"] == 30
    again = client.post(URL, files={"file": ("week.csv", CSV.encode(), "text/csv")}).json()
    assert (again["imported"], again["duplicates"]) == (0, 2)
    assert _activities(client) == 2


def test_a_rejected_row_fails_the_atomic_import_with_422_and_writes_nothing(client: TestClient) -> None:
    response = client.post(URL, files={"file": ("week.csv", BAD_CSV.encode(), "text/csv")})
    assert response.status_code == 422
    assert response.json()["rejected"] == [
        {
            "line": 4,
            "field": "started_at",
            "reason": "'yesterday' is not an ISO 8601 time like 2026-11-02T15:00:00Z",
        }
    ]
    assert _activities(client) == 0


def test_partial_writes_the_good_rows_and_still_lists_the_rejected(client: TestClient) -> None:
    response = client.post(
        URL, files={"file": ("week.csv", BAD_CSV.encode(), "text/csv")}, data={"partial": "true"}
    )
    assert response.status_code == 200
    assert response.json()["imported"] == 2 and len(response.json()["rejected"]) == 1
    assert _activities(client) == 2


def test_a_dry_run_reports_and_writes_nothing(client: TestClient) -> None:
    response = client.post(
        URL, params={"dry_run": "true"}, files={"file": ("w.csv", CSV.encode(), "text/csv")}
    )
    assert response.status_code == 200 and response.json()["imported"] == 2
    assert _activities(client) == 0


def test_a_json_array_of_activities_imports(client: TestClient) -> None:
    body = [
        {"external_id": "j-1", "rep_email": REP, "started_at": "2026-03-03T15:00:00Z", "kind": "email",
         "subject": "Follow up", "account_name": "Initech", "account_status": "prospect"},
        {"external_id": "j-2", "rep_email": REP, "started_at": "2026-03-03T16:00:00Z", "kind": "call",
         "duration_minutes": 12},
    ]  # fmt: skip
    response = client.post(URL, json=body)
    assert response.status_code == 200, response.text
    assert (response.json()["imported"], response.json()["format"]) == (2, "json")
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    with db.session() as s:
        assert set(s.scalars(select(Activity.source))) == {"api"}


def test_json_records_are_rejected_by_index_field_and_reason(client: TestClient) -> None:
    body = [
        {"rep_email": REP, "started_at": "2026-03-03T15:00:00Z", "kind": "email"},
        {"rep_email": REP, "started_at": "2026-03-03T15:00:00Z", "kind": "lunch"},
        {"rep_email": "ghost@nowhere.example", "started_at": "2026-03-03T15:00:00Z", "kind": "call"},
    ]
    response = client.post(URL, json=body)
    assert response.status_code == 422
    assert [(e["line"], e["field"]) for e in response.json()["rejected"]] == [(2, "kind"), (3, "rep_email")]


@pytest.mark.parametrize(
    ("kwargs", "status", "words"),
    [
        ({"content": b"[{not json", "headers": {"content-type": "application/json"}}, 400, "not valid JSON"),
        ({"json": {"rep_email": REP}}, 400, "JSON array"),
        (
            {"files": {"file": ("week.csv", b"\x00\x01\x02\x03PK\x03\x04", "text/csv")}},
            400,
            "nothing was imported",
        ),
        ({"files": {"file": ("setup.exe", b"MZ", "application/octet-stream")}}, 415, "only .csv"),
        ({"data": {"format": "csv"}, "files": {"other": ("a.csv", b"x", "text/csv")}}, 400, "no 'file' part"),
        (
            {"files": {"file": ("w.csv", CSV.encode(), "text/csv")}, "data": {"format": "excel"}},
            400,
            "format",
        ),
        ({"content": b"hello", "headers": {"content-type": "text/plain"}}, 415, "multipart/form-data"),
    ],
)
def test_malformed_bodies_get_a_clear_400(client: TestClient, kwargs: dict, status: int, words: str) -> None:  # type: ignore[type-arg]
    response = client.post(URL, **kwargs)
    assert response.status_code == status, response.text
    assert words in response.json()["detail"]


def test_a_body_over_the_upload_limit_is_refused_with_413(client: TestClient) -> None:
    big = CSV.encode() + b"#" * (1024 * 1024 + 10)
    assert client.post(URL, files={"file": ("big.csv", big, "text/csv")}).status_code == 413
    assert client.post(URL, content=b"[" + b" " * (1024 * 1024 + 10) + b"]",
                       headers={"content-type": "application/json"}).status_code == 413  # fmt: skip


def test_a_calendar_imports_for_its_rep_inside_the_window(client: TestClient) -> None:
    data = (FIXTURES / "ics" / "attendance.ics").read_bytes()
    form = {"format": "ics", "rep": REP, "from": "2026-03-01", "to": "2026-03-31"}
    response = client.post(URL, data=form, files={"file": ("cal.ics", data, "text/calendar")})
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["imported"], report["matched_contacts"]) == (2, 1)
    assert report["skipped"] == {"cancelled": 1, "declined": 1, "outside_window": 1, "transparent": 1}
    assert report["by_category"]["prospect_meeting"] == 60
    half = client.post(URL, data={**form, "to": ""}, files={"file": ("cal.ics", data, "text/calendar")})
    assert half.status_code == 400 and "give both from and to" in half.json()["detail"]
    missing_rep = client.post(URL, files={"file": ("cal.ics", data, "text/calendar")})
    assert missing_rep.status_code == 400 and "rep" in missing_rep.json()["detail"]


def test_the_endpoint_is_documented_in_openapi(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    post = spec["paths"]["/activities/import"]["post"]
    assert {"200", "400", "413", "422"} <= set(post["responses"])
    content = post["requestBody"]["content"]
    assert "file" in content["multipart/form-data"]["schema"]["properties"]
    assert content["application/json"]["schema"]["type"] == "array"
    assert "rep_email" in content["application/json"]["schema"]["items"]["properties"]


def test_the_endpoint_needs_a_token_with_the_import_scope(anonymous: TestClient, db: Database) -> None:
    files = {"file": ("week.csv", CSV.encode(), "text/csv")}
    assert anonymous.post(URL, files=files).status_code == 401
    assert anonymous.post(URL, files=files, headers=_bearer(db, LEADER, "read")).status_code == 403
    assert anonymous.post(URL, files=files, headers=_bearer(db, LEADER, "write")).status_code == 200


def test_a_rep_imports_their_own_rows_but_not_a_colleagues(anonymous: TestClient, db: Database) -> None:
    body = [
        {"external_id": "r-1", "rep_email": REP, "started_at": "2026-03-03T15:00:00Z", "kind": "call"},
        {"external_id": "r-2", "rep_email": OTHER, "started_at": "2026-03-03T16:00:00Z", "kind": "call"},
    ]
    response = anonymous.post(URL, json=body, headers=_bearer(db, REP))
    assert response.status_code == 422
    assert response.json()["rejected"] == [
        {"line": 2, "field": "rep_email", "reason": f"you may not import activities for {OTHER}"}
    ]
    partial = anonymous.post(URL, json=body, params={"partial": "true"}, headers=_bearer(db, REP))
    assert (partial.status_code, partial.json()["imported"]) == (200, 1)


def test_only_leaders_create_reps_and_delivery_users_do_not_import(
    anonymous: TestClient, db: Database
) -> None:
    files = {"file": ("week.csv", CSV.encode(), "text/csv")}
    response = anonymous.post(URL, files=files, params={"create_reps": "true"}, headers=_bearer(db, REP))
    assert response.status_code == 403 and "leader" in response.json()["detail"]
    delivery = _bearer(db, "dee@acme-staffing.example")
    assert anonymous.post(URL, files=files, headers=delivery).status_code == 403


def test_a_rep_may_not_import_a_colleagues_calendar(anonymous: TestClient, db: Database) -> None:
    data = (FIXTURES / "ics" / "attendance.ics").read_bytes()
    form = {"format": "ics", "rep": OTHER}
    response = anonymous.post(
        URL, data=form, files={"file": ("c.ics", data, "text/calendar")}, headers=_bearer(db, REP)
    )
    assert response.status_code == 403


def test_a_leader_imports_the_bullhorn_funnel_through_the_api(client: TestClient, db: Database) -> None:
    data = (FIXTURES / "bullhorn" / "joborder.json").read_bytes()
    form = {"format": "bullhorn_funnel", "rep": REP}
    response = client.post(URL, data=form, files={"file": ("joborder.json", data, "application/json")})
    assert response.status_code == 200, response.text
    assert (response.json()["entity"], response.json()["imported"]) == ("joborder", 3)
    history = (FIXTURES / "bullhorn" / "jobsubmissionhistory.json").read_bytes()
    early = client.post(URL, data=form, files={"file": ("history.json", history, "application/json")})
    assert early.status_code == 422 and early.json()["rejected"][0]["field"] == "jobSubmission.id"
    bad = client.post(
        URL, data={**form, "entity": "deal"}, files={"file": ("j.json", data, "application/json")}
    )
    assert bad.status_code == 400 and "entity must be one of" in bad.json()["detail"]
    as_rep = client.post(
        URL, data=form, files={"file": ("joborder.json", data, "application/json")}, headers=_bearer(db, REP)
    )
    assert as_rep.status_code == 403 and "leader" in as_rep.json()["detail"]
