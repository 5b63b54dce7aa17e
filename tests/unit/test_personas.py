"""Contact personas come from job titles by ordered rules."""

from __future__ import annotations

import pytest

from repfocus.domain.personas import match_persona, persona_for_title


@pytest.mark.parametrize(
    ("title", "persona"),
    [
        ("Director of Software Engineering", "it_hiring_manager"),
        ("Engineering Manager, Payments", "it_hiring_manager"),
        ("IT Manager", "it_hiring_manager"),
        ("Talent Acquisition Partner", "hr_recruiter"),
        ("Senior Technical Recruiter", "hr_recruiter"),
        ("HR Business Partner", "hr_recruiter"),
        ("VMS Program Manager", "procurement"),
        ("Procurement Specialist - IT Services", "procurement"),
        ("CIO", "it_executive"),
        ("Chief Technology Officer", "it_executive"),
        ("VP Engineering", "it_executive"),
        ("VP of Engineering", "it_executive"),
        ("Head of Infrastructure", "it_executive"),
        ("Java Consultant", "consultant"),
        ("Candidate", "candidate"),
        ("Office Manager", "other"),
        ("Senior Software Engineer", "other"),
        ("", "other"),
        (None, "other"),
    ],
)
def test_title_maps_to_persona(title: str | None, persona: str) -> None:
    assert persona_for_title(title) == persona


def test_recruiting_words_beat_seniority_words() -> None:
    # A VP of Talent Acquisition buys nothing from IT: HR persona, not IT executive.
    assert persona_for_title("VP Talent Acquisition") == "hr_recruiter"


def test_the_matching_rule_is_named_and_none_when_nothing_matches() -> None:
    assert match_persona("CTO").rule_id == "it_executive"
    assert match_persona("Barista").rule_id is None
