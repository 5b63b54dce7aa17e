"""Reporting periods: whole weeks, and a clear error at the edges of the calendar."""

from __future__ import annotations

from datetime import date

import pytest

from repfocus.domain.period import Period, PeriodInvalid


def test_last_weeks_ends_on_the_sunday_of_the_week_holding_today() -> None:
    period = Period.last_weeks(13, today=date(2026, 11, 25))
    assert (period.start, period.end) == (date(2026, 8, 31), date(2026, 11, 29))
    assert len(period.weeks()) == 13


@pytest.mark.parametrize("today", [date(1, 1, 2), date(9999, 12, 31)])
def test_weeks_that_run_off_the_calendar_are_an_invalid_period_not_an_overflow(today: date) -> None:
    with pytest.raises(PeriodInvalid, match="no 13 whole weeks end on"):
        Period.last_weeks(13, today=today)
