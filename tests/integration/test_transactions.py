"""SQLite transactions: writers queue behind each other instead of failing; readers never wait."""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, select

from repfocus.store.db import Database
from repfocus.store.models import Team
from tests.factories import make_team


def test_a_reader_does_not_wait_for_a_writer_and_sees_only_committed_rows(sqlite_db: Database) -> None:
    with sqlite_db.session() as writer:
        make_team(writer, name="Uncommitted")  # the writer now holds the write lock
        started = time.monotonic()
        with sqlite_db.read_session() as reader:
            assert reader.scalar(select(func.count()).select_from(Team)) == 0
        assert time.monotonic() - started < 1
        writer.commit()


def test_a_second_writer_waits_for_the_first_instead_of_failing(sqlite_db: Database) -> None:
    errors: list[BaseException] = []

    def second() -> None:
        try:
            with sqlite_db.session() as s:
                count = s.scalar(select(func.count()).select_from(Team))  # read, then write: the risky case
                make_team(s, name=f"Second after {count}")
                s.commit()
        except BaseException as exc:
            errors.append(exc)

    with sqlite_db.session() as first:
        make_team(first, name="First")
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)  # the second writer is now waiting at BEGIN IMMEDIATE
        first.commit()
    thread.join(timeout=20)
    assert not errors, errors
    with sqlite_db.read_session() as s:
        assert sorted(s.scalars(select(Team.name))) == ["First", "Second after 1"]
