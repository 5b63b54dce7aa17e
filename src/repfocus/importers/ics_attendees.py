"""Calendar attendees: who was invited, who is a person, and whether the rep declined."""

from __future__ import annotations

from typing import Any


def as_list(value: Any) -> list[Any]:
    """Return a property that may repeat (ATTENDEE) as a list: none, one or many."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def email_of(address: Any) -> str:
    """Return the lower-case email of a mailto: address; empty when it holds none."""
    text = str(address).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.strip().lower() if "@" in text else ""


def is_person(attendee: Any) -> bool:
    """Return True unless the attendee is a room or a resource (CUTYPE)."""
    params = getattr(attendee, "params", {})
    return str(params.get("CUTYPE", "INDIVIDUAL")).upper() in ("INDIVIDUAL", "GROUP", "UNKNOWN")


def declined_by(component: Any, rep: str) -> bool:
    """Return True when the rep is an attendee whose answer is PARTSTAT=DECLINED."""
    return any(
        email_of(attendee) == rep and str(attendee.params.get("PARTSTAT", "")).upper() == "DECLINED"
        for attendee in as_list(component.get("ATTENDEE"))
    )


def others(component: Any, rep: str) -> tuple[str, ...]:
    """Return the emails of the people at the event besides the rep (organizer last), each once."""
    people = [email_of(a) for a in as_list(component.get("ATTENDEE")) if is_person(a)]
    organizer = component.get("ORGANIZER")
    if organizer is not None:
        people.append(email_of(organizer))
    return tuple(dict.fromkeys(p for p in people if p and p != rep))
