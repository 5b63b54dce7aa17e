"""Remedies per cause: each is something RepFocus does (or will do) and can become a manager's task."""

from __future__ import annotations

from typing import Final

from repfocus.domain.diagnosis.model import Remedy

REMEDIES: Final[dict[str, Remedy]] = {
    r.code: r
    for r in (
        Remedy(
            "set_bullseye",
            "direction",
            "Set the bullseye: target accounts (tier A/B) and target personas.",
            7,
        ),
        Remedy("set_cadence", "direction", "Set the weekly cadence of priority activities for the team.", 7),
        Remedy(
            "coach_to_bullseye",
            "direction",
            "Walk the rep's account list against the bullseye in the next 1:1; agree which accounts to drop.",
            7,
        ),
        Remedy(
            "assign_playbook",
            "knowledge_tools",
            "Assign playbook items (content by buyer-journey stage and persona) for the rep's target buyers.",
            7,
        ),
        Remedy(
            "assign_templates",
            "knowledge_tools",
            "Give the rep the email templates for their prospecting scenarios instead of writing "
            "from scratch.",
            7,
        ),
        Remedy(
            "coach_persona",
            "competencies",
            "Coach on the target persona: their challenges, how they are measured, their objections; "
            "role-play a call.",
            14,
        ),
        Remedy(
            "coach_funnel_stage",
            "competencies",
            "Coach and assess the competency at the rep's weakest funnel stage.",
            14,
        ),
        Remedy(
            "review_incentive_plan",
            "motivation",
            "Review the incentive plan: does it pay for the behaviour the targets ask for (new logos, "
            "prospect meetings, job orders)?",
            30,
        ),
        Remedy(
            "recognize_behaviour",
            "motivation",
            "Recognize the behaviour publicly when the rep hits the weekly cadence; talk about what changed.",
            14,
        ),
        Remedy(
            "review_hiring_profile",
            "dna",
            "Review the hiring profile: screen candidates for persistence, assertiveness, talking money and "
            "handling objections.",
            30,
        ),
        Remedy(
            "set_persistence_target",
            "dna",
            "Agree a written follow-up standard with the rep (touches per prospect before stopping) and "
            "review it weekly.",
            14,
        ),
    )
}

BY_CAUSE: Final[dict[str, tuple[str, ...]]] = {
    "direction": ("coach_to_bullseye", "set_bullseye", "set_cadence"),
    "knowledge_tools": ("assign_playbook", "assign_templates"),
    "competencies": ("coach_persona", "coach_funnel_stage"),
    "motivation": ("review_incentive_plan", "recognize_behaviour"),
    "dna": ("set_persistence_target", "review_hiring_profile"),
}


def remedies_for(cause: str, *codes: str) -> tuple[Remedy, ...]:
    """Return the remedies of `cause` (only `codes` when given), in the order a manager should try them."""
    chosen = codes or BY_CAUSE[cause]
    return tuple(REMEDIES[c] for c in chosen)
