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
from tests.e2e.conftest import PASSWORD
from tests.factories import make_account, make_contact, make_organization, make_user

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REP = "ann@acme-staffing.example"
URL = "/api/v1/activities/import"
CSV = (
    "external_id,rep_email,started_at,duration_minutes,kind,subject,account_name,account_status\n"
    f"a-1,{REP},2026-03-02T15:00:00Z,30,call,Intro call,Initech,prospect\n"
    f"a-2,{REP},2026-03-02T16:00:00Z,,meeting,Pipeline review,,\n"
)
BAD_CSV = CSV + f"a-3,{REP},yesterday,30,call,Oops,,\n"


@pytest.fixture
def client(sqlite_db: Database) -> Iterator[TestClient]:
    with sqlite_db.session() as s:
        make_organization(s, time_zone="America/Chicago")
        make_user(s, email=REP)
        initech = make_account(s, name="Initech", domain="initech.example", status="prospect")
        make_contact(
            s, email="michael.bolton@initech.example", persona="it_hiring_manager", account_id=initech.id
        )
        s.commit()
    users.add_user(sqlite_db, email="lea@example.com", role="leader", password=PASSWORD, name="Lea")
    token = tokens.create_token(sqlite_db, email="lea@example.com", scope="import").token
    settings = Settings(database_url=sqlite_db.url, upload_max_mb=1)
    with TestClient(create_app(settings, sqlite_db)) as test_client:
        test_client.headers["Authorization"] = f"Bearer {token}"
        yield test_client


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
        ({"files": {"file": ("setup.exe", b"MZ", "application/octet-stream")}}, 400, "not imported"),
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


def test_a_rep_may_import_only_their_own_activities(client: TestClient) -> None:
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    users.add_user(db, email="bo@example.com", role="rep", password=PASSWORD, name="Bo")
    token = tokens.create_token(db, email="bo@example.com", scope="import").token
    own = "external_id,rep_email,started_at,kind\nb-1,bo@example.com,2026-03-02T15:00:00Z,call\n"
    theirs = f"external_id,rep_email,started_at,kind\nb-2,{REP},2026-03-02T15:00:00Z,call\n"
    headers = {"Authorization": f"Bearer {token}"}
    ok = client.post(URL, files={"file": ("own.csv", own.encode(), "text/csv")}, headers=headers)
    assert ok.status_code == 200 and ok.json()["imported"] == 1
    refused = client.post(URL, files={"file": ("theirs.csv", theirs.encode(), "text/csv")}, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["rejected"] == [
        {"line": 2, "field": "rep_email", "reason": f"you may not import activities for {REP}"}
    ]
    assert _activities(client) == 1
