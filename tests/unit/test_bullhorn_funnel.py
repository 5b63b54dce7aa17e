"""The Bullhorn funnel reader: entity detection, JSON and CSV shapes, values and row errors."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repfocus.importers.bullhorn_funnel import FunnelRecord, funnel_records, job_status_of, job_type_of
from repfocus.importers.bullhorn_funnel_files import FunnelFileInvalid, detect_entity, read_rows
from repfocus.importers.records import RowError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bullhorn"
FILES = {
    "joborder.json": "joborder",
    "jobsubmission.json": "submission",
    "jobsubmissionhistory.json": "history",
    "sendout.json": "sendout",
    "placement.json": "placement",
    "joborder.csv": "joborder",
}


def _read(name: str, entity: str) -> list[FunnelRecord | RowError]:
    _, rows = read_rows((FIXTURES / name).read_bytes())
    return list(funnel_records(rows, entity))


@pytest.mark.parametrize(("name", "entity"), FILES.items())
def test_the_entity_is_recognised_from_the_field_names_alone(name: str, entity: str) -> None:
    _, rows = read_rows((FIXTURES / name).read_bytes())
    assert detect_entity(set(next(rows)[1])) == entity


def test_the_real_sdk_responses_are_recognised(shared_fixtures: Path) -> None:
    folder = shared_fixtures / "bullhorn" / "sdk-rest"
    expected = {
        "joborder": "joborder",
        "jobsubmission": "submission",
        "jobsubmissionhistory": "history",
        "sendout": "sendout",
        "placement": "placement",
    }
    for stem, entity in expected.items():
        shape, rows = read_rows((folder / f"{stem}-data.txt").read_bytes())
        assert shape == "json"
        assert detect_entity(set(next(rows)[1])) == entity, stem


def test_the_file_name_decides_when_the_fields_do_not() -> None:
    assert detect_entity({"id", "dateAdded"}, "JobSubmissionHistory_2026.csv") == "history"
    assert detect_entity({"id", "dateAdded"}, "export.csv") is None


def test_job_orders_from_rest_json_carry_references_money_and_utc_times() -> None:
    records = _read("joborder.json", "joborder")
    first = records[0]
    assert isinstance(first, FunnelRecord)
    assert (first.external_id, first.at) == ("101", datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
    assert first.get("title") == "Senior Java Developer"
    assert (first.get("job_type"), first.get("job_status"), first.get("openings")) == ("contract", "open", 2)
    assert (first.get("account"), first.get("account_name"), first.get("contact_name")) == (
        "501",
        "Initech",
        "Michael Bolton",
    )
    assert first.get("bill_rate") == Decimal("95.5") and first.get("owner") == "7"
    assert [r.get("job_type") for r in records if isinstance(r, FunnelRecord)] == [
        "contract",
        "direct_hire",
        "contract_to_hire",
    ]


def test_csv_rows_report_line_field_and_reason_and_read_bullhorn_dates() -> None:
    records = _read("joborder.csv", "joborder")
    good = [r for r in records if isinstance(r, FunnelRecord)]
    errors = [(e.line, e.field) for e in records if isinstance(e, RowError)]
    assert [r.external_id for r in good] == ["701", "702"]
    assert good[0].at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 3/2/26 09:00
    assert good[1].get("title") == "Scrum Master, Payments" and good[1].get("owner_email")
    assert errors == [(4, "employmentType"), (5, "title"), (6, "dateAdded")]


def test_placement_employment_type_may_be_a_list_or_a_string() -> None:
    records = [r for r in _read("placement.json", "placement") if isinstance(r, FunnelRecord)]
    assert [r.get("job_type") for r in records] == ["direct_hire", "contract"]
    assert records[0].get("submission") == "202" and records[0].get("fee") == Decimal("0.2")


@pytest.mark.parametrize(
    ("text", "job_type"),
    [
        ("Contract", "contract"),
        ("Freelance", "contract"),
        ("50 - Direct Hire", "direct_hire"),
        ("Permanent", "direct_hire"),
        ("Contract to Hire", "contract_to_hire"),
        ("C2H", "contract_to_hire"),
        ("Observation", None),
        (None, None),
    ],
)
def test_employment_types_map_to_job_types(text: str | None, job_type: str | None) -> None:
    assert job_type_of(text) == job_type


def test_job_statuses_map_to_four_states() -> None:
    assert job_status_of("Placed", False, None) == "filled"
    assert job_status_of("Lost", False, None) == "lost"
    assert job_status_of("Accepting Candidates", True, None) == "open"
    assert job_status_of("Submitted", False, datetime(2026, 1, 1, tzinfo=UTC)) == "closed"


def test_epoch_seconds_and_other_impossible_dates_are_rejected() -> None:
    rows = iter([(1, {"id": 1, "jobOrder.id": 2, "candidate.id": 3, "dateAdded": 1772460000})])
    (error,) = funnel_records(rows, "sendout")
    assert isinstance(error, RowError) and error.field == "dateAdded"
    assert "milliseconds" in error.reason


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x00\x01\x02binary", "binary"),
        (b"", "empty"),
        (b'{"data": [1, 2', "not valid JSON"),
        (b'{"total": 1}', "expected a Bullhorn response"),
        (b"title,status\nx,y\n", "no 'id' column"),
    ],
)
def test_unreadable_files_raise_a_clear_error(data: bytes, words: str) -> None:
    with pytest.raises(FunnelFileInvalid, match=words):
        _shape, rows = read_rows(data)
        list(rows)


def test_one_json_record_per_line_is_accepted() -> None:
    line = b'{"id": 1, "jobSubmission": {"id": 2}, "status": "x", "dateAdded": 1772460000000, '
    data = (line + b'"modifyingUser": {"id": 1}}\n') * 2
    shape, rows = read_rows(data)
    assert shape == "json" and len(list(rows)) == 2


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(sorted(FILES)),
    cut=st.integers(min_value=0, max_value=3000),
    junk=st.binary(max_size=12),
    at=st.integers(min_value=0, max_value=3000),
)
def test_a_mangled_export_is_read_row_by_row_or_refused_cleanly(
    name: str, cut: int, junk: bytes, at: int
) -> None:
    data = (FIXTURES / name).read_bytes()
    data = (data[:at] + junk + data[at:])[: cut or None]
    try:
        _shape, rows = read_rows(data)
        materialised = list(rows)
    except FunnelFileInvalid as exc:
        assert str(exc)
        return
    keys = set(materialised[0][1]) if materialised and materialised[0][1] else set()
    entity = detect_entity(keys, name) or FILES[name]
    for item in funnel_records(iter(materialised), entity):
        assert isinstance(item, FunnelRecord | RowError)
        if isinstance(item, RowError):
            assert item.line >= 1 and item.field and item.reason
