"""Organization settings: what each one means, its default, and the rules a new value must meet.

The name, time zone and currency are columns of `organizations`; the rest live in its settings JSON
under the keys other modules already read (duration_defaults, calendar, working_week, working_hours).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from typing import Any

from repfocus.domain.org_setting_values import (
    MAX_MINUTES,
    MAX_NAME,
    WEEKDAYS,
    check_all_day_hours,
    check_currency,
    check_minutes,
    check_name,
    check_time_zone,
    check_working_days,
    check_working_hours,
    check_yes_no,
    time_zones,
)
from repfocus.domain.taxonomy import KINDS

__all__ = ["KEYS", "MAX_MINUTES", "MAX_NAME", "WEEKDAYS", "OrgSettings", "SettingsInvalid", "time_zones"]
DEFAULT_DURATIONS: dict[str, int] = {"call": 5, "meeting": 30, "email": 5, "task": 15, "note": 5}
DEFAULT_ALL_DAY_MINUTES = 480
DURATIONS_KEY, CALENDAR_KEY, WEEK_KEY, HOURS_KEY = (
    "duration_defaults",
    "calendar",
    "working_week",
    "working_hours",
)

# Every key a leader may set, with the one line that says what it does (the form, the CLI, the docs).
KEYS: dict[str, str] = {
    "name": "The organization's name (1-200 characters).",
    "time_zone": "IANA time zone such as America/Chicago: decides on which local day and week each activity "
    "falls; changing it rebuilds every rollup.",
    "currency": "ISO 4217 code such as USD or EUR: the currency of new incentive plans that name none.",
    "working_days": "The working week, comma-separated (mon,tue,wed,thu,fri): a partial week's cadence "
    "targets are prorated by the working days inside the period.",
    "working_hours": "The working day as HH:MM-HH:MM (start before end): a counted all-day calendar event "
    "starts at the start.",
    **{
        f"duration.{k}": f"Minutes (0-{MAX_MINUTES}) an imported {k} counts for when its file gives no "
        "duration; such activities are marked estimated."
        for k in KINDS
    },
    "count_all_day": "yes or no: whether all-day and multi-day calendar events count as work time "
    "(default no: they are skipped); applies from the next calendar import.",
    "all_day_hours": "Hours (0.25-24) one counted all-day calendar day is worth.",
}


class SettingsInvalid(ValueError):
    """One or more settings break a rule; `problems` maps each key at fault to the reason."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = dict(problems)


