"""Playbook files: Markdown with TOML front matter, written and read back unchanged, with errors that
name the line or field."""

from __future__ import annotations

import pytest

from repfocus.domain.playbook import ItemDraft, PersonaProfile, PlaybookInvalid
from repfocus.domain.playbook_files import format_item, format_persona, parse_file


def test_an_item_survives_a_round_trip_through_its_file() -> None:
    draft = ItemDraft(
        slug="email-rate",
        kind="email_template",
        title='Answering "too expensive"',
        body="Hi {{ contact.first_name }},\n\nThanks — here is why.\n\n+++ not a fence inside the body",
        summary="When rates come up.",
        stages=("deciding",),
        personas=("procurement", "it_hiring_manager"),
        industries=("retail",),
        service_lines=("contract",),
        scenario="rate_objection",
        subject="About the rate, {{ contact.first_name }}",
    )
    assert parse_file(format_item(draft)) == draft


def test_a_persona_survives_a_round_trip_through_its_file() -> None:
    profile = PersonaProfile(
        key="procurement",
        name="Procurement / VMS",
        summary="Controls the supplier list.",
        who="Category managers for contingent labor.",
        challenges=("Rate creep",),
        measured_by=("Savings", "Spend under management"),
        reads=("SIA",),
        objections=("Our list is closed",),
        questions=("When does the list open?",),
    )
    assert parse_file(format_persona(profile)) == profile


@pytest.mark.parametrize(
    ("text", "field", "reason"),
    [
        ("no front matter", "line 1", "must start with a '+++' line"),
        ("+++\nslug = 'x'\n", "line 2", "never closed"),
        ("+++\nslug = 'x'\ntitle = \n+++\nbody", "line 3", "bad TOML"),
        (
            "+++\nslug = 'ok'\nkind = 'insight'\ntitle = 'T'\ncolour = 'red'\n+++\nbody",
            "front matter",
            "unknown keys",
        ),
        (
            "+++\nslug = 'ok'\nkind = 'insight'\ntitle = 'T'\nstages = 'later'\n+++\nbody",
            "stages",
            "unknown value",
        ),
        (
            "+++\nslug = 'ok'\nkind = 'insight'\ntitle = 'T'\npersonas = [1]\n+++\nbody",
            "personas",
            "list of strings",
        ),
        ("+++\nslug = 'ok'\nkind = 'insight'\ntitle = 'T'\n+++\n", "body", "is empty"),
        (
            "+++\nkind = 'persona'\nkey = 'procurement'\nname = 'P'\nsummary = 'S'\n+++\n## Hobbies\n- golf",
            "body line 1",
            "unknown section",
        ),
    ],
)
def test_bad_files_are_rejected_naming_line_or_field(text: str, field: str, reason: str) -> None:
    with pytest.raises(PlaybookInvalid) as caught:
        parse_file(text)
    assert any(f == field and reason in r for f, r in caught.value.problems), caught.value.problems
