"""Targets the leader sets: selling-time share, weekly cadence counts, on-target share, placement mix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from repfocus.domain.taxonomy import BUCKETS, CATEGORIES, JOB_TYPES

METRICS: Final = ("bucket_share", "weekly_count", "on_target_share", "placement_mix")


class TargetInvalid(ValueError):
    """A target names an unknown metric or key, or its value is out of range."""


@dataclass(frozen=True, slots=True)
class TargetValue:
    """One target: metric, key (bucket, category or job type; '' for on_target_share) and value."""

    metric: str
    key: str
    value: float

    @property
    def label(self) -> str:
        return self.metric if not self.key else f"{self.metric}.{self.key}"


def check_target(metric: str, key: str, value: float) -> TargetValue:
    """Return the target when metric, key and value are valid: shares lie in 0..1, counts are >= 0."""
    keys: dict[str, tuple[str, ...]] = {
        "bucket_share": tuple(BUCKETS),
        "weekly_count": CATEGORIES,
        "on_target_share": ("",),
        "placement_mix": JOB_TYPES,
    }
    if metric not in keys:
        raise TargetInvalid(f"{metric}: unknown metric; known: {', '.join(METRICS)}")
    if key not in keys[metric]:
        known = ", ".join(k for k in keys[metric] if k) or "none (write just on_target_share)"
        raise TargetInvalid(f"{metric}.{key}: unknown key for {metric}; known: {known}")
    if metric == "weekly_count":
        if value < 0 or value > 10_000:
            raise TargetInvalid(f"{metric}.{key}: a weekly count must be between 0 and 10000, got {value:g}")
    elif not 0 <= value <= 1:
        raise TargetInvalid(
            f"{metric}{'.' + key if key else ''}: a share must be between 0 and 1, got {value:g}"
        )
    return TargetValue(metric, key, float(value))


def parse_assignment(text: str) -> TargetValue:
    """Return the target written as METRIC[.KEY]=VALUE, e.g. weekly_count.prospecting_call=50."""
    name, sep, raw = text.partition("=")
    if not sep:
        raise TargetInvalid(f"{text!r}: write METRIC[.KEY]=VALUE, e.g. bucket_share.selling=0.4")
    metric, _, key = name.strip().partition(".")
    raw = raw.strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError as exc:
        raise TargetInvalid(f"{name.strip()}: {raw!r} is not a number") from exc
    return check_target(metric, key, value)
