"""Playbook rules: item validation, highlight escaping, the FTS5 query translation, journey stages and
next best content."""

from __future__ import annotations

import pytest

from repfocus.domain.journey import (
    ContactSignals,
    ItemFacts,
    journey_stage,
    next_best_content,
    template_scenario,
)
from repfocus.domain.playbook import (
    MARK_END,
    MARK_START,
    ItemDraft,
    PlaybookInvalid,
    diff_items,
    marked_html,
    slug_of,
    validate_item,
)
from repfocus.store.playbook_search import fts5_query


def _draft(**overrides: object) -> ItemDraft:
    values: dict[str, object] = {
        "slug": "rate-talk",
        "kind": "talk_track",
        "title": "Rates",
        "body": "Say this.",
    }
    values.update(overrides)
    return ItemDraft(**values)  # type: ignore[arg-type]


def test_invalid_item_lists_every_problem_by_field() -> None:
    with pytest.raises(PlaybookInvalid) as caught:
        validate_item(_draft(slug="Bad Slug", kind="poem", title="", stages=("ready",), personas=("cfo",)))
    fields = [f for f, _ in caught.value.problems]
    assert fields == ["slug", "kind", "title", "stages", "personas"]


def test_email_template_needs_a_subject_and_a_known_scenario() -> None:
    with pytest.raises(PlaybookInvalid) as caught:
        validate_item(_draft(kind="email_template", scenario="haiku"))
    assert {f for f, _ in caught.value.problems} == {"subject", "scenario"}


def test_validation_cleans_text_and_deduplicates_tags() -> None:
    clean = validate_item(
        _draft(
            title=f"  Rates{MARK_START}\x00 ",
            stages=("deciding", "deciding"),
            industries=(" Retail ", "retail"),
        )
    )
    assert clean.title == "Rates"
    assert clean.stages == ("deciding",)
    assert clean.industries == ("retail",)


def test_highlights_escape_user_text_and_mark_only_matches() -> None:
    text = f'<script>alert("x")</script> {MARK_START}rate{MARK_END} & <b>'
    assert (
        marked_html(text)
        == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>rate</mark> &amp; &lt;b&gt;"
    )


def test_diff_names_changed_fields_with_old_and_new_values() -> None:
    before = _draft()
    after = _draft(title="Rate talk", stages=("deciding",))
    assert diff_items(before, after) == {"title": ["Rates", "Rate talk"], "stages": [[], ["deciding"]]}
    assert set(diff_items(None, after)) == set(after.as_dict()) - {"scenario", "subject"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rate objection", '"rate" AND "objection"'),
        ('"hiring manager" cloud', '"hiring manager" AND "cloud"'),
        ("cloud -azure", '("cloud") NOT "azure"'),
        ("aws or azure", '("aws" OR "azure")'),
        ('title:x NEAR(a b) "unclosed', '"title" AND "x" AND "NEAR" AND "b" AND "unclosed"'),
        ("-only -negatives", None),
        ("the rate of a job", '"rate" AND "job"'),
        ('"the rate" or the', '"the rate"'),
        ("the and of", None),
        ("*** ---", None),
    ],
)
def test_user_search_text_becomes_a_safe_fts5_expression(query: str, expected: str | None) -> None:
    assert fts5_query(query) == expected


@pytest.mark.parametrize(
    ("status", "categories", "stage"),
    [
        ("active_client", {"prospect_meeting": 2}, "customer"),
        ("prospect", {"negotiation": 1}, "deciding"),
        ("prospect", {"prospect_meeting": 1, "prospecting_call": 4}, "evaluating"),
        ("prospect", {"prospecting_email": 2}, "problem_aware"),
        ("former_client", {}, "problem_aware"),
        ("prospect", {}, "unaware"),
        (None, {}, "unaware"),
    ],
)
def test_journey_stage_follows_account_status_and_furthest_step(
    status: str | None, categories: dict[str, int], stage: str
) -> None:
    assert journey_stage(status, categories)[0] == stage


def test_follow_up_scenario_counts_unanswered_emails() -> None:
    signals = ContactSignals(persona="it_hiring_manager", account_status="prospect")
    assert template_scenario(signals, "unaware")[0] == "cold_intro"
    one = ContactSignals(persona="it_hiring_manager", account_status="prospect", emails_to_contact_30d=1)
    assert template_scenario(one, "problem_aware")[0] == "follow_up_2"
    two = ContactSignals(persona="it_hiring_manager", account_status="prospect", emails_to_contact_30d=2)
    assert template_scenario(two, "problem_aware")[0] == "follow_up_3"
    former = ContactSignals(persona="it_executive", account_status="former_client")
    assert template_scenario(former, "problem_aware")[0] == "re_engage_former_client"


def test_next_best_content_prefers_stage_and_persona_fit_and_drops_content_already_used() -> None:
    items = [
        ItemFacts("fits", "Fits", "talk_track", ("unaware",), ("it_hiring_manager",)),
        ItemFacts("used", "Used", "insight", ("unaware",), ("it_hiring_manager",)),
        ItemFacts("generic", "Generic", "insight"),
        ItemFacts("wrong", "Wrong", "insight", ("deciding",), ("procurement",)),
        ItemFacts(
            "cold", "Cold", "email_template", ("unaware",), ("it_hiring_manager",), scenario="cold_intro"
        ),
        ItemFacts(
            "follow", "Follow", "email_template", ("unaware",), ("it_hiring_manager",), scenario="follow_up_2"
        ),
    ]
    signals = ContactSignals(
        persona="it_hiring_manager", account_status="prospect", used_with_contact=frozenset({"used"})
    )
    stage, _reason, picks, template = next_best_content(items, signals, limit=3)
    assert stage == "unaware"
    assert [p.slug for p in picks] == ["fits", "generic", "used"]
    assert "for the unaware stage" in picks[0].reason and "IT hiring managers" in picks[0].reason
    assert "already used" in picks[2].reason
    assert template is not None and template.slug == "cold"
    assert template.reason.startswith("no email to this contact in 30 days")


def test_a_slug_is_made_from_the_title_words_without_accents_or_punctuation() -> None:
    assert slug_of('"Your rates are too high!"') == "your-rates-are-too-high"
    assert slug_of("Café & Résumé: 2 tips") == "cafe-resume-2-tips"
    assert slug_of("   ") == "" and slug_of("日本語") == ""
    long = slug_of("word " * 40)
    assert len(long) <= 80 and not long.endswith("-") and long.startswith("word-word")


def test_slug_subject_and_industries_longer_than_their_columns_are_refused_by_field() -> None:
    draft = ItemDraft(
        slug="a" * 121,
        kind="email_template",
        title="T",
        body="B",
        subject="s" * 301,
        industries=("i" * 81, "healthcare"),
    )
    with pytest.raises(PlaybookInvalid) as caught:
        validate_item(draft)
    assert [f for f, _ in caught.value.problems] == ["slug", "subject", "industries"]
    assert "longer than 120" in str(caught.value) and "longer than 300" in str(caught.value)
    fitting = ItemDraft("a" * 120, "email_template", "T", "B", subject="s" * 300, industries=("i" * 80,))
    assert validate_item(fitting).industries == ("i" * 80,)
