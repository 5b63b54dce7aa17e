"""Bullhorn Note and Appointment: REST JSON with epoch ms, and DataLoader CSV."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from repfocus.importers import bullhorn
from repfocus.importers.records import ActivityRecord, RowError, Skipped


def parse(data: str) -> list[ActivityRecord | RowError | Skipped]:
    return list(bullhorn.parse(io.BytesIO(data.encode())))


APPOINTMENTS = {
    "total": 804, "start": 0, "count": 3,
    "data": [
        {"id": 1, "communicationMethod": "Onsite Appointment", "dateBegin": 1368639000000, "dateEnd": 1368639900000,  # noqa: E501
         "timeZoneID": "America/Detroit", "type": "Meeting", "isAllDay": False, "isDeleted": False,
         "subject": "Job Order #191: intake", "owner": {"id": 4, "_subtype": "CorporateUser"},
         "clientContactReference": {"id": 12, "firstName": "Ann", "lastName": "Lee"}},
        {"id": 2, "dateBegin": 1368639000000, "dateEnd": 1368642600000, "type": "Interview",
         "communicationMethod": "Interview", "subject": "Toad", "owner": {"id": 4},
         "candidateReference": {"id": 9, "firstName": "Toad", "lastName": "Toad"}},
        {"id": 3, "dateBegin": 1368639000000, "isAllDay": True, "owner": {"id": 4}},
    ],
}  # fmt: skip

NOTES = {
    "data": [
        {"id": 1, "action": "Associate Care", "comments": "Checked in with the consultant", "dateAdded": 1313092204153,  # noqa: E501
         "minutesSpent": None, "isDeleted": False, "commentingPerson": {"id": 3, "_subtype": "CorporateUser"},
         "personReference": {"id": 2266, "_subtype": "Candidate"}},
        {"id": 2, "action": "File Attached", "dateAdded": 1396632277500, "commentingPerson": {"id": 2}},
        {"id": 3, "action": "Call 1", "dateAdded": "oops", "minutesSpent": 12, "commentingPerson": {"id": 2}},
    ]
}  # fmt: skip


def test_appointments_take_epoch_ms_begin_and_end_and_the_client_contact() -> None:
    meeting = parse(json.dumps(APPOINTMENTS))[0]
    assert isinstance(meeting, ActivityRecord)
    assert meeting.started_at == datetime(2013, 5, 15, 17, 30, tzinfo=UTC)
    assert (meeting.kind, meeting.duration_minutes, meeting.rep_source_id) == ("meeting", 15, "4")
    assert meeting.contact_external_id == "ClientContact:12" and meeting.contact_name == "Ann Lee"
    assert meeting.external_id == "Appointment:1"


def test_interviews_are_marked_and_all_day_appointments_skipped() -> None:
    items = parse(json.dumps(APPOINTMENTS))
    interview = items[1]
    assert isinstance(interview, ActivityRecord)
    assert interview.subject == "Interview: Toad" and interview.duration_minutes == 60
    assert interview.contact_external_id == "Candidate:9" and interview.contact_title == "Candidate"
    assert isinstance(items[2], Skipped)


def test_notes_use_action_and_comments_skip_system_notes_and_report_bad_dates() -> None:
    care, attached, bad = parse(json.dumps(NOTES))
    assert isinstance(care, ActivityRecord)
    assert care.subject == "Associate Care: Checked in with the consultant"
    assert (care.kind, care.duration_minutes, care.rep_source_id) == ("note", None, "3")
    assert isinstance(attached, Skipped) and "system note" in attached.reason
    assert isinstance(bad, RowError) and (bad.line, bad.field) == (3, "dateAdded")


def test_dataloader_csv_with_dotted_reference_columns_and_us_dates() -> None:
    csv = (
        "externalID,action,comments,dateAdded,minutesSpent,commentingPerson.name,personReference.name\n"
        "N-1, Call 1 ,Spoke about the Java req,2/2/16 14:30,  15 ,Pat Rep,Ann Lee\n"
    )
    (rec,) = parse(csv)
    assert isinstance(rec, ActivityRecord)
    assert rec.started_at == datetime(2016, 2, 2, 14, 30, tzinfo=UTC)
    assert (rec.kind, rec.duration_minutes, rec.rep_source_id, rec.contact_name) == (
        "call",
        15,
        "Pat Rep",
        "Ann Lee",
    )
    assert rec.external_id == "Note:N-1"
