"""Arithmetic the measures share: ratios, medians, trend slopes and cadence adherence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import median as _median


def ratio(part: float, whole: float) -> float | None:
    """Return part / whole rounded to 4 places; None when the whole is zero (nothing to divide)."""
    return round(part / whole, 4) if whole else None


def median(values: Sequence[float | None]) -> float | None:
    """Return the median of the values that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return round(float(_median(present)), 4) if present else None


def slope(values: Sequence[float | None]) -> float | None:
    """Return the least-squares slope per step of the values that are not None; None with fewer than 2."""
    points = [(float(i), float(v)) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return round(sxy / sxx, 6)


def adherence(actual_per_week: float, target_per_week: float) -> float | None:
    """Return actual over target, capped at 1 (beating a cadence target earns no extra credit)."""
    if target_per_week <= 0:
        return None
    return round(min(actual_per_week / target_per_week, 1.0), 4)


def cadence_score(actual_per_week: Mapping[str, float], targets: Mapping[str, float]) -> float | None:
    """Return the mean capped adherence over the targets set; None when no target is set."""
    parts = [adherence(actual_per_week.get(k, 0.0), t) for k, t in targets.items()]
    present = [p for p in parts if p is not None]
    return round(sum(present) / len(present), 4) if present else None
