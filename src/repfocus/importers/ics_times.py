"""Calendar times: aware, floating and date-only values read into UTC, and the stable stamp of a
recurrence id."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo


def to_utc(value: Any, zone: ZoneInfo) -> datetime:
    """Aware times convert; floating times and dates are read in the organization's zone."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def naive(value: datetime) -> datetime:
    """Return `value` without its zone (recurring-ical-events compares spans as naive times)."""
    return value.replace(tzinfo=None)


def recurrence_stamp(value: Any) -> str:
    """The recurrence id as recurring-ical-events normalises it (UTC, no zone), so an instance keeps its
    id when it is later moved (RECURRENCE-ID) and when it is not."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y%m%dT%H%M%S")
