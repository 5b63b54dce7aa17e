"""The .ics reader: time zones, durations, all-day time, recurrence, attendance and bad files."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from repfocus.importers.ics import (
    CalendarOptions,
    CalendarUnreadable,
    ParsedCalendar,
    calendar_records,
    parse_calendar,
)
from repfocus.importers.records import ActivityRecord, RowError, Skipped

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ics"
CHICAGO = ZoneInfo("America/Chicago")
REP = "ann@acme-staffing.example"


def _options(**overrides: object) -> CalendarOptions:
    values: dict[str, object] = {
        "rep_email": REP,
        "first_day": date(2026, 3, 1),
        "last_day": date(2026, 4, 30),
        "zone": CHICAGO,
        **overrides,
    }
    return CalendarOptions(**values)  # type: ignore[arg-type]


def _read(name: str, **overrides: object) -> tuple[list[ActivityRecord], list[RowError], ParsedCalendar]:
    parsed = parse_calendar((FIXTURES / name).read_bytes())
    out = list(calendar_records(parsed, _options(**overrides)))
    assert sum(isinstance(r, Skipped) for r in out) == sum(parsed.skipped.values())
    return (
        [r for r in out if isinstance(r, ActivityRecord)],
        [r for r in out if isinstance(r, RowError)],
        parsed,
    )


def _by_id(records: list[ActivityRecord]) -> dict[str, ActivityRecord]:
    return {r.external_id or "": r for r in records}


def test_windows_zone_names_utc_and_floating_times_become_utc() -> None:
    records, errors, _ = _read("time_zones.ics")
    got = {k: r.started_at for k, r in _by_id(records).items()}
    assert errors == []
    assert got == {
        "tz-windows-no-vtimezone": datetime(2026, 3, 2, 17, 0, tzinfo=UTC),  # 09:00 PST
        "tz-windows-with-vtimezone": datetime(2026, 3, 5, 13, 0, tzinfo=UTC),  # 14:00 CET
        "tz-utc": datetime(2026, 3, 3, 15, 0, tzinfo=UTC),
        "tz-floating": datetime(2026, 3, 4, 14, 0, tzinfo=UTC),  # 08:00 in the organization's zone
    }


def test_floating_times_follow_the_organization_zone() -> None:
    records, _, _ = _read("time_zones.ics", zone=ZoneInfo("Europe/Paris"))
    assert _by_id(records)["tz-floating"].started_at == datetime(2026, 3, 4, 7, 0, tzinfo=UTC)


def test_duration_comes_from_dtend_or_duration_and_is_left_to_estimate_when_neither() -> None:
    records, _, _ = _read("durations.ics")
    minutes = {k: r.duration_minutes for k, r in _by_id(records).items()}
    assert minutes == {"dur-dtend": 45, "dur-duration": 90, "dur-neither": None}
    assert all(r.kind == "meeting" and r.rep_email == REP for r in records)


def test_all_day_and_multi_day_events_are_skipped_and_counted_by_default() -> None:
    records, _, parsed = _read("all_day.ics")
    assert [r.external_id for r in records] == ["ordinary"]
    assert parsed.skipped == {"all_day": 2, "multi_day": 1}


def test_all_day_events_count_one_working_day_per_local_day_when_the_organization_says_so() -> None:
    records, _, parsed = _read("all_day.ics", count_all_day=True, all_day_minutes=420)
    days = sorted((r.started_at.astimezone(CHICAGO).date().isoformat(), r.duration_minutes) for r in records)
    assert parsed.skipped == {}
    assert days == [
        ("2026-03-02", 420),
        ("2026-03-03", 420),
        ("2026-03-04", 420),
        ("2026-03-05", 420),
        ("2026-03-09", 420),  # 08:00 to midnight, capped at a working day
        ("2026-03-10", 420),  # midnight to 12:00, capped
        ("2026-03-11", 60),
    ]
    assert len({r.external_id for r in records}) == len(records)
    assert sum(r.all_day for r in records) == 6


def test_rrule_exdate_rdate_and_recurrence_id_expand_inside_the_window() -> None:
    records, errors, parsed = _read("recurrence.ics")
    weekly = sorted(
        (r.started_at, r.subject, r.duration_minutes)
        for r in records
        if r.external_id and r.external_id.startswith("weekly")
    )
    assert errors == []
    assert weekly == [
        (datetime(2026, 3, 2, 14, 0, tzinfo=UTC), "Weekly pipeline review", 30),
        (datetime(2026, 3, 9, 13, 0, tzinfo=UTC), "Weekly pipeline review", 30),
        (datetime(2026, 3, 19, 20, 0, tzinfo=UTC), "Weekly pipeline review", 30),  # RDATE
        (datetime(2026, 3, 24, 15, 0, tzinfo=UTC), "Weekly pipeline review (moved)", 60),
        (datetime(2026, 4, 6, 13, 0, tzinfo=UTC), "Weekly pipeline review", 30),
    ]
    assert parsed.skipped == {"cancelled": 1}
    daily = [r for r in records if r.subject == "Daily standup"]
    assert len(daily) == 61  # every day of March and April 2026, not since 2020
    assert min(r.started_at for r in daily) == datetime(2026, 3, 1, 14, 0, tzinfo=UTC)


def test_a_moved_instance_keeps_the_external_id_of_its_original_slot() -> None:
    records, _, _ = _read("recurrence.ics")
    moved = next(r for r in records if r.subject.endswith("(moved)"))
    assert moved.external_id == "weekly-pipeline@example.com/20260323T130000"
    ids = [r.external_id for r in records]
    assert len(ids) == len(set(ids))


def test_the_window_bounds_are_local_days_of_the_organization() -> None:
    records, _, _ = _read("recurrence.ics", first_day=date(2026, 3, 9), last_day=date(2026, 3, 9))
    assert sorted(r.subject for r in records) == ["Daily standup", "Weekly pipeline review"]


def test_declined_cancelled_and_transparent_events_are_skipped_and_counted() -> None:
    records, _, parsed = _read("attendance.ics")
    assert sorted(r.external_id or "" for r in records) == ["declined-by-other", "meet-hiring-manager"]
    assert parsed.skipped == {"declined": 1, "cancelled": 1, "transparent": 1, "outside_window": 1}


def test_attendees_are_people_other_than_the_rep_with_emails_lowercased() -> None:
    records, _, _ = _read("attendance.ics")
    meeting = _by_id(records)["meet-hiring-manager"]
    assert meeting.attendee_emails == ("michael.bolton@initech.example",)  # not the room, alarm or rep
    assert _by_id(records)["declined-by-other"].attendee_emails == ("lead@globex.example",)


def test_a_declined_event_is_kept_for_a_rep_who_did_not_decline_it() -> None:
    records, _, parsed = _read("attendance.ics", rep_email="someone@vendor.example")
    assert "declined-by-rep" in _by_id(records)
    assert "declined" not in parsed.skipped


def test_a_malformed_event_is_a_row_error_with_its_line_and_the_others_still_import() -> None:
    records, errors, _ = _read("broken_event.ics")
    assert [r.external_id for r in records] == ["good"]
    assert [(e.line, e.field) for e in errors] == [(9, "RRULE"), (16, "DTSTART")]
    assert "Bad rule" in errors[0].reason


def test_long_exchange_uids_are_hashed_to_fit_and_stay_stable() -> None:
    uid = "040000008200E00074C5B7101A82E00800000000" * 3
    body = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nSUMMARY:x\r\nDTSTART:20260302T160000Z\r\nDTEND:20260302T170000Z\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    first = list(calendar_records(parse_calendar(body), _options()))
    again = list(calendar_records(parse_calendar(body), _options()))
    assert isinstance(first[0], ActivityRecord) and isinstance(again[0], ActivityRecord)
    assert first[0].external_id == again[0].external_id
    assert len(first[0].external_id or "") <= 80


def test_events_without_uid_get_a_stable_id() -> None:
    body = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART:20260302T160000Z\nEND:VEVENT\nEND:VCALENDAR\n"
    ids = [r.external_id for _ in range(2) for r in calendar_records(parse_calendar(body), _options())]
    assert ids[0] == ids[1] and (ids[0] or "").startswith("nouid:")


def test_exchange_rrule_with_spaces_in_byday_is_understood() -> None:
    body = (
        b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:s\nSUMMARY:Standup\nDTSTART:20260302T150000Z\n"
        b"DTEND:20260302T151500Z\nRRULE:FREQ=DAILY;UNTIL=20260306T235959Z;BYDAY=MO, TU, WE, TH, FR\n"
        b" ;WKST=SU\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    records = list(calendar_records(parse_calendar(body), _options()))
    assert [type(r) for r in records] == [ActivityRecord] * 5


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"external_id,rep_email,started_at\n1,a@b.c,2026-03-02\n", "not an iCalendar"),
        (b"BEGIN:VCALENDAR\nX\nEND:VCALENDAR\n", "rejected"),
        (b"", "not an iCalendar"),
    ],
)
def test_files_no_parser_accepts_raise_a_clear_error(data: bytes, words: str) -> None:
    with pytest.raises(CalendarUnreadable, match=words):
        parse_calendar(data)


def test_an_unbounded_expansion_is_refused_with_advice() -> None:
    body = (
        b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:m\nDTSTART:20260301T000000Z\nRRULE:FREQ=HOURLY\n"
        b"END:VEVENT\nEND:VCALENDAR\n"
    )
    with pytest.raises(CalendarUnreadable, match="--from/--to"):
        list(calendar_records(parse_calendar(body), _options(max_occurrences=100)))
