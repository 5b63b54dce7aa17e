"""Organization settings: what each one means, its default, and the rules a new value must meet.

The name, time zone and currency are columns of `organizations`; the rest live in its settings JSON
under the keys other modules already read (duration_defaults, calendar, working_week, working_hours).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from repfocus.domain.taxonomy import KINDS

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_MINUTES = 24 * 60
MAX_NAME = 200
DEFAULT_DURATIONS: dict[str, int] = {"call": 5, "meeting": 30, "email": 5, "task": 15, "note": 5}
DEFAULT_ALL_DAY_MINUTES = 480
DURATIONS_KEY, CALENDAR_KEY, WEEK_KEY, HOURS_KEY = (
    "duration_defaults",
    "calendar",
    "working_week",
    "working_hours",
)

# ISO 4217 codes of currencies in circulation (no funds, metals or test codes).
_CODES = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD
    CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ
    GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR
    LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
    PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB
    TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL
"""
CURRENCIES = frozenset(_CODES.split())

# Every key a leader may set, with the one line that says what it does (the form, the CLI, the docs).
KEYS: dict[str, str] = {
    "name": "The organization's name, shown on every page (1-200 characters).",
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
    "(default no: they are skipped).",
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


@cache
def time_zones() -> frozenset[str]:
    """Return the IANA zone names a setting may use (the tz database, less the host's aliases)."""
    return frozenset(available_timezones() - {"localtime", "Factory"})


def check_name(raw: object) -> str:
    """Return the name stripped; 1 to 200 characters."""
    name = str(raw or "").strip()
    if not name:
        raise ValueError("must not be empty")
    if len(name) > MAX_NAME:
        raise ValueError(f"must be at most {MAX_NAME} characters long")
    return name


def check_time_zone(raw: object) -> str:
    """Return the zone name when it is an IANA time zone (case as the database spells it)."""
    text = str(raw or "").strip()
    if text in time_zones():
        return text
    spelled = {z.lower(): z for z in time_zones()}.get(text.lower())
    if spelled:
        return spelled
    raise ValueError(f"{text!r} is not an IANA time zone such as America/Chicago or Europe/Berlin")


def check_currency(raw: object) -> str:
    """Return the currency code upper-cased when it is an ISO 4217 code in circulation."""
    code = str(raw or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueError(f"{raw!r} is not a 3-letter currency code such as USD or EUR")
    if code not in CURRENCIES:
        raise ValueError(f"{code} is not an ISO 4217 currency code in circulation")
    return code


def check_working_days(raw: object) -> tuple[str, ...]:
    """Return the days in week order: a non-empty subset of mon..sun, from a list or 'mon,tue,...'."""
    if isinstance(raw, str):
        items = raw.split(",")
    elif isinstance(raw, list | tuple):
        items = [str(d) for d in raw]
    else:
        raise ValueError("write the days as mon,tue,wed,thu,fri")
    days, unknown = set(), []
    for item in (i.strip().lower() for i in items):
        day = item[:3] if item in WEEKDAYS or item in _DAY_NAMES else None
        if day:
            days.add(day)
        elif item:
            unknown.append(item)
    if unknown:
        raise ValueError(f"{', '.join(unknown)}: not a day; use {','.join(WEEKDAYS)}")
    if not days:
        raise ValueError("at least one day must be a working day")
    return tuple(d for d in WEEKDAYS if d in days)


def _clock(text: str, what: str) -> time:
    found = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    if not found:
        raise ValueError(f"{what} {text.strip()!r} is not a time of day as HH:MM")
    return time(int(found[1]), int(found[2]))


def check_working_hours(raw: object) -> tuple[time, time]:
    """Return (start, end) from 'HH:MM-HH:MM' or {"start", "end"}; the start must come before the end."""
    if isinstance(raw, Mapping):
        start, end = str(raw.get("start") or ""), str(raw.get("end") or "")
    else:
        start, sep, end = str(raw or "").partition("-")
        if not sep:
            raise ValueError(f"{raw!r}: write the working day as HH:MM-HH:MM, e.g. 08:30-17:00")
    begin, finish = _clock(start, "start"), _clock(end, "end")
    if begin >= finish:
        raise ValueError(f"the start {begin:%H:%M} must come before the end {finish:%H:%M}")
    return begin, finish


def check_minutes(raw: object) -> int:
    """Return a whole number of minutes from 0 to 1440."""
    if isinstance(raw, bool) or not isinstance(raw, int | str) or not str(raw).strip().isdigit():
        raise ValueError(f"{raw!r} is not a whole number of minutes")
    value = int(str(raw).strip())
    if value > MAX_MINUTES:
        raise ValueError(f"{value} is more than {MAX_MINUTES} minutes (a day)")
    return value


def check_yes_no(raw: object) -> bool:
    """Return True for yes/true/on/1 and False for no/false/off/0."""
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("yes", "true", "on", "1"):
        return True
    if text in ("no", "false", "off", "0"):
        return False
    raise ValueError(f"{raw!r} is not yes or no")


def check_all_day_hours(raw: object) -> int:
    """Return the minutes a counted all-day day is worth: 0.25 to 24 hours, to the whole minute."""
    try:
        hours = Decimal(str(raw).strip()) if not isinstance(raw, bool) else None
    except InvalidOperation:
        hours = None
    if hours is None or not hours.is_finite():
        raise ValueError(f"{raw!r} is not a number of hours such as 8 or 7.5")
    if not Decimal("0.25") <= hours <= 24:
        raise ValueError(f"{hours} is not between 0.25 and 24 hours")
    return int((hours * 60).to_integral_value())


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
