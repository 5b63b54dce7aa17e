"""The bullseye: which accounts and buyers a rep should spend selling time on.

An account scores the weights of the ideal-account criteria it meets, divided by the weights of the
criteria that are set; the score (0..1) maps to tier A, B, C or off by thresholds. Target personas
are the buyers selling time should go to; avoided personas are the ones it should not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from repfocus.domain.taxonomy import ACCOUNT_STATUSES, JOB_TYPES, PERSONAS

CRITERIA: Final = ("industries", "employee_ranges", "regions", "tech_tags", "statuses")
DEFAULT_TARGET_PERSONAS: Final = ("it_hiring_manager", "it_executive")
DEFAULT_AVOID_PERSONAS: Final = ("hr_recruiter", "procurement")
ON_TARGET_TIERS: Final = ("A", "B")


class BullseyeInvalid(ValueError):
    """A bullseye definition breaks a rule; the message names the field and the reason."""


@dataclass(frozen=True, slots=True)
class EmployeeRange:
    """Inclusive head-count range; `high` None means no upper bound. Written "200-5000" or "5000+"."""

    low: int
    high: int | None

    def contains(self, count: int) -> bool:
        """Return True when `count` lies in the range."""
        return count >= self.low and (self.high is None or count <= self.high)

    def __str__(self) -> str:
        return f"{self.low}+" if self.high is None else f"{self.low}-{self.high}"

    @classmethod
    def parse(cls, text: str) -> EmployeeRange:
        """Return the range written as "LOW-HIGH" or "LOW+"."""
        raw = str(text).strip().replace(" ", "")
        try:
            if raw.endswith("+"):
                return cls(int(raw[:-1]), None)
            low, high = raw.split("-", 1)
            if int(high) < int(low):
                raise BullseyeInvalid(f"employee_ranges: {text!r} ends below its start")
            return cls(int(low), int(high))
        except (ValueError, TypeError) as exc:
            if isinstance(exc, BullseyeInvalid):
                raise
            raise BullseyeInvalid(
                f"employee_ranges: {text!r} is not a range; write LOW-HIGH or LOW+ (e.g. 200-5000)"
            ) from exc


@dataclass(frozen=True, slots=True)
class Criterion:
    """One ideal-account criterion: the values that match and the weight a match earns."""

    values: tuple[str, ...] = ()
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class AccountFacts:
    """What the bullseye looks at in an account."""

    industry: str | None = None
    employee_count: int | None = None
    region: str | None = None
    tech_tags: tuple[str, ...] = ()
    status: str | None = None


def _fold(value: str | None) -> str:
    return (value or "").strip().casefold()


@dataclass(frozen=True, slots=True)
class Bullseye:
    """Ideal-account criteria with weights, tier thresholds, target and avoided personas, placement mix."""

    criteria: Mapping[str, Criterion] = field(default_factory=dict)
    thresholds: Mapping[str, float] = field(default_factory=lambda: {"A": 0.75, "B": 0.5, "C": 0.25})
    target_personas: tuple[str, ...] = DEFAULT_TARGET_PERSONAS
    avoid_personas: tuple[str, ...] = DEFAULT_AVOID_PERSONAS
    placement_mix: Mapping[str, float] = field(default_factory=lambda: {"contract": 0.6})

    def score(self, account: AccountFacts) -> float:
        """Return the matched criteria's weight over the weight of every criterion set (0 when none set)."""
        total = matched = 0.0
        for name, criterion in self.criteria.items():
            if not criterion.values or criterion.weight <= 0:
                continue
            total += criterion.weight
            if _matches(name, criterion.values, account):
                matched += criterion.weight
        return round(matched / total, 6) if total else 0.0

    def tier(self, account: AccountFacts) -> str:
        """Return A, B or C for the first threshold the score reaches, else off."""
        score = self.score(account)
        for tier in ("A", "B", "C"):
            if score >= self.thresholds[tier] and (self.thresholds[tier] > 0 or score > 0):
                return tier
        return "off"

    def as_dict(self) -> dict[str, Any]:
        """Return the plain shape used by TOML files, the API and storage."""
        return {
            "target_personas": list(self.target_personas),
            "avoid_personas": list(self.avoid_personas),
            "placement_mix": dict(self.placement_mix),
            "thresholds": dict(self.thresholds),
            "criteria": {
                name: {"values": list(c.values), "weight": c.weight} for name, c in self.criteria.items()
            },
        }


def _matches(name: str, values: Sequence[str], account: AccountFacts) -> bool:
    if name == "employee_ranges":
        if account.employee_count is None:
            return False
        return any(EmployeeRange.parse(v).contains(account.employee_count) for v in values)
    wanted = {_fold(v) for v in values}
    if name == "tech_tags":
        return bool(wanted & {_fold(t) for t in account.tech_tags})
    actual = {"industries": account.industry, "regions": account.region, "statuses": account.status}[name]
    return _fold(actual) in wanted


