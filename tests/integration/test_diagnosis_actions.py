"""Key questions and follow-up tasks through their services."""

from __future__ import annotations

from datetime import date

import pytest

from repfocus.services import follow_ups, key_questions
from repfocus.store.db import Database
from tests.factories import make_organization, make_user


def test_repeating_the_latest_answer_stores_nothing_and_a_change_is_dated(sqlite_db: Database) -> None:
    store = key_questions.answer_key_questions
    assert store(sqlite_db, actor=None, answers={"cadence_known": "no"}, answered_on=date(2026, 10, 1)) == 1
    assert (
        store(
            sqlite_db,
            actor=None,
            answers={"cadence_known": "no", "bullseye_written": ""},
            answered_on=date(2026, 10, 8),
        )
        == 0
    )
    assert store(sqlite_db, actor=None, answers={"cadence_known": "yes"}, answered_on=date(2026, 11, 2)) == 1
    item = next(
        i for i in key_questions.checklist(sqlite_db, actor=None) if i.question.code == "cadence_known"
    )
    assert (item.answer, item.answered_on) == ("yes", date(2026, 11, 2))


def test_unknown_question_or_answer_is_rejected_and_nothing_is_stored(sqlite_db: Database) -> None:
    with pytest.raises(key_questions.AnswerRejected, match="unknown key question 'nope'"):
        key_questions.answer_key_questions(
            sqlite_db, actor=None, answers={"nope": "yes"}, answered_on=date(2026, 11, 2)
        )
    with pytest.raises(key_questions.AnswerRejected, match="answer must be one of yes, no, unsure"):
        key_questions.answer_key_questions(
            sqlite_db,
            actor=None,
            answers={"cadence_known": "yes", "bullseye_written": "maybe"},
            answered_on=date(2026, 11, 2),
        )
    assert all(i.answer is None for i in key_questions.checklist(sqlite_db, actor=None))


def test_follow_up_is_due_after_the_remedys_usual_days(sqlite_db: Database) -> None:
    with sqlite_db.session() as s:
        make_organization(s)
        make_user(s, email="pat@acme.example", name="Pat")
        s.commit()
    task = follow_ups.create_follow_up(
        sqlite_db,
        actor=None,
        remedy="review_incentive_plan",
        rep_email="PAT@acme.example",
        today=date(2026, 11, 2),
    )
    assert (task.cause, task.due_on, task.rep_email) == ("motivation", date(2026, 12, 2), "pat@acme.example")
    assert task.title.endswith("(Pat)")
    with pytest.raises(follow_ups.FollowUpRejected, match=r"no user with email ghost@acme\.example"):
        follow_ups.create_follow_up(
            sqlite_db, actor=None, remedy="set_cadence", rep_email="ghost@acme.example"
        )
    with pytest.raises(follow_ups.FollowUpRejected, match="no follow-up task 999"):
        follow_ups.complete_follow_up(sqlite_db, actor=None, task_id=999)
    assert [t.done for t in follow_ups.list_follow_ups(sqlite_db, actor=None, open_only=True)] == [False]
