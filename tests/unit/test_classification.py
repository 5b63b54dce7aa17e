"""The classification rule table: first match wins, every decision names its rule, bad tables are refused."""

from __future__ import annotations

import pytest

from repfocus.domain.classification import Facts, RulesInvalid, build_table
from repfocus.domain.taxonomy import CATEGORIES
from repfocus.services.classification import default_rules_text, parse_rules

DEFAULTS = build_table(parse_rules(default_rules_text()))


def decide(**facts: str | None) -> tuple[str | None, str | None]:
    d = DEFAULTS.classify(Facts(**facts))  # type: ignore[arg-type]
    return d.category, d.rule_id


def test_a_call_to_an_it_hiring_manager_at_a_prospect_is_prospecting() -> None:
    assert decide(kind="call", subject="Intro", persona="it_hiring_manager", account_status="prospect") == (
        "prospecting_call",
        "prospecting-call",
    )


def test_a_meeting_with_a_prospect_is_a_prospect_meeting_but_a_declined_one_is_not() -> None:
    assert decide(kind="meeting", subject="Discovery", account_status="prospect")[0] == "prospect_meeting"
    assert decide(kind="meeting", subject="Declined: Discovery", account_status="prospect")[0] is None


def test_subject_keywords_win_over_who_it_is_with() -> None:
    assert decide(kind="call", subject="Reformat resume for Acme", account_status="prospect")[0] == (
        "resume_formatting"
    )
    assert (
        decide(kind="meeting", subject="REUNION VENTAS", account_status="prospect")[0] == "internal_meeting"
    )


def test_keywords_ignore_case_and_accents_and_match_word_starts_only() -> None:
    assert decide(kind="task", subject="Capacitacion CRM")[0] == "training"
    assert decide(kind="task", subject="NEGOTIATION prep")[0] == "negotiation"
    # "transmsa" must not match the keyword "msa"
    assert decide(kind="task", subject="transmsa")[0] is None


def test_work_for_an_active_client_is_servicing_unless_it_grows_the_account() -> None:
    assert (
        decide(kind="call", subject="Weekly check", account_status="active_client")[0] == "client_servicing"
    )
    assert decide(kind="meeting", subject="QBR and expansion", account_status="active_client")[0] == (
        "account_growth"
    )


def test_activity_that_no_rule_covers_stays_unclassified() -> None:
    assert decide(kind="task", subject="Misc") == (None, None)
    assert decide(kind="call", subject="Hello") == (None, None)  # no account: nothing to say


def test_explain_lists_the_rules_tried_up_to_the_match_with_the_reason_each_failed() -> None:
    trail = DEFAULTS.explain(Facts("call", "Intro", "outbound", "it_hiring_manager", "prospect"))
    assert trail[-1][0].id == "prospecting-call" and trail[-1][1] is None
    assert all(reason for _, reason in trail[:-1])
    assert any("account_status is prospect" in (reason or "") for _, reason in trail)


def test_the_shipped_rules_only_name_taxonomy_categories() -> None:
    assert {rule.category for rule in DEFAULTS.rules} <= set(CATEGORIES)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([{"id": "a", "category": "napping"}], "category 'napping'"),
        ([{"id": "a", "category": "travel", "kind": ["fax"]}], "kind 'fax'"),
        ([{"id": "a", "category": "travel", "colour": "red"}], "unknown field"),
        ([{"id": "a", "category": "travel"}, {"id": "a", "category": "travel"}], "used twice"),
        ([{"category": "travel"}], "id is missing"),
        ([], "empty"),
    ],
)
def test_a_bad_rule_table_is_refused_with_the_rule_and_field(
    raw: list[dict[str, object]], message: str
) -> None:
    with pytest.raises(RulesInvalid, match=message):
        build_table(raw)


def test_a_rule_file_that_is_not_toml_is_refused() -> None:
    with pytest.raises(RulesInvalid, match="TOML"):
        parse_rules("[[rule]\nid=")


def test_classify_values_agrees_with_classify() -> None:
    facts = Facts("email", "Proposal draft", "outbound", None, "prospect")
    d = DEFAULTS.classify(facts)
    assert DEFAULTS.classify_values("email", "Proposal draft", "outbound", None, "prospect") == (
        d.category,
        d.rule_id,
    )
