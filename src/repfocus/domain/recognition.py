"""Recognition programs (President's Club and the like): a window and criteria every one of which a rep
must reach, each a count or minutes of one activity category or a whole bucket; standings explain how
far each rep is from qualifying and whether they are on pace.

A rep qualifies when every criterion is met. Progress on a criterion is its value over its threshold,
capped at 1; a rep's overall progress is the mean of those, and they are on pace while it is at least
the share of the window gone by (a rep at 40% with half the year gone is behind).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from repfocus.domain.period import FIRST_DAY, LAST_DAY
from repfocus.domain.taxonomy import BUCKETS, CATEGORIES

MEASURES = ("count", "minutes")
MAX_CRITERIA = 5
MAX_NAME = 120
MAX_DESCRIPTION = 1_000
MAX_THRESHOLD = 10_000_000
MAX_DAYS = 731  # two years: longer programs are not recognition of this year's work


class RecognitionInvalid(ValueError):
    """A program breaks a rule; `field` names the input at fault (criteria[1].at_least)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Criterion:
    """At least `at_least` of `measure` (count or minutes) of `what`: a category or a bucket."""

    what: str
    measure: str
    at_least: int

    @property
    def categories(self) -> tuple[str, ...]:
        return BUCKETS.get(self.what, (self.what,))

    def label(self) -> str:
        """Return the criterion in words: "40 prospect meetings", "6,000 minutes of selling"."""
        what = self.what.replace("_", " ")
        if self.measure == "minutes":
            return f"{self.at_least:,} minutes of {what}"
        return f"{self.at_least:,} × {what}"

    def as_dict(self) -> dict[str, Any]:
        return {"what": self.what, "measure": self.measure, "at_least": self.at_least}


@dataclass(frozen=True, slots=True)
class Program:
    name: str
    starts_on: date
    ends_on: date
    criteria: tuple[Criterion, ...]
    description: str = ""

    def elapsed(self, today: date) -> float:
        """Return the share of the window gone by on `today` (0 before it starts, 1 after it ends)."""
        if today < self.starts_on:
            return 0.0
        days = (self.ends_on - self.starts_on).days + 1
        return min(1.0, ((today - self.starts_on).days + 1) / days)


@dataclass(frozen=True, slots=True)
class Progress:
    criterion: Criterion
    value: int

    @property
    def met(self) -> bool:
        return self.value >= self.criterion.at_least

    @property
    def share(self) -> float:
        return min(1.0, self.value / self.criterion.at_least)


@dataclass(frozen=True, slots=True)
class Standing:
    """How far one rep is: progress on every criterion."""

    progress: tuple[Progress, ...]

    @property
    def qualified(self) -> bool:
        return all(p.met for p in self.progress)

    @property
    def share(self) -> float:
        return sum(p.share for p in self.progress) / len(self.progress) if self.progress else 0.0

    def on_pace(self, elapsed: float) -> bool:
        """True when qualified, or the overall progress is at least the share of the window gone by."""
        return self.qualified or self.share >= elapsed


def standing(program: Program, *, minutes: Mapping[str, int], counts: Mapping[str, int]) -> Standing:
    """Return a rep's standing from their minutes and counts per category over the program's window."""
    progress = []
    for c in program.criteria:
        source = minutes if c.measure == "minutes" else counts
        progress.append(Progress(c, sum(source.get(cat, 0) for cat in c.categories)))
    return Standing(tuple(progress))


def ranked(standings: Sequence[tuple[Any, Standing]]) -> list[tuple[Any, Standing]]:
    """Return the standings qualified first, then by overall progress, highest first (stable otherwise)."""
    return sorted(standings, key=lambda pair: (not pair[1].qualified, -pair[1].share))


def _day(field: str, value: Any) -> date:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise RecognitionInvalid(field, f"{value!r} is not a date; write it as YYYY-MM-DD") from exc
    if not FIRST_DAY <= day <= LAST_DAY:
        raise RecognitionInvalid(field, f"{day} is outside the years {FIRST_DAY.year}-{LAST_DAY.year}")
    return day


def check_criterion(data: Any, *, field: str = "criteria[0]") -> Criterion:
    """Return the criterion in `data` ({what, measure, at_least}); RecognitionInvalid naming the field when
    `what` is neither a category nor a bucket, the measure is not count or minutes, or the threshold is not
    a whole number from 1 up."""
    if not isinstance(data, Mapping):
        raise RecognitionInvalid(field, "must be a table with what, measure and at_least")
    unknown = sorted(set(data) - {"what", "measure", "at_least"})
    if unknown:
        raise RecognitionInvalid(f"{field}.{unknown[0]}", "unknown field; use what, measure, at_least")
    what = str(data.get("what") or "").strip()
    if what not in CATEGORIES and what not in BUCKETS:
        raise RecognitionInvalid(
            f"{field}.what", f"{what!r} is neither an activity category nor a bucket ({', '.join(BUCKETS)})"
        )
    measure = str(data.get("measure") or "count").strip()
    if measure not in MEASURES:
        raise RecognitionInvalid(f"{field}.measure", f"{measure!r} is not count or minutes")
    raw = data.get("at_least")
    text = str(raw).strip() if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
    at_least = int(text) if text.isdecimal() else -1
    if not 1 <= at_least <= MAX_THRESHOLD:
        raise RecognitionInvalid(
            f"{field}.at_least", f"{raw!r} is not a whole number from 1 to {MAX_THRESHOLD:,}"
        )
    return Criterion(what, measure, at_least)


def check_program(data: Mapping[str, Any]) -> Program:
    """Return the program in `data` (name, starts_on, ends_on, criteria, description); RecognitionInvalid
    naming the field when the name is empty or long, the window ends before it starts or spans more than two
    years, there is no criterion or more than MAX_CRITERIA, one is bad or repeated, or a key is unknown."""
    allowed = {"name", "starts_on", "ends_on", "criteria", "description"}
    if unknown := sorted(set(data) - allowed):
        raise RecognitionInvalid(unknown[0], f"unknown field; use {', '.join(sorted(allowed))}")
    name = str(data.get("name") or "").strip()
    if not name:
        raise RecognitionInvalid("name", "is empty; give the program a name")
    if len(name) > MAX_NAME:
        raise RecognitionInvalid("name", f"is {len(name)} characters long; at most {MAX_NAME}")
    start, end = _day("starts_on", data.get("starts_on")), _day("ends_on", data.get("ends_on"))
    if end < start:
        raise RecognitionInvalid("ends_on", f"{end} is before starts_on ({start})")
    if (end - start).days + 1 > MAX_DAYS:
        raise RecognitionInvalid(
            "ends_on", f"the window is {(end - start).days + 1} days; at most {MAX_DAYS}"
        )
    raw = data.get("criteria")
    if not isinstance(raw, list) or not raw:
        raise RecognitionInvalid("criteria", "give at least one criterion (what a rep must reach)")
    if len(raw) > MAX_CRITERIA:
        raise RecognitionInvalid("criteria", f"{len(raw)} criteria; at most {MAX_CRITERIA}")
    criteria = tuple(check_criterion(c, field=f"criteria[{i}]") for i, c in enumerate(raw))
    seen: set[tuple[str, str]] = set()
    for i, c in enumerate(criteria):
        if (c.what, c.measure) in seen:
            raise RecognitionInvalid(f"criteria[{i}]", f"{c.measure} of {c.what} is already a criterion")
        seen.add((c.what, c.measure))
    description = str(data.get("description") or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise RecognitionInvalid(
            "description", f"is {len(description)} characters long; at most {MAX_DESCRIPTION}"
        )
    return Program(name, start, end, criteria, description)