@dataclass(frozen=True, slots=True)
class OrgSettings:
    """The organization's settings as the rules read them."""

    name: str = "My organization"
    time_zone: str = "UTC"
    currency: str = "USD"
    working_days: tuple[str, ...] = WEEKDAYS[:5]
    day_start: time = time(9, 0)
    day_end: time = time(17, 0)
    durations: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_DURATIONS))
    count_all_day: bool = False
    all_day_minutes: int = DEFAULT_ALL_DAY_MINUTES

    @property
    def working_hours(self) -> str:
        return f"{self.day_start:%H:%M}-{self.day_end:%H:%M}"

    @property
    def all_day_hours(self) -> float:
        return round(self.all_day_minutes / 60, 2)

    def flat(self) -> dict[str, Any]:
        """Return {key: value} over KEYS, as `repfocus settings show` and the audit log write them."""
        return {
            "name": self.name,
            "time_zone": self.time_zone,
            "currency": self.currency,
            "working_days": ",".join(self.working_days),
            "working_hours": self.working_hours,
            **{f"duration.{k}": self.durations[k] for k in KINDS},
            "count_all_day": self.count_all_day,
            "all_day_hours": self.all_day_hours,
        }

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON shape of the API: working_days a list, working_hours and durations objects."""
        return {
            "name": self.name,
            "time_zone": self.time_zone,
            "currency": self.currency,
            "working_days": list(self.working_days),
            "working_hours": {"start": f"{self.day_start:%H:%M}", "end": f"{self.day_end:%H:%M}"},
            "durations": {k: self.durations[k] for k in KINDS},
            "count_all_day": self.count_all_day,
            "all_day_hours": self.all_day_hours,
        }


def check_changes(current: OrgSettings, changes: Mapping[str, object]) -> OrgSettings:
    """Return `current` with `changes` ({key: value} over KEYS) applied; SettingsInvalid names every key
    at fault and its reason, so nothing is half-applied."""
    problems: dict[str, str] = {}
    out = current
    durations = dict(current.durations)
    for key, raw in changes.items():
        try:
            if key == "name":
                out = replace(out, name=check_name(raw))
            elif key == "time_zone":
                out = replace(out, time_zone=check_time_zone(raw))
            elif key == "currency":
                out = replace(out, currency=check_currency(raw))
            elif key == "working_days":
                out = replace(out, working_days=check_working_days(raw))
            elif key == "working_hours":
                start, end = check_working_hours(raw)
                out = replace(out, day_start=start, day_end=end)
            elif key.startswith("duration.") and key.removeprefix("duration.") in KINDS:
                durations[key.removeprefix("duration.")] = check_minutes(raw)
            elif key == "count_all_day":
                out = replace(out, count_all_day=check_yes_no(raw))
            elif key == "all_day_hours":
                out = replace(out, all_day_minutes=check_all_day_hours(raw))
            else:
                problems[key] = f"not a setting; the settings are {', '.join(KEYS)}"
        except ValueError as exc:
            problems[key] = str(exc)
    if problems:
        raise SettingsInvalid(problems)
    return replace(out, durations=durations)


def changed(before: OrgSettings, after: OrgSettings) -> dict[str, dict[str, Any]]:
    """Return {key: {"before", "after"}} for every key whose value differs."""
    old, new = before.flat(), after.flat()
    return {k: {"before": old[k], "after": new[k]} for k in KEYS if old[k] != new[k]}


def _or_default(check: Any, raw: object, default: Any) -> Any:
    try:
        return default if raw is None else check(raw)
    except ValueError:
        return default  # a value stored by hand or by an older version: the rule's default applies


def from_stored(*, name: str, time_zone: str, currency: str, stored: Mapping[str, Any]) -> OrgSettings:
    """Return the settings of an organization row; a missing or broken stored value reads as its default."""
    base = OrgSettings()
    raw_durations = stored.get(DURATIONS_KEY)
    raw_durations = raw_durations if isinstance(raw_durations, Mapping) else {}
    calendar = stored.get(CALENDAR_KEY)
    calendar = calendar if isinstance(calendar, Mapping) else {}
    hours = _or_default(check_working_hours, stored.get(HOURS_KEY), (base.day_start, base.day_end))
    minutes = calendar.get("all_day_minutes")
    return OrgSettings(
        name=name,
        time_zone=_or_default(check_time_zone, time_zone, "UTC"),
        currency=_or_default(check_currency, currency, base.currency),
        working_days=working_days_of(stored),
        day_start=hours[0],
        day_end=hours[1],
        durations={
            k: _or_default(check_minutes, raw_durations.get(k), v) for k, v in DEFAULT_DURATIONS.items()
        },
        count_all_day=_or_default(check_yes_no, calendar.get("count_all_day"), False),
        all_day_minutes=_or_default(check_minutes, minutes, base.all_day_minutes) or base.all_day_minutes,
    )


def working_days_of(stored: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the working week stored in the settings JSON (Monday to Friday when none is set)."""
    return tuple(_or_default(check_working_days, stored.get(WEEK_KEY), WEEKDAYS[:5]))


def weekday_numbers(days: tuple[str, ...]) -> frozenset[int]:
    """Return the working days as date.weekday() numbers (Monday 0)."""
    return frozenset(WEEKDAYS.index(d) for d in days)


def to_stored(settings: OrgSettings, stored: Mapping[str, Any]) -> dict[str, Any]:
    """Return the settings JSON with these settings written over `stored`, every other key kept."""
    calendar = dict(stored.get(CALENDAR_KEY) or {}) if isinstance(stored.get(CALENDAR_KEY), Mapping) else {}
    calendar.update(count_all_day=settings.count_all_day, all_day_minutes=settings.all_day_minutes)
    return {
        **stored,
        DURATIONS_KEY: dict(settings.durations),
        CALENDAR_KEY: calendar,
        WEEK_KEY: list(settings.working_days),
        HOURS_KEY: {"start": f"{settings.day_start:%H:%M}", "end": f"{settings.day_end:%H:%M}"},
    }