def _strings(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise BullseyeInvalid(f"{where}{key}: must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _number(value: Any, where: str, *, low: float, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BullseyeInvalid(f"{where}: must be a number, got {value!r}")
    if value < low or (high is not None and value > high):
        bound = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
        raise BullseyeInvalid(f"{where}: must be {bound}, got {value!r}")
    return float(value)


def _personas(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    personas = _strings(data, key, "")
    for p in personas:
        if p not in PERSONAS:
            raise BullseyeInvalid(f"{key}: unknown persona {p!r}; known: {', '.join(PERSONAS)}")
    return personas


def bullseye_from_dict(data: Mapping[str, Any]) -> Bullseye:
    """Return the bullseye described by `data` (the as_dict shape); missing parts take the defaults."""
    if not isinstance(data, Mapping):
        raise BullseyeInvalid("bullseye: must be a table/object")
    known = {"target_personas", "avoid_personas", "placement_mix", "thresholds", "criteria"}
    if unknown := sorted(set(data) - known):
        raise BullseyeInvalid(f"{unknown[0]}: unknown field; known: {', '.join(sorted(known))}")
    default = Bullseye()
    criteria: dict[str, Criterion] = {}
    raw_criteria = data.get("criteria", {})
    if not isinstance(raw_criteria, Mapping):
        raise BullseyeInvalid("criteria: must be a table of criteria")
    for name, raw in raw_criteria.items():
        if name not in CRITERIA:
            raise BullseyeInvalid(f"criteria.{name}: unknown criterion; known: {', '.join(CRITERIA)}")
        if not isinstance(raw, Mapping):
            raise BullseyeInvalid(f"criteria.{name}: must be a table with values and weight")
        values = _strings(raw, "values", f"criteria.{name}.")
        if name == "employee_ranges":
            values = tuple(str(EmployeeRange.parse(v)) for v in values)
        if name == "statuses":
            for v in values:
                if v not in ACCOUNT_STATUSES:
                    raise BullseyeInvalid(
                        f"criteria.statuses: unknown status {v!r}; known: {', '.join(ACCOUNT_STATUSES)}"
                    )
        weight = _number(raw.get("weight", 1.0), f"criteria.{name}.weight", low=0)
        criteria[name] = Criterion(values, weight)
    thresholds = dict(default.thresholds)
    raw_thresholds = data.get("thresholds", {})
    if not isinstance(raw_thresholds, Mapping):
        raise BullseyeInvalid("thresholds: must be a table with A, B and C")
    for tier, value in raw_thresholds.items():
        if tier not in thresholds:
            raise BullseyeInvalid(f"thresholds.{tier}: unknown tier; use A, B and C")
        thresholds[tier] = _number(value, f"thresholds.{tier}", low=0, high=1)
    if not thresholds["A"] >= thresholds["B"] >= thresholds["C"]:
        raise BullseyeInvalid("thresholds: must satisfy A >= B >= C")
    target = _personas(data, "target_personas") if "target_personas" in data else default.target_personas
    avoid = _personas(data, "avoid_personas") if "avoid_personas" in data else default.avoid_personas
    if both := sorted(set(target) & set(avoid)):
        raise BullseyeInvalid(f"avoid_personas: {both[0]!r} is also a target persona")
    mix: dict[str, float] = dict(default.placement_mix)
    if "placement_mix" in data:
        raw_mix = data["placement_mix"]
        if not isinstance(raw_mix, Mapping):
            raise BullseyeInvalid("placement_mix: must be a table of job type = share")
        mix = {}
        for job_type, share in raw_mix.items():
            if job_type not in JOB_TYPES:
                raise BullseyeInvalid(
                    f"placement_mix.{job_type}: unknown job type; known: {', '.join(JOB_TYPES)}"
                )
            mix[job_type] = _number(share, f"placement_mix.{job_type}", low=0, high=1)
        if sum(mix.values()) > 1.0001:
            raise BullseyeInvalid("placement_mix: shares add up to more than 1")
    return Bullseye(criteria, thresholds, target, avoid, mix)


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "[" + ", ".join(_toml_value(v) for v in value) + "]"


def bullseye_to_toml(bullseye: Bullseye) -> str:
    """Return the bullseye as a TOML document that bullseye_from_dict(tomllib.loads(...)) reads back."""
    data = bullseye.as_dict()
    lines = ["# RepFocus bullseye: ideal accounts, target buyers and placement mix", ""]
    lines += [f"{k} = {_toml_value(data[k])}" for k in ("target_personas", "avoid_personas")]
    for table in ("placement_mix", "thresholds"):
        lines += ["", f"[{table}]", *(f"{k} = {_toml_value(v)}" for k, v in data[table].items())]
    for name, crit in data["criteria"].items():
        lines += [
            "",
            f"[criteria.{name}]",
            f"weight = {_toml_value(crit['weight'])}",
            f"values = {_toml_value(crit['values'])}",
        ]
    return "\n".join(lines) + "\n"
