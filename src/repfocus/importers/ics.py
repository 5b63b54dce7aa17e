"""iCalendar (.ics) files: one meeting record per event occurrence inside a window of days.

Parsing is icalendar's, recurrence expansion (RRULE, RDATE, EXDATE, RECURRENCE-ID) is
recurring-ical-events' (driven by ics_recurrence); this module decides what counts as the rep's work
time, with ics_attendees (who was there) and ics_times (zones). Each VEVENT UID is handled apart, so one
malformed event is a rejected row, not a failed file.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import x_wr_timezone

from repfocus.importers.ics_attendees import declined_by, others
from repfocus.importers.ics_recurrence import EventPropertyInvalid, TooManyOccurrences, occurrences
from repfocus.importers.ics_times import to_utc
from repfocus.importers.records import ActivityRecord, ImportFileInvalid, RowError, Skipped

# Reasons an event occurrence is not work time; the report counts each.
SKIP_REASONS = ("declined", "cancelled", "transparent", "all_day", "multi_day", "outside_window")
_SKIP_TEXT = {
    "declined": "declined by the rep",
    "cancelled": "cancelled (STATUS:CANCELLED)",
    "transparent": "shown as free (TRANSP:TRANSPARENT)",
    "all_day": "all-day event: not counted as work time",
    "multi_day": "lasts a day or more: not counted as work time",
    "outside_window": "outside the window of days being imported",
}
EXTERNAL_ID_MAX = 80  # activities.external_id


class CalendarUnreadable(ImportFileInvalid):
    """The file is not an iCalendar file any parser accepts; the message says why."""


@dataclass(frozen=True, slots=True)
class CalendarOptions:
    """Whose calendar it is, which local days to read, and how to count all-day time."""

    rep_email: str
    first_day: date
    last_day: date
    zone: ZoneInfo  # the organization's: floating times and all-day days are read in it
    count_all_day: bool = False  # organization setting: all-day and multi-day events are work time
    all_day_minutes: int = 480  # minutes one counted all-day day is worth
    day_start: time = time(9, 0)  # when a counted all-day day starts
    max_occurrences: int = 200_000


@dataclass(slots=True)
class ParsedCalendar:
    """The events of an .ics file, grouped by UID, with the line where each event begins."""

    timezones: list[Any]
    groups: dict[str, list[tuple[int, Any]]]  # uid -> [(line, VEVENT)]
    skipped: Counter[str] = field(default_factory=Counter)


def parse_calendar(data: bytes) -> ParsedCalendar:
    """Return the events of an .ics file; raise CalendarUnreadable when no parser accepts it."""
    if b"\x00" in data[:4096]:
        raise CalendarUnreadable("this is a binary file, not an iCalendar (.ics) text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Outlook exports in the Windows code page
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.strip().upper() == "BEGIN:VEVENT"]
    if "BEGIN:VCALENDAR" not in text.upper():
        if not starts:
            raise CalendarUnreadable("no BEGIN:VCALENDAR line: this is not an iCalendar (.ics) file")
        text = f"BEGIN:VCALENDAR\nVERSION:2.0\n{text.strip()}\nEND:VCALENDAR\n"  # a bare VEVENT export
    try:
        with warnings.catch_warnings():  # icalendar warns about TZIDs it guesses; the guess is what we want
            warnings.simplefilter("ignore")
            calendars = icalendar.Calendar.from_ical(_repair(text), multiple=True)
            calendars = [x_wr_timezone.to_standard(c) for c in calendars]
    except Exception as exc:  # icalendar raises assorted types (ValueError, KeyError, ...) on bad input
        raise CalendarUnreadable(f"the iCalendar parser rejected the file: {_plain(exc)}") from exc
    parsed = ParsedCalendar(timezones=[], groups={})
    index = 0
    for cal in calendars:
        parsed.timezones.extend(cal.walk("VTIMEZONE"))
        for event in cal.walk("VEVENT"):
            index += 1
            line = starts[index - 1] if index <= len(starts) else index
            uid = str(event.get("UID") or "").strip() or _anonymous_uid(event, index)
            parsed.groups.setdefault(uid, []).append((line, event))
    return parsed


def calendar_records(
    parsed: ParsedCalendar, options: CalendarOptions
) -> Iterator[ActivityRecord | RowError | Skipped]:
    """Yield a meeting record per occurrence the rep attended inside the window, and a Skipped (also
    counted in `parsed.skipped`) for each declined, cancelled, transparent, all-day, multi-day or
    out-of-window one."""
    lo = datetime.combine(options.first_day, time(), options.zone).astimezone(UTC)
    hi = datetime.combine(options.last_day + timedelta(days=1), time(), options.zone).astimezone(UTC)
    rep = options.rep_email.strip().lower()
    budget = [options.max_occurrences]
    for uid, events in parsed.groups.items():
        line = events[0][0]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                records = list(_group_records(uid, events, parsed, options, rep, lo, hi, budget))
        except TooManyOccurrences:
            raise CalendarUnreadable(
                f"the calendar expands to more than {options.max_occurrences} occurrences between "
                f"{options.first_day} and {options.last_day}; import a shorter window with --from/--to"
            ) from None
        except Exception as exc:  # a malformed event (bad RRULE, end before start ...) rejects its UID only
            summary = str(events[0][1].get("SUMMARY", "")).strip()
            name = repr(summary[:60]) if summary else f"UID {uid[:60]!r}"
            yield RowError(line, _field_of(exc), f"event {name} cannot be read: {_plain(exc)}")
            continue
        yield from records


def _group_records(
    uid: str,
    events: list[tuple[int, Any]],
    parsed: ParsedCalendar,
    options: CalendarOptions,
    rep: str,
    lo: datetime,
    hi: datetime,
    budget: list[int],
) -> Iterator[ActivityRecord | Skipped]:
    line = events[0][0]
    found = occurrences(uid, events, parsed.timezones, zone=options.zone, lo=lo, hi=hi, budget=budget)
    for occ in found:
        if not (lo <= occ.start_utc < hi):  # only a single event is read outside the window
            parsed.skipped["outside_window"] += 1
            yield Skipped(line, _SKIP_TEXT["outside_window"])
            continue
        component = occ.component
        reason = _skip_reason(component, rep, occ.start, occ.end, options)
        if reason:
            parsed.skipped[reason] += 1
            yield Skipped(line, _SKIP_TEXT[reason])
            continue
        yield from _records(line, occ.key, component, occ.start, occ.end, rep, options)


def _skip_reason(component: Any, rep: str, start: Any, end: Any, options: CalendarOptions) -> str | None:
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return "cancelled"
    if str(component.get("TRANSP", "")).upper() == "TRANSPARENT":
        return "transparent"
    if declined_by(component, rep):
        return "declined"
    if options.count_all_day:
        return None
    if not isinstance(start, datetime):
        return "all_day"
    if isinstance(end, datetime) and end - start >= timedelta(hours=24):
        return "multi_day"
    return None


def _records(
    line: int, key: str, component: Any, start: Any, end: Any, rep: str, options: CalendarOptions
) -> Iterator[ActivityRecord]:
    subject = str(component.get("SUMMARY", "")).strip()[:500]
    attendees = others(component, rep)
    extra = {"location": str(component["LOCATION"])[:200]} if component.get("LOCATION") else {}
    base = {"kind": "meeting", "rep_email": rep, "subject": subject, "attendee_emails": attendees}
    start_utc = to_utc(start, options.zone)
    end_utc = to_utc(end, options.zone) if end is not None else start_utc
    is_day = not isinstance(start, datetime)
    if not is_day and end_utc - start_utc < timedelta(hours=24):
        minutes = round((end_utc - start_utc).total_seconds() / 60)
        yield ActivityRecord(
            line=line,
            started_at=start_utc,
            external_id=_external_id(key),
            duration_minutes=minutes or None,  # neither DTEND nor DURATION: the service estimates
            extra=extra,
            **base,
        )
        return
    # A counted all-day or multi-day event: one record per local day, each worth at most a working day.
    first = start if is_day else start_utc.astimezone(options.zone).date()
    last = (end - timedelta(days=1)) if is_day else end_utc.astimezone(options.zone).date()
    day = first
    while day <= max(first, last):
        if is_day:
            begin, minutes = datetime.combine(day, options.day_start, options.zone), options.all_day_minutes
        else:
            d_lo = datetime.combine(day, time(), options.zone).astimezone(UTC)
            d_hi = datetime.combine(day + timedelta(days=1), time(), options.zone).astimezone(UTC)
            begin = max(start_utc, d_lo)
            overlap = (min(end_utc, d_hi) - begin).total_seconds() / 60
            minutes = min(round(overlap), options.all_day_minutes)
        if minutes > 0:
            yield ActivityRecord(
                line=line,
                started_at=begin.astimezone(UTC),
                external_id=_external_id(f"{key}@{day.isoformat()}"),
                duration_minutes=minutes,
                all_day=True,
                extra=extra,
                **base,
            )
        day += timedelta(days=1)


def _repair(text: str) -> str:
    """Drop the spaces Exchange CDO puts inside RRULE lists ("BYDAY=MO, TU"), folded lines included."""
    return _RULE_LINE.sub(lambda m: re.sub(r"\r?\n[ \t]|[ \t]", "", m.group(0)), text)


_RULE_LINE = re.compile(r"(?im)^(?:RRULE|EXRULE)[;:][^\r\n]*(?:\r?\n[ \t][^\r\n]*)*")


def _external_id(key: str) -> str:
    """UID (+ recurrence id); long Exchange UIDs are hashed to fit the column, stably."""
    if len(key) <= EXTERNAL_ID_MAX:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()[:64]


def _anonymous_uid(event: Any, index: int) -> str:
    """An event without UID gets one from its start and summary, so re-import still matches."""
    raw = f"{event.get('DTSTART').to_ical() if event.get('DTSTART') else index}|{event.get('SUMMARY', '')}"
    return "nouid:" + hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:32]


def _field_of(exc: Exception) -> str:
    name = type(exc).__name__
    if isinstance(exc, EventPropertyInvalid):
        return exc.name
    if "Rule" in name or "rrule" in str(exc).lower():
        return "RRULE"
    if "Period" in name:
        return "DTEND"
    return "VEVENT"


def _plain(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:300]
