"""Organization-level findings: what the leader has not set up, and the key questions left open."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from repfocus.domain.diagnosis.model import Finding, period_label, rank
from repfocus.domain.diagnosis.questions import KEY_QUESTIONS
from repfocus.domain.diagnosis.remedies import remedies_for
from repfocus.domain.diagnosis.thresholds import Thresholds
from repfocus.domain.period import Period


@dataclass(frozen=True, slots=True)
class OrgFacts:
    """What the organization has set up, as of the end of the period."""

    period: Period
    bullseye_defined: bool
    teams: tuple[str, ...]
    teams_without_cadence: tuple[str, ...]
    last_coaching: Mapping[str, date | None]  # rep email -> last day with coaching activity
    answers: Mapping[str, tuple[str, date]]  # question code -> (answer, answered on)


def organization_findings(facts: OrgFacts, th: Thresholds) -> list[Finding]:
    """Return the organization's direction findings: no bullseye, no cadence, no coaching, open questions."""
    period = period_label(facts.period)
    out: list[Finding] = []
    if not facts.bullseye_defined:
        out.append(
            Finding(
                "direction",
                "high",
                1.0,
                (f"No bullseye is set: no target accounts or target personas are defined; {period}",),
                remedies_for("direction", "set_bullseye"),
                code="bullseye_missing",
            )
        )
    if facts.teams_without_cadence:
        share = len(facts.teams_without_cadence) / max(1, len(facts.teams))
        out.append(
            Finding(
                "direction",
                "high" if share >= 0.5 else "medium",
                1.0,
                (
                    f"No weekly cadence targets for {len(facts.teams_without_cadence)} of {len(facts.teams)} "
                    f"teams: {', '.join(facts.teams_without_cadence)}; {period}",
                ),
                remedies_for("direction", "set_cadence"),
                code="cadence_missing",
            )
        )
    weeks = int(th.num("organization", "coaching_gap_weeks"))
    since = facts.period.end - timedelta(weeks=weeks) + timedelta(days=1)
    uncoached = sorted(e for e, last in facts.last_coaching.items() if last is None or last < since)
    if uncoached:
        share = len(uncoached) / max(1, len(facts.last_coaching))
        shown = ", ".join(uncoached[:8]) + (f" and {len(uncoached) - 8} more" if len(uncoached) > 8 else "")
        out.append(
            Finding(
                "direction",
                "high" if share >= 0.5 else "medium" if share >= 0.2 else "low",
                1.0,
                (
                    f"No coaching logged for {len(uncoached)} of {len(facts.last_coaching)} reps in the "
                    f"{weeks} weeks to {facts.period.end.isoformat()}: {shown}",
                ),
                remedies_for("direction", "coach_to_bullseye"),
                code="coaching_missing",
            )
        )
    out.extend(question_findings(facts))
    return rank(out)


def question_findings(facts: OrgFacts) -> list[Finding]:
    """Return one medium finding per key question answered 'no' and one low finding for the unanswered."""
    out = []
    unanswered = []
    for q in KEY_QUESTIONS:
        answer = facts.answers.get(q.code)
        if answer is None or answer[0] == "unsure":
            unanswered.append(q)
        elif answer[0] == "no":
            out.append(
                Finding(
                    "direction",
                    "medium",
                    1.0,
                    (
                        f"Key question answered no on {answer[1].isoformat()}: {q.text} "
                        f"({q.cause.replace('_', ' ')})",
                    ),
                    remedies_for(q.cause)[:1],
                    code=f"question_no:{q.code}",
                )
            )
    if unanswered:
        out.append(
            Finding(
                "direction",
                "low",
                1.0,
                tuple(f"Key question not answered yet: {q.text}" for q in unanswered),
                (),
                code="questions_unanswered",
            )
        )
    return out
