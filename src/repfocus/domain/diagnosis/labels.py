"""How the evidence lines name personas, funnel stages and shares."""

from __future__ import annotations

from typing import Final

PERSONA_LABELS: Final = {
    "it_hiring_manager": "IT hiring managers",
    "it_executive": "IT executives",
    "hr_recruiter": "HR recruiters",
    "procurement": "procurement",
    "consultant": "consultants",
    "candidate": "candidates",
    "other": "other contacts",
    "": "no contact",
}
STAGE_LABELS: Final = {
    "meeting_to_job_order": "Meeting → job order",
    "job_order_to_submittal": "Job order → submittal",
    "submittal_to_interview": "Submittal → interview",
    "interview_to_placement": "Interview → placement",
    "fill_rate": "Fill rate (job orders filled)",
}


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


def persona_label(code: str) -> str:
    return PERSONA_LABELS.get(code, code.replace("_", " "))
