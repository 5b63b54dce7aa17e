"""Real-world calendars: the shared fixtures, and every .ics the icalendar and recurring-ical-events
packages ship with their own tests (read from site-packages). Each imports or fails cleanly."""

from __future__ import annotations

from datetime import date
from importlib.resources import files
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from repfocus.importers.ics import CalendarOptions, CalendarUnreadable, calendar_records, parse_calendar
from repfocus.importers.records import ActivityRecord, RowError, Skipped


def _package_calendars(package: str) -> list[Path]:
    try:
        root = Path(str(files(package)))
    except ModuleNotFoundError:
        return []
    return sorted(root.rglob("*.ics"))


ICALENDAR = _package_calendars("icalendar.tests")
RECURRING = _package_calendars("recurring_ical_events.test")
WIDE = CalendarOptions(
    rep_email="calendar@gmail.com",
    first_day=date(2000, 1, 1),
    last_day=date(2027, 12, 31),
    zone=ZoneInfo("America/Chicago"),
)


def _import_or_clean_error(data: bytes) -> tuple[list[ActivityRecord], list[RowError]] | str:
    """Return the records and row errors, or the CalendarUnreadable message; anything else fails."""
    try:
        out = list(calendar_records(parse_calendar(data), WIDE))
    except CalendarUnreadable as exc:
        assert str(exc), "an unreadable calendar must say why"
        return str(exc)
    for row in out:
        if isinstance(row, Skipped):
            assert row.reason
        elif isinstance(row, RowError):
            assert row.line >= 1 and row.field and row.reason
        else:
            assert row.started_at.tzinfo is not None and row.kind == "meeting"
            assert row.duration_minutes is None or 0 < row.duration_minutes < 24 * 60
            assert row.external_id and len(row.external_id) <= 80
    return [r for r in out if isinstance(r, ActivityRecord)], [r for r in out if isinstance(r, RowError)]


def test_the_installed_icalendar_ships_its_test_calendars() -> None:
    assert len(ICALENDAR) >= 60, "icalendar's wheel should ship its test calendars (FORMATS.md §2)"


@pytest.mark.parametrize("path", ICALENDAR, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_icalendar_test_calendar_imports_or_fails_cleanly(path: Path) -> None:
    _import_or_clean_error(path.read_bytes())


@pytest.mark.parametrize("path", RECURRING, ids=lambda p: p.name)
def test_every_recurring_ical_events_test_calendar_imports_or_fails_cleanly(path: Path) -> None:
    _import_or_clean_error(path.read_bytes())


def test_icalendars_exchange_standup_with_a_custom_tzid_expands(tmp_path: Path) -> None:
    path = next((p for p in ICALENDAR if p.name == "issue_165_missing_event.ics"), None)
    if path is None:
        pytest.skip("issue_165_missing_event.ics not shipped by this icalendar version")
    result = _import_or_clean_error(path.read_bytes())
    assert not isinstance(result, str)
    records, errors = result
    assert errors == [] and len(records) == 14  # weekdays 2015-07-03 .. 2015-07-22
    assert {r.started_at.hour for r in records} == {8}  # 10:00 at GMT+0200 (daylight)


def test_icalendars_windows_zone_name_calendar_reads_pacific_time() -> None:
    path = next((p for p in ICALENDAR if p.name == "timezone_same_start.ics"), None)
    if path is None:
        pytest.skip("timezone_same_start.ics not shipped by this icalendar version")
    result = _import_or_clean_error(path.read_bytes())
    assert not isinstance(result, str) and len(result[0]) == 1


EXPECTED_SHARED = {
    # file: (imported, skipped) with the rep calendar@gmail.com over 2000-2027
    "multi_exdate_same_line_ms.ics": (5, {}),
    "google_2024.ics": (30, {"transparent": 2}),
    "recurrenceid_google.ics": (4, {}),
    "recurrenceid_ms.ics": (0, {"all_day": 41}),
    "multi_attendee_response.ics": (0, {"declined": 1}),
    "transparent.ics": (1, {"transparent": 1}),
    "duration.ics": (2, {"all_day": 1}),
    "per_event_timezone.ics": (2, {}),
}


def test_the_shared_real_calendars_import_with_the_expected_counts(shared_fixtures: Path) -> None:
    folder = shared_fixtures / "ics" / "jazzband_icalevents"
    for name, (imported, skipped) in EXPECTED_SHARED.items():
        parsed = parse_calendar((folder / name).read_bytes())
        records = [r for r in calendar_records(parsed, WIDE) if isinstance(r, ActivityRecord)]
        assert (len(records), dict(parsed.skipped)) == (imported, skipped), name


def test_every_shared_real_calendar_imports_or_fails_cleanly(shared_fixtures: Path) -> None:
    paths = sorted((shared_fixtures / "ics").rglob("*.ics"))
    assert paths
    results = {p.name: _import_or_clean_error(p.read_bytes()) for p in paths}
    assert isinstance(results["icloud.ics"], str)  # historic LMT offset: icalendar refuses it
    assert "parser rejected" in str(results["icloud.ics"])
