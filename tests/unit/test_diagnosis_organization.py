"""Organization-level findings: bullseye, cadence, coaching and the leader's key questions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from repfocus.domain.diagnosis import KEY_QUESTIONS, OrgFacts, load_thresholds, organization_findings
from repfocus.domain.period import Period

PERIOD = Period(date(2026, 9, 7), date(2026, 11, 29))
ALL_YES = {q.code: ("yes", date(2026, 11, 1)) for q in KEY_QUESTIONS}
TH = load_thresholds()


def facts(**changes: object) -> OrgFacts:
    base = OrgFacts(
        period=PERIOD,
        bullseye_defined=True,
        teams=("East", "West"),
        teams_without_cadence=(),
        last_coaching={"a@x.example": date(2026, 11, 20), "b@x.example": date(2026, 11, 27)},
        answers=ALL_YES,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def codes(f: OrgFacts) -> list[tuple[str, str]]:
    return [(x.code, x.severity) for x in organization_findings(f, TH)]


def test_an_organization_with_everything_set_up_has_no_findings() -> None:
    assert organization_findings(facts(), TH) == []


def test_missing_bullseye_is_a_high_direction_finding() -> None:
    findings = organization_findings(facts(bullseye_defined=False), TH)
    assert [(f.cause, f.code, f.severity) for f in findings] == [("direction", "bullseye_missing", "high")]
    assert [r.code for r in findings[0].remedies] == ["set_bullseye"]


def test_teams_without_cadence_targets_are_named() -> None:
    findings = organization_findings(facts(teams_without_cadence=("West",)), TH)
    assert findings[0].code == "cadence_missing"
    assert findings[0].severity == "high"
    assert findings[0].evidence[0].startswith("No weekly cadence targets for 1 of 2 teams: West")


def test_reps_without_coaching_for_four_weeks_are_listed() -> None:
    coaching = {"a@x.example": date(2026, 10, 1), "b@x.example": date(2026, 11, 27), "c@x.example": None}
    findings = organization_findings(facts(last_coaching=coaching), TH)
    assert [(f.code, f.severity) for f in findings] == [("coaching_missing", "high")]
    assert findings[0].evidence[0] == (
        "No coaching logged for 2 of 3 reps in the 4 weeks to 2026-11-29: a@x.example, c@x.example"
    )


def test_key_question_answered_no_is_a_direction_finding_with_its_date() -> None:
    answers = {**ALL_YES, "comp_pays_behaviour": ("no", date(2026, 11, 20))}
    findings = organization_findings(facts(answers=answers), TH)
    assert [(f.cause, f.code, f.severity) for f in findings] == [
        ("direction", "question_no:comp_pays_behaviour", "medium")
    ]
    assert "answered no on 2026-11-20" in findings[0].evidence[0]
    assert [r.code for r in findings[0].remedies] == ["review_incentive_plan"]


def test_unanswered_and_unsure_questions_are_one_low_finding() -> None:
    answers = {k: v for k, v in ALL_YES.items() if k != "cadence_known"}
    answers["content_available"] = ("unsure", date(2026, 11, 2))
    assert codes(facts(answers=answers)) == [("questions_unanswered", "low")]
    assert len(organization_findings(facts(answers=answers), TH)[0].evidence) == 2
