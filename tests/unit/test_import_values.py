"""Reading single export values: times, durations, booleans, nulls."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from repfocus.importers.values import ValueInvalid, boolean, epoch_ms, epoch_or_iso, minutes, text, timestamp


@pytest.mark.parametrize(
    "raw",
    [
        "2018-01-23T17:30:00.000+0000",
        "2018-01-23T17:30:00Z",
        "2018-01-23 17:30:00",
        "2018-01-23T11:30:00-06:00",
    ],
)
def test_iso_times_become_aware_utc(raw: str) -> None:
    assert timestamp(raw) == datetime(2018, 1, 23, 17, 30, tzinfo=UTC)


def test_naive_times_are_read_in_the_given_zone_or_refused() -> None:
    assert timestamp("2026-11-02 09:00", naive_zone=ZoneInfo("America/Chicago")) == datetime(
        2026, 11, 2, 15, 0, tzinfo=UTC
    )
    with pytest.raises(ValueInvalid, match="no UTC offset"):
        timestamp("2026-11-02 09:00", naive_zone=None)


def test_an_excel_date_serial_is_explained() -> None:
    with pytest.raises(ValueInvalid, match="Excel date serial, 2023-11-01 12:00"):
        timestamp("45231.5")


def test_epoch_milliseconds_and_iso_are_both_understood() -> None:
    assert epoch_ms(1368639000000) == datetime(2013, 5, 15, 17, 30, tzinfo=UTC)
    assert epoch_or_iso("1368639000000") == epoch_or_iso("2013-05-15T17:30:00Z")


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [("30", "minutes", 30), ("01:00", "minutes", 60), ("00:30", "minutes", 30), ("95", "seconds", 2),
     ("1", "seconds", 1), ("0", "seconds", 0), ("1800000", "ms", 30), ("1.5", "hours", 90),
     ("", "minutes", None)],
)  # fmt: skip
def test_durations_in_any_unit_become_whole_minutes(raw: str, unit: str, expected: int | None) -> None:
    assert minutes(raw, unit=unit) == expected


# superscript two, circled one: str.isdigit() says yes, int() says no
@pytest.mark.parametrize("raw", ["half an hour", "\u00b2", "3\u00b2", "\u2460"])
def test_a_duration_that_is_not_a_number_is_refused(raw: str) -> None:
    with pytest.raises(ValueInvalid, match="not a number of minutes"):
        minutes(raw)


def test_salesforce_null_id_and_blanks_are_null() -> None:
    assert text("000000000000000AAA") is None
    assert text("  ") is None
    assert text(" x ") == "x"


def test_booleans_in_every_export_spelling() -> None:
    assert [boolean(v) for v in ("1", "TRUE", "true", "yes", "0", "FALSE", "")] == [1, 1, 1, 1, 0, 0, 0]
    with pytest.raises(ValueInvalid):
        boolean("maybe")
