"""The leader's key questions per cause: a checklist answered in the app, stored with dates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

ANSWERS: Final = ("yes", "no", "unsure")


@dataclass(frozen=True, slots=True)
class KeyQuestion:
    code: str
    cause: str
    text: str


KEY_QUESTIONS: Final = (
    KeyQuestion(
        "bullseye_written", "direction", "Is the bullseye (target accounts and target buyers) written down?"
    ),
    KeyQuestion(
        "cadence_known",
        "direction",
        "Is the weekly cadence of priority activities set and known to every rep?",
    ),
    KeyQuestion(
        "managers_see_tasks",
        "direction",
        "Do managers know, week by week, whether reps are on the right tasks?",
    ),
    KeyQuestion(
        "content_available",
        "knowledge_tools",
        "Do reps have the content and email templates they need for each buyer stage and persona?",
    ),
    KeyQuestion(
        "buyers_understood",
        "competencies",
        "Do reps understand the target buyers: their challenges, how they are measured, their objections?",
    ),
    KeyQuestion(
        "comp_pays_behaviour",
        "motivation",
        "Does the comp plan pay for the behaviours the targets ask for (new logos, meetings, job orders)?",
    ),
    KeyQuestion(
        "hiring_screens_traits",
        "dna",
        "Does hiring screen for persistence, assertiveness, talking money and handling objections?",
    ),
)
QUESTIONS_BY_CODE: Final = {q.code: q for q in KEY_QUESTIONS}
