"""Migration 0004 (diagnosis tables) goes down and up again on a populated database."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import inspect

from repfocus.store.db import Database, alembic_config
from repfocus.store.models import KeyQuestionAnswer
from tests.factories import make_organization, make_user

TABLES = {"diagnosis_snapshots", "follow_up_tasks", "key_question_answers"}


def test_diagnosis_tables_downgrade_and_upgrade_on_a_populated_database(any_db: Database) -> None:
    with any_db.session() as s:
        make_organization(s)
        make_user(s)
        s.add(KeyQuestionAnswer(question="cadence_known", answer="no", answered_on=date(2026, 11, 2)))
        s.commit()
    command.downgrade(alembic_config(any_db), "0001")
    assert not TABLES & set(inspect(any_db.engine).get_table_names())
    any_db.upgrade()
    assert set(inspect(any_db.engine).get_table_names()) >= TABLES
