"""The diagnosis through the CLI, the API and the pages, on the planted organization."""

from __future__ import annotations

import json
import shutil
import warnings
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from repfocus.cli.main import app as cli
from repfocus.config import get_settings
from repfocus.services import tokens, users
from repfocus.store.db import Database
from repfocus.store.models import AuditEntry, DiagnosisSnapshot
from tests.e2e.conftest import PASSWORD, build_app, leader_client, sign_in
from tests.integration.test_diagnosis_on_imported_csv import PERIOD, build_planted_org

with warnings.catch_warnings():  # starlette asks for httpx2, which is not a dependency yet
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

DATES = ["--from", PERIOD.start.isoformat(), "--to", PERIOD.end.isoformat()]
QUERY = f"start={PERIOD.start}&end={PERIOD.end}"


@pytest.fixture(scope="module")
def planted_file(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The planted organization built once per module; each test gets a copy."""
    path = tmp_path_factory.mktemp("planted") / "planted.db"
    shutil.copyfile(sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    build_planted_org(db)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture
def db(planted_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "repfocus.db"
    shutil.copyfile(planted_file, path)
    db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


@pytest.fixture
def db_url(db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", db.url)
    get_settings.cache_clear()
    yield db.url
    get_settings.cache_clear()


@pytest.fixture
def client(db_url: str, db: Database) -> Iterator[TestClient]:
    """Signed in as a leader on the pages; the same leader's bearer token for the API."""
    with leader_client(db) as c:
        c.headers["authorization"] = (
            f"Bearer {tokens.create_token(db, email='lea@example.com', scope='write').token}"
        )
        yield c


def client_as(db: Database, email: str, role: str, team: str | None = None) -> TestClient:
    users.add_user(db, email=email, role=role, password=PASSWORD, name=role.title(), team=team)
    c = TestClient(build_app(db))
    c.headers["x-csrf-token"] = sign_in(c, email)
    c.headers["authorization"] = f"Bearer {tokens.create_token(db, email=email, scope='write').token}"
    return c


def test_cli_json_names_the_planted_causes(db_url: str) -> None:
    result = CliRunner().invoke(cli, ["diagnose", *DATES, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    top = {r["email"]: r["findings"][0]["cause"] for r in data["reps"] if r["findings"]}
    assert top["ava@acme.example"] == "competencies"
    assert top["dan@acme.example"] == "dna"


def test_cli_and_api_give_the_same_diagnosis(db_url: str, client: TestClient) -> None:
    cli_out = json.loads(CliRunner().invoke(cli, ["diagnose", *DATES, "--format", "json"]).stdout)
    api_out = client.get(f"/api/v1/diagnosis?from={PERIOD.start}&to={PERIOD.end}").json()
    assert cli_out == api_out


def test_cli_table_shows_the_grid_and_the_top_evidence(db_url: str) -> None:
    result = CliRunner().invoke(cli, ["diagnose", "--rep", "cole@acme.example", *DATES])
    assert result.exit_code == 0, result.output
    assert "Knowledge & tools" in result.stdout
    assert "of all time went to searching for and creating content" in result.stdout


def test_cli_rejects_an_unknown_rep_and_bad_thresholds(db_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["diagnose", "--rep", "nobody@acme.example", *DATES])
    assert result.exit_code == 1
    assert "no active rep with email nobody@acme.example" in result.stderr
    bad = tmp_path / "t.toml"
    bad.write_text("[dna]\nfloor = 2\n")
    result = CliRunner().invoke(cli, ["diagnose", "--thresholds", str(bad), *DATES])
    assert result.exit_code == 1
    assert "[dna] has no threshold 'floor'" in " ".join(result.stderr.split())


def test_cli_rejects_team_and_rep_together(db_url: str) -> None:
    result = CliRunner().invoke(cli, ["diagnose", "--team", "East", "--rep", "x@y.example"])
    assert result.exit_code == 2


def test_api_unknown_rep_is_404(client: TestClient) -> None:
    assert client.get("/api/v1/diagnosis?rep=nobody@acme.example").status_code == 404


def test_follow_up_task_done_lets_the_next_diagnosis_conclude_dna(client: TestClient) -> None:
    url = f"/api/v1/diagnosis?rep=dan@acme.example&from={PERIOD.start}&to={PERIOD.end}"
    assert client.get(url).json()["reps"][0]["findings"][0]["cause"] == "dna"
    created = client.post(
        "/api/v1/diagnosis/follow-ups", json={"remedy": "coach_persona", "rep_email": "dan@acme.example"}
    )
    assert created.status_code == 201
    assert created.json()["cause"] == "competencies"
    assert client.post(f"/api/v1/diagnosis/follow-ups/{created.json()['id']}/done").status_code == 204
    tasks = client.get("/api/v1/diagnosis/follow-ups?rep=dan@acme.example").json()
    assert [(t["remedy"], t["done"]) for t in tasks] == [("coach_persona", True)]
    bad = client.post("/api/v1/diagnosis/follow-ups", json={"remedy": "nope"})
    assert bad.status_code == 422 and "unknown remedy 'nope'" in bad.json()["detail"][0]["msg"]


def test_key_question_answered_no_becomes_an_organization_finding(client: TestClient) -> None:
    stored = client.post(
        "/api/v1/diagnosis/key-questions",
        json={"answers": {"comp_pays_behaviour": "no"}, "answered_on": "2026-10-01"},
    )
    assert stored.json() == {"stored": 1}
    data = client.get(f"/api/v1/diagnosis?from={PERIOD.start}&to={PERIOD.end}").json()
    codes = [f.get("code") for f in data["organization_findings"]]
    assert "question_no:comp_pays_behaviour" in codes
    checklist = {q["code"]: q for q in client.get("/api/v1/diagnosis/key-questions").json()}
    assert checklist["comp_pays_behaviour"]["answered_on"] == "2026-10-01"
    bad = client.post("/api/v1/diagnosis/key-questions", json={"answers": {"comp_pays_behaviour": "maybe"}})
    assert bad.status_code == 422


def test_overview_page_shows_the_grid_and_organization_findings(client: TestClient) -> None:
    page = client.get(f"/diagnosis?{QUERY}")
    assert page.status_code == 200
    assert 'id="diagnosis-grid"' in page.text and "Ava" in page.text
    assert "No bullseye is set" in page.text
    made = client.post("/diagnosis/follow-ups", data={"remedy": "set_bullseye"}, follow_redirects=True)
    assert "Set the bullseye: target accounts" in made.text and "Open follow-up tasks" in made.text
    assert "<script>" not in page.text  # no inline scripts


def test_rep_card_charts_the_evidence_and_offers_remedies(client: TestClient) -> None:
    page = client.get(f"/diagnosis/reps/ava@acme.example?{QUERY}")
    assert page.status_code == 200
    assert 'class="signal-chart"' in page.text and "data-chart=" in page.text
    assert "went to HR recruiters" in page.text
    assert 'value="coach_persona"' in page.text
    made = client.post(
        "/diagnosis/follow-ups",
        data={
            "remedy": "coach_persona",
            "rep_email": "ava@acme.example",
            "back": "/diagnosis/reps/ava@acme.example",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    assert "Coach on the target persona" in client.get(f"/diagnosis/reps/ava@acme.example?{QUERY}").text


def test_questions_form_saves_dated_answers(client: TestClient) -> None:
    assert "Does the comp plan pay" in client.get("/diagnosis/questions").text
    saved = client.post("/diagnosis/questions", data={"answer:cadence_known": "yes"}, follow_redirects=True)
    assert "1 answer(s) saved" in saved.text
    assert "answered yes on" in saved.text


def test_printable_report_has_print_styles(client: TestClient) -> None:
    page = client.get(f"/diagnosis/print?{QUERY}")
    assert page.status_code == 200
    assert "Diagnosis report" in page.text and "/static/diagnosis.css" in page.text
    css = client.get("/static/diagnosis.css").text
    assert "@media print" in css


def test_a_rep_sees_only_their_own_diagnosis_and_no_organization_findings(db: Database) -> None:
    rep = client_as(db, "rep.viewer@acme.example", "rep", team="East")
    data = rep.get(f"/api/v1/diagnosis?from={PERIOD.start}&to={PERIOD.end}").json()
    assert [r["email"] for r in data["reps"]] == ["rep.viewer@acme.example"]
    assert data["organization_findings"] == []
    assert rep.get("/api/v1/diagnosis/key-questions").status_code == 403
    made = rep.post(
        "/api/v1/diagnosis/follow-ups", json={"remedy": "coach_persona", "rep_email": "ava@acme.example"}
    )
    assert made.status_code == 403


def test_a_manager_may_make_tasks_for_their_team_but_not_answer_key_questions(db: Database) -> None:
    manager = client_as(db, "mgr@acme.example", "manager", team="East")
    made = manager.post(
        "/api/v1/diagnosis/follow-ups", json={"remedy": "coach_persona", "rep_email": "ava@acme.example"}
    )
    assert made.status_code == 201
    answered = manager.post("/api/v1/diagnosis/key-questions", json={"answers": {"cadence_known": "no"}})
    assert answered.status_code == 403


def test_pages_and_api_need_sign_in(db: Database) -> None:
    anonymous = TestClient(build_app(db))
    assert anonymous.get("/api/v1/diagnosis").status_code == 401
    assert anonymous.get("/diagnosis", follow_redirects=False).status_code in (302, 303, 401)


# --- saving a diagnosis: an explicit action on the page, the API and the CLI; reading never saves
FIRST_END = PERIOD.start + timedelta(weeks=4, days=-1)
FIRST_QUERY = f"start={PERIOD.start}&end={FIRST_END}"


def test_the_save_button_stores_the_diagnosis_and_the_rep_card_then_shows_what_moved(
    client: TestClient,
) -> None:
    card = f"/diagnosis/reps/cole@acme.example?{QUERY}"
    page = client.get(f"/diagnosis?{FIRST_QUERY}").text
    assert "Since the previous diagnosis" not in client.get(card).text  # viewing FIRST saved nothing
    form = page[page.index('action="/diagnosis/snapshots"') :].split("</form>")[0]
    assert 'name="csrf_token"' in form and "Save this diagnosis" in form
    data = {"start": str(PERIOD.start), "end": str(FIRST_END)}
    saved = client.post("/diagnosis/snapshots", data=data, follow_redirects=False)
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/diagnosis?{FIRST_QUERY}&saved=9"
    assert "Saved the diagnosis of 9 rep(s)" in client.get(saved.headers["location"]).text
    shown = client.get(card).text
    assert "Since the previous diagnosis" in shown and "Time on content search and creation" in shown
    one = client.post("/diagnosis/snapshots", data={"rep_email": "cole@acme.example"}, follow_redirects=False)
    assert one.headers["location"].startswith("/diagnosis/reps/cole%40acme.example?")
    assert one.headers["location"].endswith("&saved=1")


def test_the_api_saves_on_post_only_and_names_what_is_wrong(client: TestClient, db: Database) -> None:
    body = {"period_from": str(PERIOD.start), "period_to": str(FIRST_END)}
    made = client.post("/api/v1/diagnosis/snapshots", json=body)
    assert made.status_code == 201, made.text
    assert made.json()["saved"] == 9 and "cole@acme.example" in made.json()["reps"]
    assert made.json()["period"] == {"from": body["period_from"], "to": body["period_to"]}
    with db.read_session() as session:
        entry = session.execute(
            select(AuditEntry.actor_email, AuditEntry.target, AuditEntry.details).where(
                AuditEntry.action == "diagnosis.save"
            )
        ).one()
    assert entry.actor_email == "lea@example.com"
    assert entry.target == f"period:{body['period_from']}..{body['period_to']}" and entry.details["reps"] == 9
    unknown = client.post("/api/v1/diagnosis/snapshots", json={"rep_email": "nobody@acme.example"})
    assert unknown.status_code == 404
    empty = client.post("/api/v1/diagnosis/snapshots", json={"team": "Nowhere"})
    assert empty.status_code == 422 and "no reps in team Nowhere" in empty.json()["detail"][0]["msg"]
    backwards = client.post(
        "/api/v1/diagnosis/snapshots", json={"period_from": "2026-10-01", "period_to": "2026-09-01"}
    )
    assert backwards.status_code == 422 and backwards.json()["detail"][0]["loc"] == ["body", "period_from"]
    extra = client.post("/api/v1/diagnosis/snapshots", json={"teem": "East"})
    assert extra.status_code == 422


def test_the_api_diagnosis_says_what_moved_since_the_saved_period(client: TestClient) -> None:
    first = {"from": str(PERIOD.start), "to": str(FIRST_END)}
    before = client.get("/api/v1/diagnosis", params={**first, "rep": "cole@acme.example"})
    assert before.status_code == 200 and before.json()["reps"][0]["moved"] == []  # nothing saved yet
    body = {"period_from": first["from"], "period_to": first["to"], "rep_email": "cole@acme.example"}
    assert client.post("/api/v1/diagnosis/snapshots", json=body).status_code == 201
    whole = {"from": str(PERIOD.start), "to": str(PERIOD.end), "rep": "cole@acme.example"}
    later = client.get("/api/v1/diagnosis", params=whole).json()
    moved = {m["signal"]: m for m in later["reps"][0]["moved"]}
    content = moved["content_share"]
    assert content["label"] == "Time on content search and creation"
    assert content["since"] == first
    assert isinstance(content["before"], float) and isinstance(content["now"], float)
    assert content["direction"] in {"up", "down", "flat"}
    again = client.get("/api/v1/diagnosis", params={**first, "rep": "cole@acme.example"}).json()
    assert again["reps"][0]["moved"] == []  # a period compares only with earlier saved periods


def test_a_rep_may_read_but_not_save_a_diagnosis(db: Database) -> None:
    rep = client_as(db, "rep.saver@acme.example", "rep", team="East")
    assert rep.post("/api/v1/diagnosis/snapshots", json={}).status_code == 403
    assert "Save this diagnosis" not in rep.get(f"/diagnosis?{QUERY}").text


def test_cli_saves_only_with_save_and_keeps_its_json(db_url: str, db: Database) -> None:
    first = ["--from", str(PERIOD.start), "--to", str(FIRST_END)]
    plain = CliRunner().invoke(cli, ["diagnose", *first, "--format", "json"])
    assert plain.exit_code == 0 and snapshot_count(db) == 0
    saving = CliRunner().invoke(cli, ["diagnose", *first, "--format", "json", "--save"])
    assert saving.exit_code == 0, saving.output
    assert json.loads(saving.stdout) == json.loads(plain.stdout)
    assert "saved the diagnosis of 9 rep(s)" in saving.stderr and snapshot_count(db) == 9
    later = CliRunner().invoke(cli, ["diagnose", "--rep", "cole@acme.example", *DATES])
    assert "~ content_share:" in later.stdout  # the table names what moved since the saved period


def snapshot_count(db: Database) -> int:
    with db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(DiagnosisSnapshot)) or 0)


@pytest.mark.parametrize(
    "path", ["/api/v1/diagnosis", "/api/v1/reports/allocation", "/api/v1/coaching/sessions"]
)
def test_a_day_off_the_reporting_calendar_is_a_422_naming_it(client: TestClient, path: str) -> None:
    # found by schemathesis: from=0001-01-01 overflowed the week arithmetic into a 500
    for field, day in (("from", "0001-01-01"), ("to", "9999-12-31")):
        response = client.get(path, params={field: day})
        assert response.status_code == 422, response.text
        assert response.json()["detail"][0]["loc"] == ["query", field]
