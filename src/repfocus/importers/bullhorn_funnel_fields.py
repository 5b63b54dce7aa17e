"""Bullhorn field values: ids, text, person names, flags, whole numbers, money and dates (epoch
milliseconds in REST; CSV may also give ISO dates or Bullhorn's `M/D/YY HH:MM`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

_DATE_FORMATS = ("%m/%d/%y %H:%M", "%m/%d/%Y %H:%M", "%m/%d/%y", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S")


class FieldInvalid(Exception):
    """A field's value cannot be read; `field` names it and `reason` says why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


def ref(value: Any) -> str | None:
    """Return a Bullhorn id as text (1.0 -> "1"), at most 64 characters; None when empty."""
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()[:64] or None


def text_of(value: Any, limit: int) -> str | None:
    """Return the text with its whitespace collapsed, cut to `limit`; None when empty."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text[:limit] or None


def person_name(row: Mapping[str, Any], prefix: str) -> str | None:
    """Return `prefix.firstName prefix.lastName`, or `prefix.name`; None when neither is given."""
    parts = [str(row.get(f"{prefix}.{k}") or "").strip() for k in ("firstName", "lastName")]
    return " ".join(p for p in parts if p)[:200] or text_of(row.get(f"{prefix}.name"), 200)


def flag(value: Any, name: str) -> bool | None:
    """Return true/false from a boolean, 1/0, yes/no or y/n; None when absent."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y"):
        return True
    if text in ("0", "false", "no", "n"):
        return False
    raise FieldInvalid(name, f"{value!r} is not true or false")


def whole_number(value: Any, name: str) -> int | None:
    """Return a whole number of zero or more; None when absent."""
    if value is None:
        return None
    try:
        number = int(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        raise FieldInvalid(name, f"{value!r} is not a whole number") from None
    if number < 0:
        raise FieldInvalid(name, f"{number} is negative")
    return number


def money(value: Any, name: str) -> Decimal | None:
    """Return an amount as Decimal ("$1,200.50" too), below ten billion; None when absent."""
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).replace("$", "").replace(",", "").strip())
    except InvalidOperation:
        raise FieldInvalid(name, f"{value!r} is not a number") from None
    if not amount.is_finite() or abs(amount) >= Decimal("1e10"):
        raise FieldInvalid(name, f"{value!r} is not a usable amount")
    return amount


def moment(value: Any, name: str) -> datetime | None:
    """Return an aware UTC time from epoch milliseconds (REST), ISO 8601, or Bullhorn's M/D/YY HH:MM
    (read as UTC); None when absent."""
    if value is None:
        return None
    if (isinstance(value, int | float) and not isinstance(value, bool)) or str(value).strip().isdecimal():
        ms = int(float(value))
        if not 10**11 <= ms < 10**14:
            raise FieldInvalid(name, f"{value} is not epoch milliseconds between 1973 and 5138")
        return datetime.fromtimestamp(ms / 1000, UTC)
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        for fmt in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise FieldInvalid(
                name, f"{text!r} is not a date (epoch ms, YYYY-MM-DD or M/D/YY HH:MM)"
            ) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
