"""Mangled calendars (truncated, lines dropped or garbled) import or fail cleanly, never with a traceback."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repfocus.importers.ics import CalendarOptions, CalendarUnreadable, calendar_records, parse_calendar
from repfocus.importers.records import ActivityRecord, RowError, Skipped

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "ics").glob("*.ics"))
OPTIONS = CalendarOptions(
    rep_email="ann@acme-staffing.example",
    first_day=date(2026, 1, 1),
    last_day=date(2026, 6, 30),
    zone=ZoneInfo("America/Chicago"),
    max_occurrences=5000,
)
GARBAGE = st.sampled_from(
    [
        "",
        "X",
        ":",
        ";",
        "DTSTART:",
        "DTSTART:2026",
        "RRULE:FREQ=",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "\x00",
        "é",
        " ",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0, max_value=len(FIXTURES) - 1),
    cut=st.integers(min_value=0, max_value=4000),
    drop=st.lists(st.integers(min_value=0, max_value=80), max_size=4),
    garble=st.lists(st.tuples(st.integers(min_value=0, max_value=80), GARBAGE), max_size=4),
)
def test_a_mangled_calendar_imports_or_fails_cleanly(
    index: int, cut: int, drop: list[int], garble: list[tuple[int, str]]
) -> None:
    lines = FIXTURES[index].read_text().splitlines()
    for n, text in garble:
        if n < len(lines):
            lines[n] = lines[n][: len(lines[n]) // 2] + text
    lines = [line for n, line in enumerate(lines) if n not in set(drop)]
    data = "\n".join(lines).encode()[: cut or None]
    try:
        out = list(calendar_records(parse_calendar(data), OPTIONS))
    except CalendarUnreadable as exc:
        assert str(exc)
        return
    for item in out:
        assert isinstance(item, ActivityRecord | RowError | Skipped)
        if isinstance(item, ActivityRecord):
            assert item.started_at.tzinfo is not None and item.external_id
