"""LocalDays gives the same local day as converting each instant with ZoneInfo, across offset changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repfocus.domain.local_days import QUARTER, LocalDays, micros

# Whole-hour, half-hour (with a half-hour DST shift), quarter-hour and southern-hemisphere zones.
ZONES = [
    "America/Chicago",
    "Europe/Dublin",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Kolkata",
    "UTC",
]


def _expected(us: int, zone: tzinfo) -> object:
    return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=us)).astimezone(zone).date()


@settings(max_examples=400, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    at=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
)
def test_any_instant_gets_the_day_zoneinfo_gives(zone: str, at: datetime) -> None:
    days = LocalDays(ZoneInfo(zone))
    us = micros(at)
    assert days.day(us) == at.astimezone(ZoneInfo(zone)).date()
    assert days.by_quarter.get(us // QUARTER, days.day(us)) == at.astimezone(ZoneInfo(zone)).date()


@pytest.mark.parametrize("zone", ZONES)
def test_every_minute_around_every_offset_change_of_a_year_and_every_local_midnight(zone: str) -> None:
    tz = ZoneInfo(zone)
    days = LocalDays(tz)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    changes = [
        start + timedelta(hours=h)
        for h in range(1, 366 * 24)
        if (start + timedelta(hours=h)).astimezone(tz).utcoffset()
        != (start + timedelta(hours=h - 1)).astimezone(tz).utcoffset()
    ]
    assert changes or zone in ("Asia/Kathmandu", "Asia/Kolkata", "UTC")
    midnights = [  # local midnights of a few days, in UTC
        datetime(2026, 3, d, tzinfo=tz).astimezone(UTC) for d in range(1, 8)
    ]
    checked = 0
    for centre in changes + midnights:
        for minute in range(-120, 121):
            for second in (0, 59):
                us = micros(centre + timedelta(minutes=minute, seconds=second))
                found = days.by_quarter.get(us // QUARTER)
                if found is None:
                    found = days.day(us)
                assert found == _expected(us, tz), (zone, centre, minute, second)
                checked += 1
    assert checked >= 7 * 241 * 2


def test_the_quarters_of_one_local_day_share_one_date_and_the_memory_stays_under_its_limit() -> None:
    tz = ZoneInfo("America/Chicago")
    base = micros(datetime(2026, 5, 4, tzinfo=tz).astimezone(UTC))
    days = LocalDays(tz)
    got = [days.day(base + i * QUARTER) for i in range(96)]
    assert {d.isoformat() for d in got} == {"2026-05-04"} and len({id(d) for d in got}) == 1
    small = LocalDays(tz, limit=50)
    for i in range(500):
        small.day(base + i * QUARTER)
        assert len(small.by_quarter) <= 50


class _MidQuarterChange(tzinfo):
    """Six hours behind UTC, then five from 05:53 UTC on 2026-03-08: the change lands inside a quarter hour
    and moves local midnight into it (no real zone does this: it tests the instant-by-instant path)."""

    CHANGE = datetime(2026, 3, 8, 5, 53)

    def _offset(self, utc: datetime) -> timedelta:
        return timedelta(hours=-5 if utc >= self.CHANGE else -6)

    def fromutc(self, dt: datetime) -> datetime:
        utc = dt.replace(tzinfo=None)
        return (utc + self._offset(utc)).replace(tzinfo=self)

    def utcoffset(self, dt: datetime | None) -> timedelta:
        local = (dt or self.CHANGE).replace(tzinfo=None)
        return timedelta(hours=-5 if local >= self.CHANGE - timedelta(hours=5) else -6)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)


@pytest.mark.parametrize(
    "zone", [_MidQuarterChange(), timezone(-timedelta(hours=5, minutes=50))], ids=["mid-quarter", "odd"]
)
def test_a_quarter_hour_holding_an_offset_change_or_a_local_midnight_is_worked_out_instant_by_instant(
    zone: tzinfo,
) -> None:
    days = LocalDays(zone)
    start = micros(datetime(2026, 3, 8, 5, 40, tzinfo=UTC))
    for second in range(0, 30 * 60, 7):
        us = start + second * 1_000_000
        found = days.by_quarter.get(us // QUARTER)
        assert (found or days.day(us)) == _expected(us, zone)  # type: ignore[arg-type]
