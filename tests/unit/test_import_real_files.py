"""The real third-party export files in ../shared/fixtures parse as expected (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

from repfocus.importers import bullhorn, hubspot, pipedrive, salesforce
from repfocus.importers.formats import detect
from repfocus.importers.records import ActivityRecord, RowError, Skipped


def read(module: object, path: Path) -> list[ActivityRecord | RowError | Skipped]:
    with path.open("rb") as fh:
        return list(module.parse(fh))  # type: ignore[attr-defined]


def records(items: list[ActivityRecord | RowError | Skipped]) -> list[ActivityRecord]:
    return [i for i in items if isinstance(i, ActivityRecord)]


def test_fivetran_salesforce_events_use_the_duration_column_although_start_equals_end(
    shared_fixtures: Path,
) -> None:
    path = shared_fixtures / "salesforce/fivetran_dbt_salesforce/sf_event_data.csv"
    with path.open("rb") as fh:
        assert detect(fh) == "salesforce"
    events = records(read(salesforce, path))
    assert len(events) == 10
    assert {e.duration_minutes for e in events} <= {15, 30}
    assert {e.kind for e in events} <= {"call", "meeting"} and any(e.kind == "call" for e in events)
    assert all(e.rep_source_id and e.rep_source_id.startswith("005") for e in events)


def test_fivetran_salesforce_tasks_have_no_duration_and_unknown_type_x_is_a_task(
    shared_fixtures: Path,
) -> None:
    tasks = records(read(salesforce, shared_fixtures / "salesforce/fivetran_dbt_salesforce/sf_task_data.csv"))
    assert len(tasks) == 10
    assert all(t.kind == "task" and t.duration_minutes is None for t in tasks)
    assert any(t.contact_external_id and t.contact_external_id.startswith("00Q") for t in tasks)  # a lead


def test_hubspot_meeting_seed_exposes_epoch_second_rows_and_multi_day_blocks(shared_fixtures: Path) -> None:
    path = shared_fixtures / "hubspot/fivetran_dbt_hubspot/engagement_meeting_data.csv"
    with path.open("rb") as fh:
        assert detect(fh) == "hubspot"
    meetings = records(read(hubspot, path))
    assert len(meetings) == 100
    assert sum(m.started_at.year == 1970 for m in meetings) == 7  # epoch seconds stored as milliseconds
    assert sum((m.duration_minutes or 0) > 24 * 60 for m in meetings) == 6  # 36 h ... 131 h calendar blocks
    assert sum(m.duration_minutes == 90 for m in meetings) == 40


def test_hubspot_email_note_task_and_call_tables(shared_fixtures: Path) -> None:
    base = shared_fixtures / "hubspot/fivetran_dbt_hubspot"
    kinds = {
        name: {r.kind for r in records(read(hubspot, base / f"engagement_{name}_data.csv"))}
        for name in ("email", "note", "task", "call")
    }
    assert kinds == {"email": {"email"}, "note": {"note"}, "task": {"task"}, "call": {"call"}}


def test_pipedrive_airbyte_lines_keep_done_activities_only(shared_fixtures: Path) -> None:
    path = shared_fixtures / "pipedrive/airbyte_source-pipedrive_expected_records_activities_excerpt.jsonl"
    with path.open("rb") as fh:
        assert detect(fh) == "pipedrive"
    items = read(pipedrive, path)
    (done,) = records(items)
    assert (done.external_id, done.kind, done.duration_minutes) == ("3", "task", 30)
    assert sum(isinstance(i, Skipped) for i in items) == 3


def test_bullhorn_notes_and_appointments(shared_fixtures: Path) -> None:
    base = shared_fixtures / "bullhorn/sdk-rest"
    notes = read(bullhorn, base / "note-data.txt")
    assert len(notes) == 20
    kept = records(notes)
    assert kept and all(n.subject.startswith("Associate Care") for n in kept)
    assert all(n.duration_minutes is None for n in kept)  # minutesSpent is null in every record
    appointments = read(bullhorn, base / "appointment-data.txt")
    assert sum(isinstance(a, Skipped) for a in appointments) == 15  # isDeleted
    assert all(a.subject.startswith("Interview") for a in records(appointments))
