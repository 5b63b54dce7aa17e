"""Coaching rules, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from repfocus.domain.coaching import ActionDraft, CoachingInvalid, check_session, is_overdue

TODAY = date(2026, 11, 30)


def test_an_action_is_overdue_only_when_open_and_due_before_today() -> None:
    assert is_overdue(date(2026, 11, 29), done=False, today=TODAY)
    assert not is_overdue(TODAY, done=False, today=TODAY)
    assert not is_overdue(date(2026, 11, 1), done=True, today=TODAY)


def test_a_session_is_trimmed_and_empty_optional_texts_become_none() -> None:
    draft = check_session(
        focus="motivation",
        held_on=TODAY,
        today=TODAY,
        persona=" ",
        note="\n",
        actions=(ActionDraft("  Call back Globex ", TODAY),),
    )
    assert (draft.persona, draft.note, draft.actions) == (
        None,
        None,
        (ActionDraft("Call back Globex", TODAY),),
    )


def test_an_unknown_focus_lists_the_root_causes() -> None:
    with pytest.raises(CoachingInvalid, match="use one of direction, knowledge_tools, competencies"):
        check_session(focus="Competencies", held_on=TODAY, today=TODAY)
