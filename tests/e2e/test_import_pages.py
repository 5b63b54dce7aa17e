"""The import page over HTTP: upload, preview with classification, import in the background, report."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from repfocus.app import create_app
from repfocus.config import Settings
from repfocus.services import users
from repfocus.store.db import Database
from repfocus.store.models import Activity
from tests.e2e.conftest import PASSWORD, sign_in
from tests.factories import make_account, make_contact, make_organization

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REP = "ann@acme-staffing.example"
OTHER = "bob@acme-staffing.example"
LEADER = "lea@acme-staffing.example"
CSV = (
    "external_id,rep_email,started_at,duration_minutes,kind,subject,account_name,account_status\n"
    f"w-1,{REP},2026-03-02T15:00:00Z,30,call,Intro call,Initech,prospect\n"
    f"w-2,{REP},2026-03-02T16:00:00Z,,meeting,Pipeline review,,\n"
    f"w-3,{REP},2026-03-02T17:00:00Z,45,meeting,Reformat resume for Kara,,\n"
)
BAD_CSV = CSV + "w-4,ghost@nowhere.example,2026-03-02T18:00:00Z,30,call,Hello,,\n"


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
    return sqlite_db


def _client(db: Database, email: str) -> TestClient:
    client = TestClient(create_app(Settings(database_url=db.url, upload_max_mb=1, secret_key="s"), db))
    client.headers["x-csrf-token"] = sign_in(client, email)
    return client


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    """A client signed in as the leader."""
    with _client(db, LEADER) as c:
        yield c


@pytest.fixture
def rep_client(db: Database) -> Iterator[TestClient]:
    with _client(db, REP) as c:
        yield c


def _count(client: TestClient) -> int:
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Activity)) or 0)


def _preview(client: TestClient, name: str, body: bytes, **form: str) -> tuple[int, str]:
    response = client.post("/imports/preview", data=form, files={"file": (name, body, "text/csv")})
    return response.status_code, response.text


def _commit_and_wait(client: TestClient, page: str, **form: str) -> str:
    action = re.search(r'action="(/imports/[^"]+/commit)"', page)
    assert action is not None
    response = client.post(action.group(1), data=form, follow_redirects=False)
    assert response.status_code == 303
    job_url = response.headers["location"]
    for _ in range(100):
        fragment = client.get(job_url, headers={"HX-Request": "true"}).text
        if "every 1s" not in fragment:
            return client.get(job_url).text
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


def test_the_page_offers_every_format_and_the_limits(client: TestClient) -> None:
    page = client.get("/imports").text
    for label in ("RepFocus CSV", "Salesforce", "HubSpot", "Bullhorn", "Pipedrive", "Calendar (.ics)"):
        assert label in page
    assert "1 MB" in page and 'href="/imports"' in page


def test_the_preview_shows_the_first_rows_classified_and_writes_nothing(client: TestClient) -> None:
    status, page = _preview(client, "week.csv", CSV.encode())
    assert status == 200
    assert "prospecting_call" in page and "prospecting-call" in page  # category and the rule that chose it
    assert "resume_formatting" in page and "30 (est.)" in page
    assert "Initech (prospect)" in page
    assert _count(client) == 0


def test_importing_after_the_preview_shows_the_report(client: TestClient) -> None:
    _, page = _preview(client, "week.csv", CSV.encode())
    report = _commit_and_wait(client, page)
    assert "Imported." in report and re.search(r"<th>Imported</th><td>3</td>", report)
    assert _count(client) == 3


def test_a_rejected_atomic_import_lists_line_field_and_reason(client: TestClient) -> None:
    _, page = _preview(client, "week.csv", BAD_CSV.encode())
    assert "no rep with email ghost@nowhere.example" in page  # the preview already says so
    report = _commit_and_wait(client, page)
    assert "Rejected: nothing was written" in report
    assert re.search(r"<td>5</td><td>rep_email</td><td>no rep with email ghost@nowhere.example", report)
    assert _count(client) == 0


def test_partial_import_keeps_the_good_rows(client: TestClient) -> None:
    _, page = _preview(client, "week.csv", BAD_CSV.encode())
    report = _commit_and_wait(client, page, partial="true")
    assert "Imported." in report and _count(client) == 3


def test_a_calendar_previews_with_its_skips_and_imports(client: TestClient) -> None:
    data = (FIXTURES / "ics" / "attendance.ics").read_bytes()
    status, page = _preview(
        client, "cal.ics", data, format="ics", rep=REP, **{"from": "2026-03-01", "to": "2026-03-31"}
    )
    assert status == 200, page
    assert "prospect_meeting" in page and "skipped: declined by the rep" in page
    report = _commit_and_wait(client, page)
    assert "Meetings matched to contacts" in report and _count(client) == 2


@pytest.mark.parametrize(
    ("name", "body", "form", "status", "words"),
    [
        ("notes.docx", b"PK\x03\x04", {}, 415, "only .csv"),
        ("week.csv", b"\x00\x01\x02\x03binary", {}, 400, "Nothing was imported"),
        ("week.csv", b"", {}, 422, "is empty"),
        ("cal.ics", b"BEGIN:VCALENDAR\nEND:VCALENDAR\n", {"format": "ics"}, 400, "give the rep"),
        (
            "cal.ics",
            b"BEGIN:VCALENDAR\nEND:VCALENDAR\n",
            {"format": "ics", "rep": REP, "from": "2026-03-09", "to": "2026-03-01"},
            400,
            "calendar window",
        ),
        ("photo.ics", b"\x89PNG\r\n\x1a\n\x00\x00", {"format": "ics", "rep": REP}, 400, "binary file"),
    ],
)
def test_bad_uploads_get_a_clear_message_on_the_form(
    client: TestClient, name: str, body: bytes, form: dict[str, str], status: int, words: str
) -> None:
    code, page = _preview(client, name, body, **form)
    assert code == status and words in page and "Traceback" not in page
    assert 'class="import-form' in page


def test_an_unknown_upload_token_is_a_404_page(client: TestClient) -> None:
    assert client.post("/imports/not-a-token/commit").status_code == 404
    assert client.post("/imports/..%2F..%2Fetc/commit").status_code in (404, 405)
    assert client.get("/imports/jobs/nope").status_code == 404


def test_an_upload_over_the_limit_is_refused_before_it_is_read(client: TestClient) -> None:
    code, page = _preview(client, "big.csv", b"a" * 1_000_001)
    assert code == 413 and "1 MB limit" in page and 'class="import-form' in page


def test_the_page_needs_a_signed_in_user(db: Database) -> None:
    with TestClient(create_app(Settings(database_url=db.url, secret_key="s"), db)) as anonymous:
        response = anonymous.get("/imports", follow_redirects=False)
    assert response.status_code in (302, 303) and "/login" in response.headers["location"]


def test_a_rep_imports_their_own_rows_and_is_refused_a_colleagues(rep_client: TestClient) -> None:
    rows = CSV + f"w-9,{OTHER},2026-03-02T18:00:00Z,30,call,Not mine,,\n"
    status, page = _preview(rep_client, "week.csv", rows.encode())
    assert status == 200 and f"you may not import activities for {OTHER}" in page
    report = _commit_and_wait(rep_client, page, partial="true")
    assert "Imported." in report and _count(rep_client) == 3


def test_someone_elses_upload_and_job_are_not_found(client: TestClient, rep_client: TestClient) -> None:
    _, page = _preview(rep_client, "week.csv", CSV.encode())
    action = re.search(r'action="(/imports/[^"]+/commit)"', page)
    assert action is not None
    assert client.post(action.group(1)).status_code == 404  # the leader did not upload it
    job_url = rep_client.post(action.group(1), follow_redirects=False).headers["location"]
    assert client.get(job_url).status_code == 404


def test_the_bullhorn_funnel_previews_as_a_dry_run_and_imports(
    client: TestClient, rep_client: TestClient
) -> None:
    data = (FIXTURES / "bullhorn" / "joborder.json").read_bytes()
    form = {"format": "bullhorn_funnel", "rep": REP}
    status, page = _preview(client, "joborder.json", data, **form)
    assert status == 200 and "The whole file was checked" in page and "Of them, leads" in page
    report = _commit_and_wait(client, page)
    assert "Imported." in report and re.search(r"<th>Imported</th><td>3</td>", report)
    status, page = _preview(rep_client, "joborder.json", data, **form)
    assert status == 403 and "only a leader imports the staffing funnel" in page


def test_a_big_upload_is_prepared_in_a_worker_process_from_the_server_thread(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from repfocus.services import import_run, import_worker

    started: list[bool] = []
    real = import_worker.in_worker
    monkeypatch.setattr(import_worker, "in_worker", lambda m: started.append(True) or real(m))
    monkeypatch.setattr(import_worker, "WORKER_ROWS", 1)  # as if the file held a million rows
    monkeypatch.setattr(import_run, "BATCH_ROWS", 200)
    rows = [CSV.splitlines()[0]] + [
        f"big-{n},{REP},2026-03-{2 + n % 20:02d}T15:{n % 60:02d}:00Z,30,call,Intro call {n},Initech,prospect"
        for n in range(2_000)
    ]
    _, page = _preview(client, "big.csv", ("\n".join(rows) + "\n").encode())
    report = _commit_and_wait(client, page)
    assert started, "the import did not go on in a worker"
    assert "Imported." in report and re.search(r"<th>Imported</th><td>2000</td>", report)
    assert _count(client) == 2_000
