"""A RepFocus CSV with planted patterns, imported, gets the expected diagnosis."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from repfocus.domain.period import Period
from repfocus.services.diagnosis import DiagnosisReport, diagnose
from repfocus.services.imports import import_file
from repfocus.store.db import Database
from tests.conftest import _pg_db
from tests.factories import make_organization, make_team, make_user
from tests.planted import FIRST_MONDAY, HEALTHY, PLANTED, WEEKS, planted_csv

PERIOD = Period(FIRST_MONDAY, FIRST_MONDAY + timedelta(weeks=WEEKS, days=-1))


def build_planted_org(db: Database) -> None:
    with db.session() as s:
        make_organization(s)
        team = make_team(s, name="East")
        for email in [*HEALTHY, *PLANTED]:
            make_user(s, email=email, name=email.split("@")[0].title(), team_id=team.id)
        s.commit()
    report = import_file(
        db, stream=io.BytesIO(planted_csv().encode()), file_name="planted.csv", format_name="csv"
    )
    assert report.ok and report.committed and report.imported > 2000, report.as_dict()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def report(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DiagnosisReport]:
    """The planted organization imported and diagnosed once per database engine."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("planted") / "repfocus.db"
        shutil.copyfile(sqlite_template, path)
        dbs: Iterator[Database] = iter([Database(f"sqlite:///{path}")])
    else:
        dbs = _pg_db(request.getfixturevalue("pg_server"), request.getfixturevalue("pg_template"))
    db = next(dbs)
    build_planted_org(db)
    yield diagnose(db, actor=None, period=PERIOD)
    db.dispose()
    next(dbs, None)  # lets the PostgreSQL generator drop its database


def test_each_planted_rep_gets_the_planted_cause_first(report: DiagnosisReport) -> None:
    top = {r.email: r.top.cause if r.top else None for r in report.reps}
    assert {email: top[email] for email in PLANTED} == PLANTED


def test_healthy_reps_get_no_medium_or_high_finding(report: DiagnosisReport) -> None:
    flagged = {
        r.email: [(f.cause, f.severity) for f in r.findings] for r in report.reps if r.email in HEALTHY
    }
    assert all(f[1] == "low" for fs in flagged.values() for f in fs), flagged


def test_avoider_evidence_names_hr_recruiters_against_the_team_median(report: DiagnosisReport) -> None:
    ava = next(r for r in report.reps if r.email == "ava@acme.example")
    assert ava.findings[0].severity in ("medium", "high")
    assert "of selling touches went to HR recruiters; team median" in ava.findings[0].evidence[0]
    assert ava.findings[0].evidence[0].endswith("2026-09-07 to 2026-11-01")


def test_playbook_use_has_no_data_and_says_why(report: DiagnosisReport) -> None:
    signal = report.reps[0].signals.get("playbook_use")
    assert signal.value is None and signal.missing == "no playbook set up yet"


def test_organization_without_bullseye_or_cadence_gets_direction_findings(report: DiagnosisReport) -> None:
    codes = [f.code for f in report.organization_findings]
    assert "bullseye_missing" in codes and "cadence_missing" in codes and "questions_unanswered" in codes
    assert "coaching_missing" not in codes  # every rep had a weekly 1:1 logged as coaching


def test_json_shape_is_stable(report: DiagnosisReport) -> None:
    data = report.as_dict()
    assert set(data) == {"period", "organization_findings", "reps"}
    assert data["period"] == {"from": "2026-09-07", "to": "2026-11-01"}
    finding = next(r for r in data["reps"] if r["email"] == "ava@acme.example")["findings"][0]
    assert set(finding) == {"cause", "severity", "confidence", "evidence", "remedies"}
    assert finding["cause"] == "competencies"
    assert 0 < finding["confidence"] <= 1


def test_no_coaching_for_four_weeks_is_an_organization_finding(sqlite_db: Database) -> None:
    build_planted_org(sqlite_db)
    later = Period(date(2026, 11, 2), date(2026, 12, 6))
    report = diagnose(sqlite_db, actor=None, period=later)
    coaching = next(f for f in report.organization_findings if f.code == "coaching_missing")
    assert coaching.severity == "high"
    assert coaching.evidence[0].startswith("No coaching logged for 9 of 9 reps in the 4 weeks to 2026-12-06")
