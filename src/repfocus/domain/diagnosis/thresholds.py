"""Diagnosis thresholds: the packaged TOML defaults, merged with an organization's overrides."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from repfocus.domain.diagnosis.model import SEVERITIES


class ThresholdsInvalid(ValueError):
    """An override names an unknown threshold or gives a value of the wrong shape."""


@dataclass(frozen=True, slots=True)
class Cut:
    """Scores from which a finding is low, medium or high (a higher score is worse)."""

    low: float
    medium: float
    high: float

    def grade(self, score: float | None) -> str | None:
        """Return the severity of `score`; None when it is below the low cut or unknown."""
        if score is None:
            return None
        for severity in reversed(SEVERITIES):
            if score >= getattr(self, severity):
                return severity
        return None


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Every diagnosis threshold, by section and key, as in src/repfocus/data/diagnosis.toml."""

    data: Mapping[str, Mapping[str, Any]]

    def cut(self, section: str, key: str) -> Cut:
        value = self.data[section][key]
        return Cut(float(value["low"]), float(value["medium"]), float(value["high"]))

    def num(self, section: str, key: str) -> float:
        return float(self.data[section][key])


def default_text() -> str:
    """Return the packaged default thresholds file."""
    return (resources.files("repfocus") / "data" / "diagnosis.toml").read_text(encoding="utf-8")


def load_thresholds(override: str | None = None, *, source: str = "override") -> Thresholds:
    """Return the defaults with `override` (TOML text, same shape, only changed keys) laid over them."""
    defaults = tomllib.loads(default_text())
    if override is None:
        return Thresholds(defaults)
    try:
        changes = tomllib.loads(override)
    except tomllib.TOMLDecodeError as exc:
        raise ThresholdsInvalid(f"{source}: not valid TOML: {exc}") from exc
    merged = {section: dict(values) for section, values in defaults.items()}
    for section, values in changes.items():
        if section not in defaults or not isinstance(values, dict):
            raise ThresholdsInvalid(f"{source}: unknown section [{section}]; known: {sorted(defaults)}")
        for key, value in values.items():
            if key not in defaults[section]:
                raise ThresholdsInvalid(f"{source}: [{section}] has no threshold {key!r}")
            merged[section][key] = _checked(source, section, key, defaults[section][key], value)
    return Thresholds(merged)


def _checked(source: str, section: str, key: str, default: Any, value: Any) -> Any:
    where = f"{source}: [{section}] {key}"
    if isinstance(default, dict):
        if not isinstance(value, dict) or set(value) != {"low", "medium", "high"}:
            raise ThresholdsInvalid(f"{where} must be a table {{ low = .., medium = .., high = .. }}")
        numbers = [value[s] for s in SEVERITIES]
        if not all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers):
            raise ThresholdsInvalid(f"{where}: low, medium and high must be numbers")
        if not numbers[0] <= numbers[1] <= numbers[2]:
            raise ThresholdsInvalid(f"{where}: need low <= medium <= high, got {numbers}")
        return value
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise ThresholdsInvalid(f"{where} must be a number >= 0, got {value!r}")
    return value
