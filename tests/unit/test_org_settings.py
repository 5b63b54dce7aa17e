"""The organization settings' rules: each key's validation, the whole-change check and stored defaults."""

from __future__ import annotations

from datetime import date, time

import pytest

from repfocus.analytics.cadence import week_weights
from repfocus.domain.org_setting_values import (
    check_all_day_hours,
    check_currency,
    check_minutes,
    check_time_zone,
    check_working_days,
    check_working_hours,
    check_yes_no,
)
from repfocus.domain.org_settings import (
    KEYS,
    OrgSettings,
    SettingsInvalid,
    changed,
    check_changes,
    from_stored,
    to_stored,
    weekday_numbers,
)
from repfocus.domain.period import Period
from repfocus.domain.taxonomy import KINDS


def test_an_iana_zone_is_accepted_and_its_spelling_restored() -> None:
    assert check_time_zone("Europe/Berlin") == "Europe/Berlin"
    assert check_time_zone(" america/chicago ") == "America/Chicago"
    assert check_time_zone("UTC") == "UTC"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "localtime", "Europe/", "../etc/passwd", "CET+1"])
def test_a_zone_outside_the_tz_database_is_refused_with_an_example(zone: str) -> None:
    with pytest.raises(ValueError, match="not an IANA time zone such as America/Chicago"):
        check_time_zone(zone)


def test_a_currency_is_an_iso_code_in_circulation_in_any_case() -> None:
    assert check_currency(" eur ") == "EUR"
    with pytest.raises(ValueError, match="not a 3-letter currency code"):
        check_currency("EURO")
    with pytest.raises(ValueError, match="XYZ is not an ISO 4217 currency code"):
        check_currency("xyz")


