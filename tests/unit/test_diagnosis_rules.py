"""Every diagnosis rule on hand-made signals: a healthy rep, then one pattern at a time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from repfocus.domain.diagnosis import RepSignals, Signal, ThresholdsInvalid, diagnose_rep, load_thresholds
from repfocus.domain.diagnosis import model as m
from repfocus.domain.period import Period

PERIOD = Period(date(2026, 9, 7), date(2026, 11, 29))
TH = load_thresholds()


def healthy(**changes: Signal) -> RepSignals:
    signals = {
        m.SELLING_SHARE: Signal(m.SELLING_SHARE, 0.42, target=0.40, median=0.41),
        m.ON_TARGET_SHARE: Signal(m.ON_TARGET_SHARE, 0.55, target=0.5, median=0.54),
        m.BULLSEYE_ACCOUNT_SHARE: Signal(m.BULLSEYE_ACCOUNT_SHARE, 0.72, median=0.70),
        m.TARGET_PERSONA_SHARE: Signal(
            m.TARGET_PERSONA_SHARE,
            0.70,
            median=0.68,
            extra={
                "target_personas": "IT hiring managers, IT executives",
                "top_other_persona": "hr_recruiter",
                "top_other_share": 0.18,
                "top_other_median": 0.18,
            },
        ),
        m.CONTENT_SHARE: Signal(m.CONTENT_SHARE, 0.08, median=0.08, benchmark=0.31),
        m.PLAYBOOK_USE: Signal.absent(m.PLAYBOOK_USE, "no playbooks yet"),
        m.ACTIVITY_TREND: Signal(m.ACTIVITY_TREND, 0.02, median=0.0, extra={"weeks": 12}),
        m.CADENCE_ADHERENCE: Signal(m.CADENCE_ADHERENCE, 0.9, median=0.88),
        m.NEW_LOGO_SHARE: Signal(m.NEW_LOGO_SHARE, 0.5, median=0.48),
        m.WEAKEST_FUNNEL_STAGE: Signal(
            m.WEAKEST_FUNNEL_STAGE,
            0.30,
            median=0.33,
            extra={"stage": "job_order_to_submittal", "entries": 20},
        ),
        m.FOLLOW_UP_PERSISTENCE: Signal(m.FOLLOW_UP_PERSISTENCE, 3.1, median=3.0, extra={"contacts": 40}),
        m.PLACEMENT_MIX: Signal(m.PLACEMENT_MIX, 0.7, target=0.6, extra={"placements": 6}),
    }
    signals.update(changes)
    return RepSignals("pat@acme.example", "Pat", "East", PERIOD, signals, selling_touches=200)


def causes(rs: RepSignals) -> list[tuple[str, str]]:
    return [(f.cause, f.severity) for f in diagnose_rep(rs, TH)]


def test_healthy_rep_has_no_findings() -> None:
    assert diagnose_rep(healthy(), TH) == []


def test_avoider_is_diagnosed_with_competency_gap() -> None:
    persona = replace(
        healthy().get(m.TARGET_PERSONA_SHARE),
        value=0.25,
        extra={
            "target_personas": "IT hiring managers, IT executives",
            "top_other_persona": "hr_recruiter",
            "top_other_share": 0.62,
            "top_other_median": 0.18,
        },
    )
    findings = diagnose_rep(healthy(target_persona_share=persona), TH)
    assert [(f.cause, f.severity) for f in findings] == [("competencies", "high")]
    assert findings[0].evidence[0] == (
        "62% of selling touches went to HR recruiters; team median 18%; target persona: IT hiring managers, "
        "IT executives; 2026-09-07 to 2026-11-29"
    )
    assert [r.code for r in findings[0].remedies] == ["coach_persona", "coach_funnel_stage"]


def test_small_persona_gap_in_points_is_not_a_finding() -> None:
    low_median = Signal(m.TARGET_PERSONA_SHARE, 0.05, median=0.12, extra={"target_personas": "IT executives"})
    assert causes(healthy(target_persona_share=low_median)) == []


def test_weak_funnel_stage_is_a_competency_gap() -> None:
    funnel = Signal(
        m.WEAKEST_FUNNEL_STAGE, 0.10, median=0.33, extra={"stage": "job_order_to_submittal", "entries": 20}
    )
    findings = diagnose_rep(healthy(weakest_funnel_stage=funnel), TH)
    assert causes(healthy(weakest_funnel_stage=funnel)) == [("competencies", "high")]
    assert "Job order → submittal conversion 10% (20 entered); team median 33%" in findings[0].evidence[0]


def test_funnel_stage_with_too_few_entries_is_not_judged() -> None:
    funnel = Signal(m.WEAKEST_FUNNEL_STAGE, 0.0, median=0.33, extra={"stage": "fill_rate", "entries": 2})
    assert causes(healthy(weakest_funnel_stage=funnel)) == []


def test_content_hunter_is_diagnosed_with_knowledge_and_tools_gap() -> None:
    content = Signal(m.CONTENT_SHARE, 0.24, median=0.08, benchmark=0.31)
    findings = diagnose_rep(healthy(content_share=content), TH)
    assert [(f.cause, f.severity) for f in findings] == [("knowledge_tools", "high")]
    expected = (
        "24% of all time went to searching for and creating content; team median 8%; published benchmark 31%"
    )
    assert findings[0].evidence[0].startswith(expected)


def test_content_share_at_the_published_benchmark_is_high() -> None:
    content = Signal(m.CONTENT_SHARE, 0.32, median=0.20, benchmark=0.31)
    assert causes(healthy(content_share=content)) == [("knowledge_tools", "high")]


def test_whole_team_above_the_benchmark_is_not_one_reps_finding() -> None:
    content = Signal(m.CONTENT_SHARE, 0.34, median=0.30, benchmark=0.31)
    assert causes(healthy(content_share=content)) == []


def test_content_share_slightly_above_the_median_is_not_a_finding() -> None:
    content = Signal(m.CONTENT_SHARE, 0.11, median=0.08)
    assert causes(healthy(content_share=content)) == []


def test_sliding_selling_time_is_diagnosed_as_motivation() -> None:
    trend = Signal(m.ACTIVITY_TREND, -0.45, median=0.01, extra={"weeks": 12})
    findings = diagnose_rep(healthy(activity_trend=trend), TH)
    assert [(f.cause, f.severity) for f in findings] == [("motivation", "high")]
    assert findings[0].evidence[0].startswith("Weekly selling time changed -45% across 12 weeks")


def test_trend_over_too_few_weeks_is_not_judged() -> None:
    trend = Signal(m.ACTIVITY_TREND, -0.6, median=0.0, extra={"weeks": 3})
    assert causes(healthy(activity_trend=trend)) == []


def test_neglected_new_logos_are_a_motivation_finding() -> None:
    assert causes(healthy(new_logo_share=Signal(m.NEW_LOGO_SHARE, 0.15, median=0.48))) == [
        ("motivation", "high")
    ]


def test_selling_off_the_bullseye_is_a_direction_finding() -> None:
    bullseye = Signal(m.BULLSEYE_ACCOUNT_SHARE, 0.30, median=0.70)
    findings = diagnose_rep(healthy(bullseye_account_share=bullseye), TH)
    assert [(f.cause, f.severity) for f in findings] == [("direction", "high")]
    assert findings[0].evidence[0].startswith("30% of selling time went to bullseye accounts (tier A/B)")


def test_placement_mix_below_target_is_a_direction_finding() -> None:
    mix = Signal(m.PLACEMENT_MIX, 0.1, target=0.6, extra={"placements": 5})
    assert causes(healthy(placement_mix=mix)) == [("direction", "high")]


def test_placement_mix_shortfall_within_chance_is_not_judged() -> None:
    mix = Signal(m.PLACEMENT_MIX, 2 / 6, target=0.6, extra={"placements": 6})  # 2 of 6: 1.3 standard errors
    assert causes(healthy(placement_mix=mix)) == []


def test_a_rep_in_a_small_team_is_compared_with_the_organization_median() -> None:
    drift = Signal(
        m.OFF_PRIORITY_SHARE, 0.27, median=0.11, extra={"bucket": "servicing", "median_of": "organization"}
    )
    findings = diagnose_rep(healthy(off_priority_share=drift), TH)
    assert findings[0].evidence[0].startswith("27% of all time went to servicing; organization median 11%")


def test_time_drifting_to_servicing_is_a_direction_finding() -> None:
    drift = Signal(m.OFF_PRIORITY_SHARE, 0.27, median=0.11, extra={"bucket": "servicing"})
    findings = diagnose_rep(healthy(off_priority_share=drift), TH)
    assert [(f.cause, f.severity) for f in findings] == [("direction", "high")]
    assert findings[0].evidence[0].startswith("27% of all time went to servicing; team median 11%")


def test_whole_team_heavy_on_admin_is_not_one_reps_finding() -> None:
    drift = Signal(m.OFF_PRIORITY_SHARE, 0.33, median=0.28, extra={"bucket": "admin"})
    assert causes(healthy(off_priority_share=drift)) == []


def test_cadence_is_judged_against_the_team_median_not_the_raw_target() -> None:
    assert causes(healthy(cadence_adherence=Signal(m.CADENCE_ADHERENCE, 0.6, median=0.66))) == []


def test_a_team_wide_slide_is_not_one_reps_motivation_finding() -> None:
    trend = Signal(m.ACTIVITY_TREND, -0.30, median=-0.22, extra={"weeks": 12})
    assert causes(healthy(activity_trend=trend)) == []


def test_funnel_shortfall_within_chance_is_not_judged() -> None:
    funnel = Signal(m.WEAKEST_FUNNEL_STAGE, 0.04, median=0.09, extra={"stage": "fill_rate", "entries": 45})
    assert causes(healthy(weakest_funnel_stage=funnel)) == []


def test_placement_mix_with_too_few_placements_is_not_judged() -> None:
    mix = Signal(m.PLACEMENT_MIX, 0.0, target=0.6, extra={"placements": 2})
    assert causes(healthy(placement_mix=mix)) == []


def test_lost_cadence_while_activity_slides_counts_for_motivation_not_direction() -> None:
    cadence = Signal(m.CADENCE_ADHERENCE, 0.45, median=0.88)
    trend = Signal(m.ACTIVITY_TREND, -0.45, median=0.0, extra={"weeks": 12})
    assert causes(healthy(cadence_adherence=cadence, activity_trend=trend)) == [("motivation", "high")]
    assert causes(healthy(cadence_adherence=cadence)) == [("direction", "medium")]


def test_one_touch_quitter_is_diagnosed_with_dna_when_other_causes_are_ruled_out() -> None:
    persistence = Signal(m.FOLLOW_UP_PERSISTENCE, 1.1, median=3.0, extra={"contacts": 40})
    findings = diagnose_rep(healthy(follow_up_persistence=persistence), TH)
    assert [(f.cause, f.severity) for f in findings] == [("dna", "high")]
    assert (
        findings[0].evidence[0].startswith("1.1 touches per prospect contact before stopping (40 contacts)")
    )
    assert [r.code for r in findings[0].remedies] == ["set_persistence_target", "review_hiring_profile"]


def test_dna_is_not_concluded_while_a_competency_gap_is_open() -> None:
    persistence = Signal(m.FOLLOW_UP_PERSISTENCE, 1.1, median=3.0, extra={"contacts": 40})
    persona = Signal(m.TARGET_PERSONA_SHARE, 0.2, median=0.68, extra={"target_personas": "IT executives"})
    findings = diagnose_rep(healthy(follow_up_persistence=persistence, target_persona_share=persona), TH)
    assert [(f.cause, f.severity) for f in findings] == [("competencies", "high"), ("dna", "low")]
    assert findings[1].evidence[-1] == "Not yet DNA: rule out first competencies (see its finding)"


def test_dna_asks_to_rule_out_causes_that_have_no_data() -> None:
    persistence = Signal(m.FOLLOW_UP_PERSISTENCE, 1.1, median=3.0, extra={"contacts": 40})
    rs = healthy(
        follow_up_persistence=persistence,
        activity_trend=Signal.absent(m.ACTIVITY_TREND, "fewer than 6 weeks of data"),
        new_logo_share=Signal.absent(m.NEW_LOGO_SHARE, "no selling time with accounts"),
    )
    findings = diagnose_rep(rs, TH)
    assert [(f.cause, f.severity) for f in findings] == [("dna", "low")]
    assert findings[0].evidence[-1] == (
        "Not yet DNA: rule out first motivation (no data yet: activity trend, new logo share)"
    )


def test_dna_is_concluded_when_the_open_cause_was_addressed() -> None:
    persistence = Signal(m.FOLLOW_UP_PERSISTENCE, 1.1, median=3.0, extra={"contacts": 40})
    persona = Signal(m.TARGET_PERSONA_SHARE, 0.2, median=0.68, extra={"target_personas": "IT executives"})
    rs = replace(
        healthy(follow_up_persistence=persistence, target_persona_share=persona),
        addressed=frozenset({"competencies"}),
    )
    assert ("dna", "high") in causes(rs)


def test_persistence_at_the_floor_is_at_least_medium() -> None:
    persistence = Signal(m.FOLLOW_UP_PERSISTENCE, 1.4, median=1.7, extra={"contacts": 40})
    assert causes(healthy(follow_up_persistence=persistence)) == [("dna", "medium")]


def test_causes_co_occur_and_are_ranked_worst_first() -> None:
    rs = healthy(
        content_share=Signal(m.CONTENT_SHARE, 0.17, median=0.08),
        activity_trend=Signal(m.ACTIVITY_TREND, -0.5, median=0.0, extra={"weeks": 12}),
    )
    assert causes(rs) == [("motivation", "high"), ("knowledge_tools", "medium")]


def test_signals_without_data_are_left_out_of_the_score() -> None:
    rs = healthy(**{name: Signal.absent(name, "no data") for name in m.SIGNAL_NAMES})
    assert diagnose_rep(rs, TH) == []


def test_few_selling_touches_lower_the_confidence() -> None:
    bullseye = Signal(m.BULLSEYE_ACCOUNT_SHARE, 0.30, median=0.70)
    sure = diagnose_rep(healthy(bullseye_account_share=bullseye), TH)[0]
    unsure = diagnose_rep(replace(healthy(bullseye_account_share=bullseye), selling_touches=15), TH)[0]
    assert unsure.confidence < sure.confidence
    assert unsure.confidence == pytest.approx(sure.confidence / 4, abs=0.01)


def test_the_top_finding_names_the_selling_share_symptom() -> None:
    rs = healthy(
        selling_share=Signal(m.SELLING_SHARE, 0.22, target=0.40, median=0.41),
        content_share=Signal(m.CONTENT_SHARE, 0.3, median=0.08),
    )
    assert diagnose_rep(rs, TH)[0].evidence[-1] == (
        "Selling time 22% of all logged time; target 40%; team median 41%; 2026-09-07 to 2026-11-29"
    )


def test_thresholds_can_be_overridden_by_toml() -> None:
    strict = load_thresholds(
        "[knowledge_tools]\ncontent_excess = { low = 0.01, medium = 0.02, high = 0.03 }\n"
    )
    rs = healthy(content_share=Signal(m.CONTENT_SHARE, 0.12, median=0.07))
    assert [(f.cause, f.severity) for f in diagnose_rep(rs, strict)] == [("knowledge_tools", "high")]
    assert diagnose_rep(rs, TH) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[nope]\nx = 1\n", "unknown section [nope]"),
        ("[dna]\nfloor = 1\n", "[dna] has no threshold 'floor'"),
        ("[dna]\npersistence_floor = 'x'\n", "[dna] persistence_floor must be a number"),
        ("[dna]\npersistence_gap = { low = 0.5, medium = 0.4, high = 0.6 }\n", "need low <= medium <= high"),
        ("[dna\n", "not valid TOML"),
    ],
)
def test_bad_threshold_overrides_are_rejected_with_the_key_named(text: str, message: str) -> None:
    with pytest.raises(ThresholdsInvalid, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_thresholds(text, source="t.toml")
