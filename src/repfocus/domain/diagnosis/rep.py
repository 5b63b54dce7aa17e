"""A rep's diagnosis: every cause's rule, the DNA gate, and the ranking."""

from __future__ import annotations

from dataclasses import replace

from repfocus.domain.diagnosis import model as m
from repfocus.domain.diagnosis.labels import pct
from repfocus.domain.diagnosis.model import CAUSE_LABELS, CAUSES, Finding, RepSignals, rank
from repfocus.domain.diagnosis.rules import JUDGES, PRIMARY, cause_status, finding_from
from repfocus.domain.diagnosis.thresholds import Thresholds

NON_DNA = tuple(c for c in CAUSES if c != "dna")


def diagnose_rep(rs: RepSignals, th: Thresholds) -> list[Finding]:
    """Return the rep's findings, ranked; causes co-occur.

    DNA is concluded only when direction, knowledge and tools, competencies and motivation are each
    addressed or ruled out for the rep; otherwise the DNA finding stays low and says what to rule out first.
    """
    findings: dict[str, Finding] = {}
    statuses: dict[str, str] = {}
    for cause in CAUSES:
        judgements = JUDGES[cause](rs, th)
        finding = finding_from(cause, judgements, rs, th)
        statuses[cause] = cause_status(cause, finding, judgements, rs)
        if finding is not None:
            findings[cause] = finding
    dna = findings.get("dna")
    if dna is not None:
        blockers = [c for c in NON_DNA if statuses[c] in ("present", "unknown")]
        if blockers:
            findings["dna"] = replace(
                dna,
                severity="low",
                confidence=round(dna.confidence * 0.5, 2),
                evidence=(*dna.evidence, rule_out_first_line(blockers, statuses, rs)),
                strength=0.0,
            )
    ranked = rank(list(findings.values()))
    symptom = symptom_line(rs, th.num("symptom", "min_points"))
    if ranked and symptom:
        top = ranked[0]
        ranked[0] = replace(top, evidence=(*top.evidence, symptom))
    return ranked


def rule_out_first_line(blockers: list[str], statuses: dict[str, str], rs: RepSignals) -> str:
    """Return the evidence line naming the causes to rule out before calling a pattern DNA."""
    parts = []
    for cause in blockers:
        if statuses[cause] == "present":
            parts.append(f"{CAUSE_LABELS[cause].lower()} (see its finding)")
        else:
            missing = ", ".join(s.replace("_", " ") for s in PRIMARY[cause] if not rs.get(s).has_data)
            parts.append(f"{CAUSE_LABELS[cause].lower()} (no data yet: {missing})")
    return "Not yet DNA: rule out first " + "; ".join(parts)


def symptom_line(rs: RepSignals, min_points: float) -> str | None:
    """Return the selling-share line (the symptom every cause explains) when it is at least `min_points`
    below the target (or, without a target, the team median)."""
    s = rs.get(m.SELLING_SHARE)
    if s.value is None:
        return None
    reference = s.target if s.target is not None else s.median
    if reference is None or reference - s.value < min_points:
        return None
    refs = []
    if s.target is not None:
        refs.append(f"target {pct(s.target)}")
    if s.median is not None:
        refs.append(f"team median {pct(s.median)}")
    return f"Selling time {pct(s.value)} of all logged time; {'; '.join(refs)}; {m.period_label(rs.period)}"