def test_working_days_come_back_in_week_order_from_a_list_or_text() -> None:
    assert check_working_days("fri, mon,Wednesday") == ("mon", "wed", "fri")
    assert check_working_days(["sun", "sat"]) == ("sat", "sun")
    assert check_working_days("mon,,mon") == ("mon",)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "at least one day"),
        (" , ", "at least one day"),
        ([], "at least one day"),
        ("mon,funday", "funday: not a day"),
        ("monkey", "monkey: not a day"),
        (5, "write the days as"),
    ],
)
def test_working_days_must_name_at_least_one_real_day(raw: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        check_working_days(raw)


def test_working_hours_read_as_text_or_object_and_start_before_end() -> None:
    assert check_working_hours("8:30-17:00") == (time(8, 30), time(17, 0))
    assert check_working_hours({"start": "07:00", "end": "15:30"}) == (time(7, 0), time(15, 30))
    with pytest.raises(ValueError, match="the start 17:00 must come before the end 09:00"):
        check_working_hours("17:00-09:00")
    with pytest.raises(ValueError, match="must come before"):
        check_working_hours("09:00-09:00")
    with pytest.raises(ValueError, match="end '24:00' is not a time of day"):
        check_working_hours("09:00-24:00")
    with pytest.raises(ValueError, match="write the working day as HH:MM-HH:MM"):
        check_working_hours("nine to five")


def test_a_default_duration_is_whole_minutes_from_zero_to_a_day() -> None:
    assert check_minutes("0") == 0 and check_minutes(1440) == 1440 and check_minutes(" 12 ") == 12
    for bad in ("-1", "7.5", "ten", True, None, 2.0):
        with pytest.raises(ValueError, match="not a whole number of minutes"):
            check_minutes(bad)
    with pytest.raises(ValueError, match="1441 is more than 1440 minutes"):
        check_minutes(1441)


def test_yes_and_no_read_in_the_usual_spellings() -> None:
    assert [check_yes_no(v) for v in ("yes", "TRUE", "on", "1", True)] == [True] * 5
    assert [check_yes_no(v) for v in ("no", "False", "off", "0", False)] == [False] * 5
    with pytest.raises(ValueError, match="'maybe' is not yes or no"):
        check_yes_no("maybe")


def test_all_day_hours_become_minutes_between_a_quarter_hour_and_a_day() -> None:
    assert (
        check_all_day_hours("7.5") == 450
        and check_all_day_hours(8) == 480
        and check_all_day_hours(24) == 1440
    )
    for bad, reason in (
        ("0", "not between"),
        ("24.5", "not between"),
        ("x", "not a number"),
        ("nan", "not a num"),
    ):
        with pytest.raises(ValueError, match=reason):
            check_all_day_hours(bad)


def test_a_change_names_every_key_at_fault_and_applies_nothing() -> None:
    with pytest.raises(SettingsInvalid) as caught:
        check_changes(
            OrgSettings(),
            {"currency": "EUR", "time_zone": "Nowhere/Land", "duration.call": "-3", "colour": "red"},
        )
    assert set(caught.value.problems) == {"time_zone", "duration.call", "colour"}
    assert "not a setting; the settings are name, time_zone" in caught.value.problems["colour"]


def test_a_valid_change_reports_only_what_differs() -> None:
    before = OrgSettings(time_zone="America/Chicago")
    after = check_changes(
        before, {"time_zone": "America/Chicago", "duration.meeting": "45", "count_all_day": "yes"}
    )
    assert after.durations["meeting"] == 45 and after.durations["call"] == 5
    assert changed(before, after) == {
        "duration.meeting": {"before": 30, "after": 45},
        "count_all_day": {"before": False, "after": True},
    }


def test_every_key_is_explained_and_every_kind_has_a_duration_key() -> None:
    assert set(OrgSettings().flat()) == set(KEYS)
    assert {f"duration.{k}" for k in KINDS} <= set(KEYS)
    assert all(len(line) > 20 for line in KEYS.values())


def test_stored_settings_round_trip_and_keep_the_keys_other_modules_own() -> None:
    stored = {"hiring_weights": {"persistence": 1.0}, "calendar": {"count_all_day": False, "other": 1}}
    settings = check_changes(
        OrgSettings(), {"working_days": "mon,tue", "working_hours": "08:00-16:00", "all_day_hours": "6"}
    )
    written = to_stored(settings, stored)
    assert written["hiring_weights"] == {"persistence": 1.0} and written["calendar"]["other"] == 1
    again = from_stored(name="Acme", time_zone="UTC", currency="USD", stored=written)
    assert again.flat() == {**settings.flat(), "name": "Acme"}


def test_a_broken_stored_value_reads_as_its_default() -> None:
    stored = {
        "duration_defaults": {"call": "lots", "email": 7, "fax": 3},
        "working_week": [],
        "working_hours": {"start": "18:00", "end": "08:00"},
        "calendar": "yes",
    }
    got = from_stored(name="Acme", time_zone="Mars/Base", currency="??", stored=stored)
    assert got.durations == {"call": 5, "meeting": 30, "email": 7, "task": 15, "note": 5}
    assert (got.time_zone, got.currency, got.working_days) == (
        "UTC",
        "USD",
        ("mon", "tue", "wed", "thu", "fri"),
    )
    assert (got.day_start, got.day_end, got.count_all_day, got.all_day_minutes) == (
        time(9),
        time(17),
        False,
        480,
    )


def test_a_partial_weeks_cadence_weight_counts_the_organizations_working_days() -> None:
    wednesday_to_sunday = Period(date(2026, 3, 11), date(2026, 3, 15))
    weeks = [date(2026, 3, 9)]
    assert week_weights(wednesday_to_sunday, weeks) == [3 / 5]
    assert week_weights(
        wednesday_to_sunday, weeks, weekday_numbers(("mon", "tue", "wed", "thu", "fri", "sat"))
    ) == [4 / 6]
    assert week_weights(wednesday_to_sunday, weeks, weekday_numbers(("mon", "tue"))) == [0.0]
