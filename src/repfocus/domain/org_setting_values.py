"""The rules one organization setting's value must meet, each a function that returns the value read or
raises ValueError with the reason (the service names the key)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time
from decimal import Decimal, InvalidOperation
from functools import cache
from zoneinfo import available_timezones

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_MINUTES = 24 * 60
MAX_NAME = 200

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
    if isinstance(raw, bool) or not isinstance(raw, int | str) or not str(raw).strip().isdecimal():
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
