"""Local calendar days of UTC instants in one time zone, worked out once per quarter hour.

An import finds the local day of every activity it rolls up; ZoneInfo's conversion costs more than the
rest of that row's rollup bookkeeping, and a file's times crowd into few quarter hours of a day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
QUARTER = 900_000_000  # a quarter hour in microseconds
_WHOLE_QUARTERS = timedelta(minutes=15)


def micros(at: datetime) -> int:
    """Return an aware datetime as whole microseconds since the epoch."""
    return (at - EPOCH) // MICROSECOND


class LocalDays:
    """The local day of UTC instants (microseconds since the epoch) in `zone`, remembered per quarter hour.

    Every offset in use since 1972 is a whole number of quarter hours, so local midnight falls on a quarter
    hour of UTC time and a quarter hour lies inside one local day: its day is worked out once. A quarter
    hour in which the offset changes (or whose offset is not whole quarter hours) is worked out instant by
    instant. Fast path: `by_quarter.get(us // QUARTER)`, then day(us) when that is None.
    """

    def __init__(self, zone: tzinfo, *, limit: int = 100_000) -> None:
        self.zone = zone
        self.limit = limit  # quarter hours remembered (about 11 MB); forgotten all at once beyond
        self.by_quarter: dict[int, date] = {}
        self._days: dict[date, date] = {}  # one object per day: rollup keys share it

    def day(self, us: int) -> date:
        """Return the local day of the instant `us` (and remember its quarter hour's when it can)."""
        quarter = us // QUARTER
        start = EPOCH + quarter * QUARTER * MICROSECOND
        first = start.astimezone(self.zone)
        last = (start + (QUARTER - 1) * MICROSECOND).astimezone(self.zone)
        offset = first.utcoffset()
        if offset is None or offset != last.utcoffset() or offset % _WHOLE_QUARTERS:
            return (EPOCH + us * MICROSECOND).astimezone(self.zone).date()
        if len(self.by_quarter) >= self.limit:
            self.by_quarter.clear()
            self._days.clear()
        day = first.date()
        day = self.by_quarter[quarter] = self._days.setdefault(day, day)
        return day
