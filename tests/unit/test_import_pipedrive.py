"""Pipedrive activities: UTC due date and time, "HH:MM" durations, empty strings as nulls."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from repfocus.importers import pipedrive
from repfocus.importers.records import ActivityRecord, RowError, Skipped


def parse(data: str) -> list[ActivityRecord | RowError | Skipped]:
    return list(pipedrive.parse(io.BytesIO(data.encode())))


def activity(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": 7, "user_id": 11884360, "done": True, "type": "call", "due_date": "2023-02-22", "due_time": "12:30",  # noqa: E501
        "duration": "01:00", "add_time": "2023-02-22 08:52:52", "marked_as_done_time": "", "subject": "Call",
        "org_id": 3, "org_name": "Test Organization 3", "person_id": 7, "person_name": "User6 Sample",
        "owner_name": "Team Airbyte", "active_flag": True,
    }  # fmt: skip
    return {**base, **kw}


def test_due_date_and_time_are_utc_and_duration_is_hours_and_minutes() -> None:
    (rec,) = parse(json.dumps({"success": True, "data": [activity()]}))
    assert isinstance(rec, ActivityRecord)
    assert rec.started_at == datetime(2023, 2, 22, 12, 30, tzinfo=UTC)
    assert (rec.kind, rec.duration_minutes, rec.external_id, rec.rep_source_id) == (
        "call",
        60,
        "7",
        "11884360",
    )
    assert (rec.account_name, rec.contact_name) == ("Test Organization 3", "User6 Sample")
    assert rec.extra == {"rep_name": "Team Airbyte"}


def test_empty_strings_are_nulls_and_a_missing_due_time_uses_when_it_was_done() -> None:
    (rec,) = parse(
        json.dumps([activity(due_time="", duration="", marked_as_done_time="2023-02-22 17:05:00")])
    )
    assert isinstance(rec, ActivityRecord)
    assert rec.duration_minutes is None
    assert rec.started_at == datetime(2023, 2, 22, 17, 5, tzinfo=UTC)


def test_planned_and_deleted_activities_are_skipped_custom_types_become_tasks() -> None:
    items = parse(json.dumps([activity(done=False), activity(active_flag=False), activity(type="test_1")]))
    assert isinstance(items[0], Skipped) and "planned" in items[0].reason
    assert isinstance(items[1], Skipped)
    assert isinstance(items[2], ActivityRecord) and items[2].kind == "task"


def test_airbyte_json_lines_skip_other_streams() -> None:
    lines = "\n".join(
        json.dumps(x)
        for x in (
            {"stream": "activities", "data": activity(type="meeting")},
            {"stream": "activity_fields", "data": {"id": 1, "key": "type"}},
        )
    )
    meeting, other = parse(lines + "\n")
    assert isinstance(meeting, ActivityRecord) and meeting.kind == "meeting" and meeting.line == 1
    assert isinstance(other, Skipped) and other.line == 2


def test_csv_with_api_column_names() -> None:
    csv = "id,user_id,done,type,due_date,due_time,duration,subject\n9,5,1,email,2023-03-01,09:15,,Hello\n10,5,1,call,2023-03-01,bad,,x\n"  # noqa: E501
    email, bad = parse(csv)
    assert isinstance(email, ActivityRecord) and email.kind == "email"
    assert email.started_at == datetime(2023, 3, 1, 9, 15, tzinfo=UTC)
    assert isinstance(bad, RowError) and (bad.line, bad.field) == (3, "due_date")
