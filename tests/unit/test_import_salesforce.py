"""Salesforce Task/Event exports: Data Export (PascalCase, GMT), ELT (snake_case) and REST JSON."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from repfocus.importers import salesforce
from repfocus.importers.records import ActivityRecord, RowError, Skipped

EVENT_CSV = (
    '"Id","WhoId","WhatId","Subject","IsAllDayEvent","ActivityDateTime","ActivityDate","DurationInMinutes",'
    '"Description","AccountId","OwnerId","Type","IsDeleted","IsChild","IsRecurrence","RecurrenceActivityId"\r\n'
    '"00U8a00000pGTxaEAG","0038a00000AAAAAAAA","0068a00000BBBBBBBB","Visita a Tiendas con Gerente de Marketing",'  # noqa: E501
    '"0","2023-01-23 15:00:00","2023-01-23 00:00:00","120","Visita a varias tiendas\r\ncon el gerente",'
    '"0018a00000CCCCCCCC","0058a00000DDDDDDDD","Meeting","0","0","0",""\r\n'
    '"00U8a00000q0FyUEAU","000000000000000AAA","0018a00000EEEEEEEE","LLAMADA MARZO","0","2023-03-03 19:00:00",'  # noqa: E501
    '"2023-03-03 00:00:00","60","","","0058a00000DDDDDDDD","","0","0","0",""\r\n'
    '"00U8a00000q0AllDAY","","","Vacaciones","1","2023-03-06 00:00:00","2023-03-06 00:00:00","1440","","",'
    '"0058a00000DDDDDDDD","","0","0","0",""\r\n'
    '"00U8a00000q0DELETE","","","Old","0","2023-03-07 10:00:00","2023-03-07 00:00:00","30","","",'
    '"0058a00000DDDDDDDD","","1","0","0",""\r\n'
    '"00U8a00000q0BADDUR","","","Sync","0","2023-03-07 10:00:00","2023-03-07 00:00:00","thirty","","",'
    '"0058a00000DDDDDDDD","","0","0","0",""\r\n'
)

TASK_CSV = (
    "Id,WhoId,WhatId,Subject,ActivityDate,Status,OwnerId,Type,IsDeleted,AccountId,CreatedDate,"
    "EmailMessageId,CallDurationInSeconds,CallType,CallDisposition,TaskSubtype,CompletedDateTime\n"
    "00T8a000081k7OiEAI,0038a000001,0068a000001,Call Jane,2023-01-24 00:00:00,Completed,0058a000009,,0,"
    "0018a000001,2023-01-24 16:00:00,,95,Outbound,Left voicemail,Call,2023-01-24 16:48:32\n"
    "00T8a000081k7OjEAI,0038a000001,0068a000001,Email: Convenio Winkel Media - IPG,2023-01-25 00:00:00,Completed,"  # noqa: E501
    "0058a000009,,0,,2023-01-25 09:00:00,02s8a00001i5kTHAAY,,,,Task,\n"
    "00T8a000081k7OkEAI,00Q8a000001,,Follow up,2023-01-26 00:00:00,Open,0058a000009,Other,0,,"
    "2023-01-26 10:00:00,,,,,Task,\n"
)


def parse(text: str) -> list[ActivityRecord | RowError | Skipped]:
    return list(salesforce.parse(io.BytesIO(text.encode())))


def test_event_rows_take_gmt_start_and_duration_in_minutes() -> None:
    items = parse(EVENT_CSV)
    visit = items[0]
    assert isinstance(visit, ActivityRecord)
    assert visit.line == 2
    assert visit.started_at == datetime(2023, 1, 23, 15, 0, tzinfo=UTC)
    assert (visit.kind, visit.duration_minutes, visit.external_id) == ("meeting", 120, "00U8a00000pGTxaEAG")
    assert visit.rep_source_id == "0058a00000DDDDDDDD" and visit.rep_email is None
    assert visit.account_external_id == "0018a00000CCCCCCCC"
    assert visit.contact_external_id == "0038a00000AAAAAAAA"


def test_a_call_stored_as_an_event_with_a_null_who_is_read_as_a_call_on_its_account() -> None:
    call = parse(EVENT_CSV)[1]
    assert isinstance(call, ActivityRecord)
    assert call.line == 4  # the quoted newline in the first row's Description spans a line
    assert call.kind == "call" and call.contact_external_id is None
    assert call.account_external_id == "0018a00000EEEEEEEE"  # WhatId names an account (001 prefix)


def test_all_day_and_deleted_events_are_skipped_and_bad_durations_rejected() -> None:
    items = parse(EVENT_CSV)
    assert isinstance(items[2], Skipped) and "all-day" in items[2].reason
    assert isinstance(items[3], Skipped) and "deleted" in items[3].reason
    assert items[4] == RowError(7, "DurationInMinutes", "'thirty' is not a number of minutes or HH:MM")


def test_task_time_is_when_it_was_completed_and_call_seconds_become_minutes() -> None:
    call = parse(TASK_CSV)[0]
    assert isinstance(call, ActivityRecord)
    assert call.started_at == datetime(2023, 1, 24, 16, 48, 32, tzinfo=UTC)
    assert (call.kind, call.duration_minutes, call.direction, call.outcome) == (
        "call",
        2,
        "outbound",
        "Left voicemail",
    )


def test_an_email_logged_as_a_task_is_an_email_without_duration() -> None:
    email = parse(TASK_CSV)[1]
    assert isinstance(email, ActivityRecord)
    assert email.kind == "email" and email.duration_minutes is None
    assert email.started_at == datetime(2023, 1, 25, 9, 0, tzinfo=UTC)  # CreatedDate: not completed


def test_a_task_about_a_lead_keeps_the_lead_as_its_contact() -> None:
    task = parse(TASK_CSV)[2]
    assert isinstance(task, ActivityRecord)
    assert task.kind == "task" and task.contact_external_id == "00Q8a000001"


def test_elt_snake_case_columns_are_read_like_api_names() -> None:
    text = (
        "id,owner_id,who_id,what_id,account_id,subject,type,event_subtype,activity_date_time,start_date_time,"
        "end_date_time,duration_in_minutes,is_deleted\n"
        "00U1G00000DEaypUAD,0051G000007Ez4XQAS,0031G00001Pji7ZQAR,0011G00000eLwuWQAS,0011G00000eLwuWQAS,subject,"
        "Call,Event,2019-11-11 17:23:34,2019-11-11 17:23:34,2019-11-11 17:23:34,15,FALSE\n"
    )
    (rec,) = parse(text)
    assert isinstance(rec, ActivityRecord)
    assert (rec.kind, rec.duration_minutes) == ("call", 15)  # start == end: the duration column wins


def test_rest_json_records_with_offsets_without_colon() -> None:
    text = (
        '{"records":[{"attributes":{"type":"Event","referenceId":"EventRef1"},"Id":"00U000000000001",'
        '"OwnerId":"005000000000001","ActivityDateTime":"2018-01-23T17:30:00.000+0000",'
        '"StartDateTime":"2018-01-23T17:30:00.000+0000","EndDateTime":"2018-01-23T20:30:00.000+0000",'
        '"Subject":"Produce Setup"}]}'
    )
    (rec,) = parse(text)
    assert isinstance(rec, ActivityRecord)
    assert rec.started_at == datetime(2018, 1, 23, 17, 30, tzinfo=UTC)
    assert rec.duration_minutes == 180 and rec.kind == "meeting" and rec.line == 1
