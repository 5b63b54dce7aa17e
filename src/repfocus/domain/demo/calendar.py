"""Working days for the demo: Monday to Friday, US holidays that staffing firms close for skipped."""

from __future__ import annotations

from datetime import date, timedelta


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7, weeks=n - 1)


def _last_weekday(year: int, month: int, weekday: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: date) -> date:
    if day.weekday() == 5:
        return day - timedelta(days=1)
    if day.weekday() == 6:
        return day + timedelta(days=1)
    return day


def us_holidays(year: int) -> set[date]:
    """Return the days a US staffing office closes: the federal holidays most private firms keep
    (observed on the nearest weekday), the day after Thanksgiving and Christmas Eve."""
    thanksgiving = _nth_weekday(year, 11, 3, 4)
    return {
        _observed(date(year, 1, 1)),
        _nth_weekday(year, 1, 0, 3),  # Martin Luther King Jr. Day
        _nth_weekday(year, 2, 0, 3),  # Presidents' Day
        _last_weekday(year, 5, 0),  # Memorial Day
        _observed(date(year, 6, 19)),
        _observed(date(year, 7, 4)),
        _nth_weekday(year, 9, 0, 1),  # Labor Day
        thanksgiving,
        thanksgiving + timedelta(days=1),
        date(year, 12, 24),  # Christmas Eve (a no-op when it falls on a weekend)
        _observed(date(year, 12, 25)),
    }


def working_days(start: date, end: date) -> list[date]:
    """Return the Monday-to-Friday days in [start, end] that are not US office holidays."""
    closed: set[date] = set()
    for year in range(start.year - 1, end.year + 2):
        closed |= us_holidays(year)
    out = []
    day = start
    while day <= end:
        if day.weekday() < 5 and day not in closed:
            out.append(day)
        day += timedelta(days=1)
    return out
