"""HubSpot engagements: v3 objects JSON, legacy v1 JSON and Fivetran engagement_* CSV."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from repfocus.importers import hubspot
from repfocus.importers.records import ActivityRecord, RowError, Skipped


def parse(data: str) -> list[ActivityRecord | RowError | Skipped]:
    return list(hubspot.parse(io.BytesIO(data.encode())))


V3 = {
    "results": [
        {
            "id": "512",
            "properties": {
                "hs_timestamp": "2026-11-02T15:00:00.000Z",
                "hs_call_title": "Intro call",
                "hs_call_duration": "95000",
                "hs_call_direction": "OUTBOUND",
                "hs_call_status": "COMPLETED",
                "hubspot_owner_id": "44023296",
            },
            "createdAt": "2026-11-02T15:02:00Z",
            "archived": False,
            "associations": {"contacts": {"results": [{"id": "501", "type": "call_to_contact"}]}},
        },
        {
            "id": "513",
            "properties": {
                "hs_timestamp": "1793631600000",
                "hs_meeting_title": "Discovery",
                "hs_meeting_start_time": "1793631600000",
                "hs_meeting_end_time": "1793633400000",
                "hubspot_owner_id": "44023296",
            },
        },
        {"id": "514", "properties": {"hs_timestamp": "2026-11-02T16:00:00Z", "hs_note_body": "<p>Left&nbsp;a <b>note</b></p>"}},  # noqa: E501
        {"id": "515", "properties": {"hs_timestamp": "2026-11-02T16:00:00Z", "hs_task_subject": "Later", "hs_task_status": "NOT_STARTED"}},  # noqa: E501
        {"id": "516", "properties": {"hs_call_title": "no time"}},
    ]
}  # fmt: skip


def test_v3_calls_have_millisecond_durations_owners_and_contact_associations() -> None:
    call = parse(json.dumps(V3))[0]
    assert isinstance(call, ActivityRecord)
    assert (call.kind, call.duration_minutes, call.direction, call.subject) == (
        "call",
        2,
        "outbound",
        "Intro call",
    )
    assert call.rep_source_id == "44023296" and call.contact_external_id == "501"
    assert call.started_at == datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


def test_v3_meetings_take_epoch_ms_start_and_end() -> None:
    meeting = parse(json.dumps(V3))[1]
    assert isinstance(meeting, ActivityRecord)
    assert meeting.kind == "meeting" and meeting.duration_minutes == 30
    assert meeting.started_at == datetime.fromtimestamp(1793631600, tz=UTC)


def test_note_bodies_lose_their_html_and_unstarted_tasks_are_skipped() -> None:
    items = parse(json.dumps(V3))
    assert (
        isinstance(items[2], ActivityRecord) and items[2].subject == "Left a note" and items[2].kind == "note"
    )
    assert isinstance(items[3], Skipped)
    assert isinstance(items[4], RowError) and items[4].field == "hs_timestamp" and items[4].line == 5


def test_legacy_engagements_read_type_timestamp_owner_and_associations() -> None:
    doc = [
        {
            "engagement": {
                "id": 11257289597,
                "type": "CALL",
                "timestamp": 1614319200000,
                "ownerId": 52550153,
            },
            "associations": {"contactIds": [77], "companyIds": [9], "dealIds": [4315375411]},
            "metadata": {"durationMilliseconds": 600000, "body": "Discussed rates"},
        }
    ]
    (rec,) = parse(json.dumps(doc))
    assert isinstance(rec, ActivityRecord)
    assert (rec.kind, rec.duration_minutes, rec.rep_source_id) == ("call", 10, "52550153")
    assert (rec.contact_external_id, rec.account_external_id) == ("77", "9")


def test_fivetran_meeting_table_without_type_column_reads_start_and_end() -> None:
    csv = (
        "engagement_id,_fivetran_synced,end_time,source,start_time,meeting_outcome,body,title\n"
        "3416212491,2020-07-09 11:04:22.087,2019-09-26 14:30:00,CRM_UI,2019-09-26 13:00:00,,x,Demo\n"
        "3416212492,2020-07-09 11:04:22.087,1970-01-19 03:00:22,CRM_UI,1970-01-19 03:00:00,,x,Bug\n"
    )
    demo, bug = parse(csv)
    assert isinstance(demo, ActivityRecord) and (demo.kind, demo.duration_minutes) == ("meeting", 90)
    assert isinstance(bug, ActivityRecord) and bug.started_at.year == 1970  # the service rejects it


def test_fivetran_email_table_reads_property_columns_and_skips_deleted_rows() -> None:
    csv = (
        "engagement_id,_fivetran_deleted,property_hs_email_subject,property_hs_timestamp,"
        "property_hubspot_owner_id,type\n"
        "19732367783,false,Rates for Q1,2014-08-27 20:50:44.778000,123,EMAIL\n"
        "19732367784,true,Old,2014-08-27 20:50:44.778000,123,EMAIL\n"
    )
    email, deleted = parse(csv)
    assert isinstance(email, ActivityRecord)
    assert (email.kind, email.subject, email.rep_source_id, email.external_id) == (
        "email",
        "Rates for Q1",
        "123",
        "19732367783",
    )
    assert isinstance(deleted, Skipped)
