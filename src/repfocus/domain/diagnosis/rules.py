"""Rules: a rep's signals -> findings, one pure function per cause, thresholds from diagnosis.toml.

Each rule grades the signals of its cause (missing signals are skipped, never guessed), takes the worst
grade as the severity, and writes one evidence line per signal that fired: the number, its target or
team median, and the period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from repfocus.domain.diagnosis import model as m
from repfocus.domain.diagnosis.labels import STAGE_LABELS, pct, persona_label
from repfocus.domain.diagnosis.model import SEVERITY_RANK, Finding, RepSignals, Signal
from repfocus.domain.diagnosis.remedies import remedies_for
from repfocus.domain.diagnosis.thresholds import Cut, Thresholds

# The signals that must have data (and not fire) before a cause counts as ruled out for a rep.
PRIMARY: Final = {
    "direction": (m.BULLSEYE_ACCOUNT_SHARE, m.OFF_PRIORITY_SHARE, m.CADENCE_ADHERENCE, m.PLACEMENT_MIX),
    "knowledge_tools": (m.CONTENT_SHARE, m.PLAYBOOK_USE),
    "competencies": (m.TARGET_PERSONA_SHARE, m.WEAKEST_FUNNEL_STAGE),
    "motivation": (m.ACTIVITY_TREND, m.NEW_LOGO_SHARE),
    "dna": (m.FOLLOW_UP_PERSISTENCE,),
}


@dataclass(frozen=True, slots=True)
class Judgement:
    """One signal graded: its severity (None = within bounds), how far past the high cut, the line."""

    signal: str
    severity: str | None
    strength: float
    line: str


def relative_gap(value: float | None, reference: float | None) -> float | None:
    """Return how far `value` falls short of `reference`, as a share of it; None when either is unknown."""
    if value is None or reference is None or reference <= 0:
        return None
    return (reference - value) / reference


def shortfall_z(value: float | None, reference: float | None, n: float) -> float | None:
    """Return how many standard errors a rate observed over `n` entries lies below `reference`
    (binomial for rates up to 1, Poisson above); None when it cannot be computed."""
    if value is None or reference is None or n <= 0 or reference <= 0:
        return None
    expected, observed = reference * n, value * n
    variance = n * reference * (1 - reference) if reference < 1 else expected
    return (expected - observed) / variance**0.5 if variance > 0 else None


def _judge(signal: Signal, score: float | None, cut: Cut, line: str) -> Judgement:
    if signal.extra.get("median_of") == "organization":  # the team was too small for a team median
        line = line.replace("team median", "organization median")
    severity = cut.grade(score)
    strength = 0.0 if score is None or cut.high <= 0 else score / cut.high
    return Judgement(signal.name, severity, strength, line)


def _ref(s: Signal) -> str:
    parts = []
    if s.target is not None:
        parts.append(f"target {pct(s.target)}")
    if s.median is not None:
        parts.append(f"team median {pct(s.median)}")
    return "; ".join(parts)


def judge_direction(rs: RepSignals, th: Thresholds) -> list[Judgement]:
    """Direction: selling time spent off the bullseye, placements off the mix, cadence not kept."""
    period = m.period_label(rs.period)
    out = []
    s = rs.get(m.BULLSEYE_ACCOUNT_SHARE)
    if s.has_data and s.median is not None:
        out.append(
            _judge(
                s,
                relative_gap(s.value, s.median),
                th.cut("direction", "bullseye_gap"),
                f"{pct(s.value)} of selling time went to bullseye accounts (tier A/B); {_ref(s)}; {period}",
            )
        )
    s = rs.get(m.OFF_PRIORITY_SHARE)
    if s.has_data and s.median is not None:
        assert s.value is not None
        ratio_ok = s.value >= th.num("direction", "off_priority_min_ratio") * s.median
        out.append(
            _judge(
                s,
                s.value - s.median if ratio_ok else None,
                th.cut("direction", "off_priority_excess"),
                f"{pct(s.value)} of all time went to {str(s.extra.get('bucket', '')).replace('_', ' ')}; "
                f"team median {pct(s.median)}; {period}",
            )
        )
    s = rs.get(m.PLACEMENT_MIX)
    n = s.count("placements")
    if s.has_data and s.target is not None and n >= th.num("direction", "min_placements"):
        assert s.value is not None
        z = shortfall_z(s.value, s.target, n)
        significant = z is not None and z >= th.num("direction", "placement_min_z")
        out.append(
            _judge(
                s,
                s.target - s.value if significant else None,
                th.cut("direction", "placement_mix_gap"),
                f"{pct(s.value)} of {int(n)} placements were contract; "
                f"target at least {pct(s.target)}; {period}",
            )
        )
    s = rs.get(m.CADENCE_ADHERENCE)
    trend = rs.get(m.ACTIVITY_TREND)
    sliding = (
        trend.value is not None
        and trend.value < 0
        and trend.median is not None
        and trend.value < trend.median
    )
    if (
        s.has_data and s.median is not None and not sliding
    ):  # a cadence lost while activity slides: motivation
        out.append(
            _judge(
                s,
                relative_gap(s.value, s.median),
                th.cut("direction", "cadence_gap"),
                f"Cadence adherence {pct(s.value)} of the weekly targets; {_ref(s)}; {period}",
            )
        )
    return out


def judge_knowledge_tools(rs: RepSignals, th: Thresholds) -> list[Judgement]:
    """Knowledge and tools: hours searching for and creating content; playbooks and templates unused."""
    period = m.period_label(rs.period)
    out = []
    s = rs.get(m.CONTENT_SHARE)
    if s.has_data and s.median is not None:
        assert s.value is not None
        excess = s.value - s.median
        ratio_ok = s.value >= th.num("knowledge_tools", "content_min_ratio") * s.median
        benchmark = th.num("knowledge_tools", "content_benchmark")
        j = _judge(
            s,
            excess if ratio_ok else None,
            th.cut("knowledge_tools", "content_excess"),
            f"{pct(s.value)} of all time went to searching for and creating content; team median "
            f"{pct(s.median)}; published benchmark {pct(benchmark)}; {period}",
        )
        if j.severity is not None and s.value >= benchmark:
            j = Judgement(j.signal, "high", max(j.strength, 1.0), j.line)
        out.append(j)
    s = rs.get(m.PLAYBOOK_USE)
    if s.has_data and s.median is not None:
        out.append(
            _judge(
                s,
                relative_gap(s.value, s.median),
                th.cut("knowledge_tools", "playbook_gap"),
                f"Playbook or template used in {pct(s.value)} of emails and meetings; {_ref(s)}; {period}",
            )
        )
    return out


def judge_competencies(rs: RepSignals, th: Thresholds) -> list[Judgement]:
    """Competencies: avoids the target buyers, or converts far worse than the team at one funnel stage."""
    period = m.period_label(rs.period)
    out = []
    s = rs.get(m.TARGET_PERSONA_SHARE)
    if s.has_data and s.median is not None:
        assert s.value is not None
        gap = relative_gap(s.value, s.median)
        if s.median - s.value < th.num("competencies", "persona_min_points"):
            gap = None
        targets = str(s.extra.get("target_personas", ""))
        top = str(s.extra.get("top_other_persona", ""))
        if top:
            line = (
                f"{pct(float(s.extra['top_other_share']))} of selling touches went to {persona_label(top)}; "
                f"team median {pct(float(s.extra['top_other_median']))}; target persona: {targets}; {period}"
            )
        else:
            line = (
                f"{pct(s.value)} of selling touches were with {targets}; "
                f"team median {pct(s.median)}; {period}"
            )
        out.append(_judge(s, gap, th.cut("competencies", "persona_gap"), line))
    s = rs.get(m.WEAKEST_FUNNEL_STAGE)
    if s.has_data and s.median is not None:
        stage = str(s.extra.get("stage", ""))
        n = int(s.count("entries"))
        z = shortfall_z(s.value, s.median, n)
        if (
            n >= th.num("competencies", "funnel_min_events")
            and z is not None
            and z >= th.num("competencies", "funnel_min_z")
        ):
            out.append(
                _judge(
                    s,
                    relative_gap(s.value, s.median),
                    th.cut("competencies", "funnel_gap"),
                    f"{STAGE_LABELS.get(stage, stage)} conversion {pct(s.value)} ({n} entered); team median "
                    f"{pct(s.median)}; {period}",
                )
            )
    return out


def judge_motivation(rs: RepSignals, th: Thresholds) -> list[Judgement]:
    """Motivation: selling activity sliding across the period; new-logo work neglected."""
    period = m.period_label(rs.period)
    out = []
    s = rs.get(m.ACTIVITY_TREND)
    if s.has_data and s.count("weeks") >= th.num("motivation", "trend_min_weeks"):
        assert s.value is not None
        team = 0.0 if s.median is None else s.median
        median = "" if s.median is None else f"; team median change {s.median:+.0%}"
        out.append(
            _judge(
                s,
                team - s.value,
                th.cut("motivation", "trend_decline"),
                f"Weekly selling time changed {s.value:+.0%} across {int(s.count('weeks'))} weeks "
                f"(fitted trend){median}; {period}",
            )
        )
    s = rs.get(m.NEW_LOGO_SHARE)
    if s.has_data and s.median is not None:
        out.append(
            _judge(
                s,
                relative_gap(s.value, s.median),
                th.cut("motivation", "new_logo_gap"),
                f"{pct(s.value)} of selling time went to new logos (prospect accounts); {_ref(s)}; {period}",
            )
        )
    return out


def judge_dna(rs: RepSignals, th: Thresholds) -> list[Judgement]:
    """DNA marker: gives up on prospects after fewer touches than the team (persistence)."""
    period = m.period_label(rs.period)
    s = rs.get(m.FOLLOW_UP_PERSISTENCE)
    if not s.has_data or s.median is None or s.count("contacts") < th.num("dna", "min_contacts"):
        return []
    assert s.value is not None
    j = _judge(
        s,
        relative_gap(s.value, s.median),
        th.cut("dna", "persistence_gap"),
        f"{s.value:.1f} touches per prospect contact before stopping ({int(s.extra['contacts'])} contacts); "
        f"team median {s.median:.1f}; {period}",
    )
    if s.value <= th.num("dna", "persistence_floor") and (j.severity is None or j.severity == "low"):
        gap = relative_gap(s.value, s.median)
        if gap is not None and gap > 0:
            j = Judgement(j.signal, "medium", max(j.strength, 0.5), j.line)
    return [j]


JUDGES: Final[dict[str, Callable[[RepSignals, Thresholds], list[Judgement]]]] = {
    "direction": judge_direction,
    "knowledge_tools": judge_knowledge_tools,
    "competencies": judge_competencies,
    "motivation": judge_motivation,
    "dna": judge_dna,
}
_WORST_FIRST = sorted(SEVERITY_RANK, key=SEVERITY_RANK.__getitem__, reverse=True)


def finding_from(cause: str, judgements: list[Judgement], rs: RepSignals, th: Thresholds) -> Finding | None:
    """Return the cause's finding from its graded signals (worst grade wins); None when none fired."""
    fired = [j for j in judgements if j.severity is not None]
    if not fired:
        return None
    fired.sort(key=lambda j: (-SEVERITY_RANK[j.severity or "low"], -j.strength))
    volume = min(1.0, rs.selling_touches / max(1.0, th.num("confidence", "full_at_selling_touches")))
    agreement = len(fired) / len(judgements)
    confidence = round(volume * (0.6 + 0.4 * agreement), 2)
    return Finding(
        cause=cause,
        severity=fired[0].severity or "low",
        confidence=confidence,
        evidence=tuple(j.line for j in fired),
        remedies=remedies_for(cause),
        signals=tuple(j.signal for j in fired),
        strength=round(fired[0].strength, 3),
    )


def cause_status(cause: str, finding: Finding | None, judgements: list[Judgement], rs: RepSignals) -> str:
    """Return 'addressed', 'present' (medium/high finding), 'unknown' (no data) or 'ruled_out'."""
    if cause in rs.addressed:
        return "addressed"
    if finding is not None and finding.severity != "low":
        return "present"
    return "ruled_out" if judgements else "unknown"
