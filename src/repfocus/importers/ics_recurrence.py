"""Recurrence expansion: the occurrences of one UID's events (a series, its moved instances, or a single
event), expanded by recurring-ical-events a slice at a time so a runaway rule is stopped early."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from repfocus.importers.ics_times import naive, recurrence_stamp, to_utc

# Sub-daily rules expand one slice of the window at a time, so the occurrence cap bites early.
_SUB_DAILY = {"SECONDLY": timedelta(hours=1), "MINUTELY": timedelta(days=1), "HOURLY": timedelta(days=31)}


class TooManyOccurrences(Exception):
    """The calendar expands to more occurrences than the import allows."""


class EventPropertyInvalid(ValueError):
    """A property the expansion needs is missing or repeated; `name` is the property."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(reason)
        self.name = name


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence: its key (the UID, plus the recurrence id in a series), start and end as the file
    gives them (date or datetime), and the start in UTC."""

    key: str
    start: Any
    end: Any
    start_utc: datetime
    source: Any  # recurring-ical-events' occurrence

    @property
    def component(self) -> Any:
        """The VEVENT of this occurrence, with a moved instance's changes applied."""
        return self.source.as_component(False)


def occurrences(
    uid: str,
    events: list[tuple[int, Any]],
    timezones: list[Any],
    *,
    zone: ZoneInfo,
    lo: datetime,
    hi: datetime,
    budget: list[int],
) -> Iterator[Occurrence]:
    """Yield the occurrences of a series that start in [lo, hi), or a single event wherever it is (the
    caller counts it when outside); raise TooManyOccurrences once `budget[0]` occurrences are spent."""
    for _, event in events:
        if event.get("DTSTART") is None:
            raise EventPropertyInvalid("DTSTART", "the event has no DTSTART (start time)")
        for name in ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID"):
            if isinstance(event.get(name), list):
                count = len(event[name])
                raise EventPropertyInvalid(name, f"the event has {count} {name} lines; expected one")
    recurring = any(("RRULE" in ev or "RDATE" in ev or "RECURRENCE-ID" in ev) for _, ev in events)
    mini = icalendar.Calendar()
    for tz in timezones:
        mini.add_component(tz)
    for _, event in events:
        mini.add_component(event)
    query = recurring_ical_events.of(mini)
    step = _chunk_step(events) if recurring else None
    chunks = [(lo, hi)]
    if step is not None:
        chunks = [(t, min(t + step, hi)) for t in _steps(lo, hi, step)]
    for series in query.series:
        for c_lo, c_hi in chunks:
            if recurring:
                span = (naive(c_lo - timedelta(days=2)), naive(c_hi + timedelta(days=2)))
            else:  # a single event: read it wherever it is, to count it when outside the window
                span = (recurring_ical_events.DATE_MIN_DT, recurring_ical_events.DATE_MAX_DT)
            for occ in series.between(*span):
                budget[0] -= 1
                if budget[0] < 0:
                    raise TooManyOccurrences
                start_utc = to_utc(occ.start, zone)
                if recurring and not (c_lo <= start_utc < c_hi):
                    continue  # outside this chunk: another chunk (or no chunk) owns it
                key = f"{uid}/{recurrence_stamp(occ.id.recurrence_id or occ.start)}" if recurring else uid
                yield Occurrence(key, occ.start, occ.end, start_utc, occ)


def _chunk_step(events: list[tuple[int, Any]]) -> timedelta | None:
    steps = []
    for _, event in events:
        rules = event.get("RRULE")
        for rule in rules if isinstance(rules, list) else ([] if rules is None else [rules]):
            freq = rule.get("FREQ") if hasattr(rule, "get") else None
            name = str(freq[0] if isinstance(freq, list) and freq else freq or "").upper()
            if name in _SUB_DAILY:
                steps.append(_SUB_DAILY[name])
    return min(steps, default=None)


def _steps(lo: datetime, hi: datetime, step: timedelta) -> Iterator[datetime]:
    while lo < hi:
        yield lo
        lo += step
