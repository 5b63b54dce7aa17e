"""A reporting period: an inclusive range of local calendar days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# The days a report, export or filter may name: far enough for any real report, near enough that week
# arithmetic around them (the Monday before, 13 weeks back) stays on the calendar.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


class PeriodInvalid(ValueError):
    """The period's end lies before its start."""


@dataclass(frozen=True, slots=True)
class Period:
    """Inclusive range of days [start, end] in the organization's time zone."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodInvalid(f"period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def last_weeks(cls, weeks: int, *, today: date) -> Period:
        """Return the last `weeks` whole Monday-to-Sunday weeks ending with the week that holds `today`;
        PeriodInvalid when those weeks run off the calendar (before year 1 or after 9999)."""
        monday = today - timedelta(days=today.weekday())
        try:
            return cls(monday - timedelta(weeks=weeks - 1), monday + timedelta(days=6))
        except OverflowError as exc:  # found by schemathesis: `to=0001-01-02` or `to=9999-12-31`
            raise PeriodInvalid(
                f"no {weeks} whole weeks end on {today}; give dates between 1900 and 9000"
            ) from exc

    @property
    def days(self) -> int:
        """Return the number of days in the period."""
        return (self.end - self.start).days + 1

    def weeks(self) -> list[date]:
        """Return the Monday of each week that overlaps the period, in order."""
        monday = self.start - timedelta(days=self.start.weekday())
        out = []
        while monday <= self.end:
            out.append(monday)
            monday += timedelta(weeks=1)
        return out

    def as_dict(self) -> dict[str, str]:
        """Return {"from": ISO date, "to": ISO date}, the shape every report uses."""
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}
