"""Importing the Bullhorn staffing funnel into job orders, submittals, interviews and placements."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from repfocus.services.pipeline_imports import FunnelFileInvalid, import_funnel
from repfocus.store.db import Database
from repfocus.store.models import Account, Contact, Interview, JobOrder, Lead, Placement, Submittal
from tests.factories import make_organization, make_user

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bullhorn"
ORDER = ["joborder.json", "jobsubmission.json", "jobsubmissionhistory.json", "sendout.json", "placement.json"]
OWNERS = {"7": "ann@acme-staffing.example", "8": "bob@acme-staffing.example"}


@pytest.fixture
def db(any_db: Database) -> Database:
    with any_db.session() as s:
        make_organization(s, time_zone="America/Chicago")
        make_user(s, email="ann@acme-staffing.example")
        make_user(s, email="bob@acme-staffing.example")
        s.commit()
    return any_db


def _load(db: Database, name: str, **options: object) -> dict[str, object]:
    report = import_funnel(
        db, data=(FIXTURES / name).read_bytes(), file_name=name, user_map=OWNERS, **options
    )  # type: ignore[arg-type]
    return report.as_dict()


def _count(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_a_whole_funnel_imports_stage_by_stage(db: Database) -> None:
    reports = {name: _load(db, name, partial=True) for name in ORDER}
    assert reports["joborder.json"]["imported"] == 3
    assert reports["jobsubmission.json"]["skipped"] == 1  # deleted in Bullhorn
    assert [e["field"] for e in reports["jobsubmissionhistory.json"]["rejected"]] == ["jobSubmission.id"]
    assert reports["sendout.json"]["created"] == {"accounts": 0, "contacts": 1, "submittals": 1}
    with db.session() as s:
        jobs = {j.external_id: j for j in s.scalars(select(JobOrder))}
        assert {k: (j.job_type, j.status, j.openings) for k, j in jobs.items()} == {
            "101": ("contract", "open", 2),
            "102": ("direct_hire", "filled", 1),
            "103": ("contract_to_hire", "lost", 1),
        }
        assert jobs["101"].opened_on == date(2026, 3, 2) and jobs["102"].closed_on == date(2026, 3, 31)
        assert jobs["101"].bill_rate == Decimal("95.50") and jobs["102"].bill_rate is None
        reps = dict(s.execute(select(JobOrder.external_id, JobOrder.rep_id)).all())
        assert reps["101"] == reps["102"] != reps["103"]
        assert s.scalar(select(Account.name).where(Account.id == jobs["103"].account_id)) == "Globex"
        subs = {x.external_id: x for x in s.scalars(select(Submittal))}
        assert subs["201"].candidate_name == "Kara Kent" and subs["202"].status == "offer_extended"
        assert "sendout:402" in subs  # implied by the sendout of a candidate never exported as submitted
        interviews = sorted((i.external_id, i.submittal_id) for i in s.scalars(select(Interview)))
        assert interviews == [
            ("401", subs["201"].id),
            ("402", subs["sendout:402"].id),
            ("history:301", subs["201"].id),
        ]
        placements = {p.external_id: p for p in s.scalars(select(Placement))}
        assert placements["601"].fee == Decimal("28000.00")  # 20 % of 140,000
        assert placements["601"].submittal_id == subs["202"].id
        assert placements["602"].start_on == date(2026, 4, 7) and placements["602"].job_type == "contract"
        personas = dict(s.execute(select(Contact.external_id, Contact.persona)).all())
        assert personas["candidate:31"] == "candidate" and personas["901"] == "other"


def test_re_importing_the_same_files_adds_nothing(db: Database) -> None:
    for name in ORDER:
        _load(db, name, partial=True)
    counts = [_count(db, m) for m in (JobOrder, Submittal, Interview, Placement, Account, Contact)]
    again = [_load(db, name, partial=True) for name in ORDER]
    assert [_count(db, m) for m in (JobOrder, Submittal, Interview, Placement, Account, Contact)] == counts
    assert sum(int(r["imported"]) for r in again) == 0  # type: ignore[call-overload]
    assert again[0]["duplicates"] == 3


def test_a_changed_status_updates_the_job_order_in_place(db: Database) -> None:
    _load(db, "joborder.json")
    data = (FIXTURES / "joborder.json").read_text().replace('"Accepting Candidates"', '"Placed"')
    report = import_funnel(db, data=data.encode(), user_map=OWNERS).as_dict()
    assert (report["imported"], report["updated"], report["duplicates"]) == (0, 1, 2)
    with db.session() as s:
        assert s.scalar(select(JobOrder.status).where(JobOrder.external_id == "101")) == "filled"


def test_an_atomic_import_with_a_bad_row_writes_nothing_and_says_why(db: Database) -> None:
    report = import_funnel(
        db, data=(FIXTURES / "joborder.csv").read_bytes(), file_name="joborder.csv"
    ).as_dict()
    assert report["committed"] is False
    assert [(e["line"], e["field"]) for e in report["rejected"]] == [  # type: ignore[union-attr]
        (4, "employmentType"),
        (5, "title"),
        (6, "dateAdded"),
    ]
    assert _count(db, JobOrder) == 0 and _count(db, Account) == 0


def test_a_partial_import_writes_the_good_rows(db: Database) -> None:
    report = import_funnel(db, data=(FIXTURES / "joborder.csv").read_bytes(), partial=True).as_dict()
    assert (report["imported"], report["committed"]) == (2, True)
    assert _count(db, JobOrder) == 2


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(db: Database) -> None:
    report = _load(db, "joborder.json", dry_run=True)
    assert (report["imported"], report["committed"]) == (3, False)
    assert _count(db, JobOrder) == 0


def test_an_owner_without_a_mapped_rep_is_rejected_unless_a_default_rep_is_given(db: Database) -> None:
    data = (FIXTURES / "joborder.json").read_bytes()
    report = import_funnel(db, data=data).as_dict()
    assert {e["field"] for e in report["rejected"]} == {"owner"}  # type: ignore[union-attr]
    assert "--owner 7=EMAIL" in report["rejected"][0]["reason"]  # type: ignore[index]
    report = import_funnel(db, data=data, default_rep="bob@acme-staffing.example").as_dict()
    assert report["imported"] == 3


def test_submissions_before_their_job_orders_are_rejected_with_advice(db: Database) -> None:
    report = _load(db, "jobsubmission.json")
    assert report["rejected"][0] == {  # type: ignore[index]
        "line": 1,
        "field": "jobOrder.id",
        "reason": "job order 101 has not been imported; import the job orders first",
    }


def test_an_unrecognisable_file_is_a_clear_error(db: Database) -> None:
    with pytest.raises(FunnelFileInvalid, match="--entity"):
        import_funnel(db, data=b'[{"id": 1, "foo": 2}]', file_name="export.json")


def test_the_real_sdk_funnel_imports_with_each_bad_row_explained(db: Database, shared_fixtures: Path) -> None:
    folder = shared_fixtures / "bullhorn" / "sdk-rest"
    stems = ["joborder", "jobsubmission", "jobsubmissionhistory", "sendout", "placement"]
    reports = {
        stem: import_funnel(
            db,
            data=(folder / f"{stem}-data.txt").read_bytes(),
            file_name=f"{stem}-data.txt",
            default_rep="ann@acme-staffing.example",
            partial=True,
        ).as_dict()
        for stem in stems
    }
    assert (reports["joborder"]["imported"], reports["joborder"]["leads"]) == (18, 2)  # 2 'Lead' job orders
    rejected = reports["joborder"]["rejected"]
    assert [e["field"] for e in rejected] == ["employmentType"] * 2  # type: ignore[union-attr]
    assert all("'Observation' is not a staffing job type" in e["reason"] for e in rejected)  # type: ignore[union-attr]
    assert reports["placement"]["imported"] == 18
    assert any(e["field"] == "dateAdded" for e in reports["sendout"]["rejected"])  # type: ignore[union-attr]
    for report in reports.values():
        assert report["rows_read"] == 20
        assert all(e["line"] and e["field"] and e["reason"] for e in report["rejected"])  # type: ignore[union-attr]


def test_a_job_order_of_type_lead_becomes_a_lead(db: Database) -> None:
    record = {
        "id": 900, "title": "Maybe a Java team", "status": "Lead", "employmentType": "Lead",
        "dateAdded": 1772460000000, "owner": {"id": 7}, "clientCorporation": {"id": 550, "name": "Hooli"},
        "clientContact": {"id": 950, "firstName": "Gavin", "lastName": "Belson"}, "numOpenings": 1,
    }  # fmt: skip
    data = json.dumps({"data": [record]}).encode()
    report = import_funnel(db, data=data, user_map=OWNERS).as_dict()
    assert (report["imported"], report["leads"], report["rejected"]) == (1, 1, [])
    with db.session() as s:
        lead = s.scalars(select(Lead)).one()
        assert (lead.external_id, lead.status, lead.created_on) == ("900", "open", date(2026, 3, 2))
        assert s.scalar(select(Account.name).where(Account.id == lead.account_id)) == "Hooli"
        assert s.scalar(select(func.count()).select_from(JobOrder)) == 0
    record["status"] = "Lost"
    again = import_funnel(db, data=json.dumps([record]).encode(), user_map=OWNERS).as_dict()
    assert (again["imported"], again["updated"]) == (0, 1)
