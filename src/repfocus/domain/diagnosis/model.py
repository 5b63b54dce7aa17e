"""Value objects of the diagnosis: signals measured per rep and period, and the findings drawn from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from repfocus.domain.period import Period

CAUSES: Final = ("direction", "knowledge_tools", "competencies", "motivation", "dna")
SEVERITIES: Final = ("low", "medium", "high")
SEVERITY_RANK: Final = {"low": 1, "medium": 2, "high": 3}
CAUSE_LABELS: Final = {
    "direction": "Direction",
    "knowledge_tools": "Knowledge & tools",
    "competencies": "Competencies",
    "motivation": "Motivation",
    "dna": "DNA",
}

# Signal names: one per measurement the rules read.
SELLING_SHARE: Final = "selling_share"
ON_TARGET_SHARE: Final = "on_target_share"
BULLSEYE_ACCOUNT_SHARE: Final = "bullseye_account_share"
OFF_PRIORITY_SHARE: Final = "off_priority_share"
TARGET_PERSONA_SHARE: Final = "target_persona_share"
CONTENT_SHARE: Final = "content_share"
PLAYBOOK_USE: Final = "playbook_use"
ACTIVITY_TREND: Final = "activity_trend"
CADENCE_ADHERENCE: Final = "cadence_adherence"
NEW_LOGO_SHARE: Final = "new_logo_share"
WEAKEST_FUNNEL_STAGE: Final = "weakest_funnel_stage"
FOLLOW_UP_PERSISTENCE: Final = "follow_up_persistence"
PLACEMENT_MIX: Final = "placement_mix"
SIGNAL_NAMES: Final = (
    SELLING_SHARE,
    ON_TARGET_SHARE,
    BULLSEYE_ACCOUNT_SHARE,
    OFF_PRIORITY_SHARE,
    TARGET_PERSONA_SHARE,
    CONTENT_SHARE,
    PLAYBOOK_USE,
    ACTIVITY_TREND,
    CADENCE_ADHERENCE,
    NEW_LOGO_SHARE,
    WEAKEST_FUNNEL_STAGE,
    FOLLOW_UP_PERSISTENCE,
    PLACEMENT_MIX,
)


@dataclass(frozen=True, slots=True)
class Signal:
    """One measured number for a rep and period, beside its target, team median or published benchmark.

    `value` is None exactly when there was no data; `missing` then says why, and the rules leave the
    signal out of every score (no placeholder values).
    """

    name: str
    value: float | None
    target: float | None = None
    median: float | None = None
    benchmark: float | None = None
    extra: Mapping[str, float | str] = field(default_factory=dict)
    missing: str | None = None

    @classmethod
    def absent(cls, name: str, reason: str) -> Signal:
        """Return a signal that has no data, saying why."""
        return cls(name=name, value=None, missing=reason)

    @property
    def has_data(self) -> bool:
        return self.value is not None

    def count(self, key: str) -> float:
        """Return a numeric detail from `extra` (0 when absent): how many contacts, placements, weeks."""
        value = self.extra.get(key, 0)
        return float(value) if isinstance(value, int | float) else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "target": self.target,
            "median": self.median,
            "benchmark": self.benchmark,
            "extra": dict(self.extra),
            "missing": self.missing,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Signal:
        return cls(
            name=str(data["name"]),
            value=data.get("value"),
            target=data.get("target"),
            median=data.get("median"),
            benchmark=data.get("benchmark"),
            extra=dict(data.get("extra") or {}),
            missing=data.get("missing"),
        )


@dataclass(frozen=True, slots=True)
class RepSignals:
    """Every signal of one rep for one period, and the causes already addressed (remedy task done)."""

    email: str
    name: str
    team: str | None
    period: Period
    signals: Mapping[str, Signal]
    addressed: frozenset[str] = frozenset()
    selling_touches: int = 0

    def get(self, name: str) -> Signal:
        """Return the named signal; an absent one when it was not measured at all."""
        return self.signals.get(name) or Signal.absent(name, "not measured")


@dataclass(frozen=True, slots=True)
class Remedy:
    """A concrete fix for a cause; `due_in_days` sets the follow-up task's default due date."""

    code: str
    cause: str
    text: str
    due_in_days: int

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "cause": self.cause, "text": self.text, "due_in_days": self.due_in_days}


@dataclass(frozen=True, slots=True)
class Finding:
    """A cause found for a rep (or the organization) with its severity, confidence and evidence."""

    cause: str
    severity: str
    confidence: float
    evidence: tuple[str, ...]
    remedies: tuple[Remedy, ...]
    signals: tuple[str, ...] = ()
    code: str = ""
    strength: float = 0.0

    @property
    def rank_key(self) -> tuple[int, float, float, int]:
        """Return the sort key: worst severity, then clearest signal, then confidence, then cause."""
        return (-SEVERITY_RANK[self.severity], -self.strength, -self.confidence, CAUSES.index(self.cause))

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "cause": self.cause,
            "severity": self.severity,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
            "remedies": [r.as_dict() for r in self.remedies],
        }
        if self.code:
            out["code"] = self.code
        return out


def rank(findings: list[Finding]) -> list[Finding]:
    """Return findings ordered most severe and most certain first; causes co-occur, none is dropped."""
    return sorted(findings, key=lambda f: f.rank_key)


def period_label(period: Period) -> str:
    """Return the period as it appears at the end of every evidence line."""
    return f"{_d(period.start)} to {_d(period.end)}"


def _d(day: date) -> str:
    return day.isoformat()
